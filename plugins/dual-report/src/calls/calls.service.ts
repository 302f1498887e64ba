import {
  decodeCursor,
  Injectable,
  NotFoundError,
  pageSize,
  toPage,
  Tongxin,
  type PluginRequestContext,
  subtreeCondition,
  unitInScope,
} from '@tongxin/plugin-sdk';
import { CALL_POST, CALL_READ, COMMUNITY_LEVEL, GRID_LEVEL } from '../constants';
import { callCaller, callForStaff, notifyCallPosted, staffReads, visibleCall, visibleCalls } from './call-access';
import { callDetail, callViews, callWithSignups } from './call-views';
import { DualReportCall } from './call.entity';
import type { CallNoteDto, CancelCallDto, ListCallsQueryDto, PostCallDto } from './calls.dto';
import { DualReportSignup } from './signup.entity';
import { callsErrors } from './errors';

/**
 * 社区吹号、支部吹哨: a community or its grid branch posts a need or an activity with a time, a
 * place and places available; the community's reported members and its paired units hear of it.
 */
@Injectable()
export class CallsService {
  constructor(private readonly tongxin: Tongxin) {}

  post(ctx: PluginRequestContext, dto: PostCallDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const unit = await tx.hierarchy.unit(dto.unitId);
      if (!unit || !(this.tongxin.can(ctx, CALL_READ, unit) || this.tongxin.can(ctx, CALL_POST, unit)))
        throw new NotFoundError('org_unit');
      this.tongxin.assertCan(ctx, CALL_POST, unit);
      if (unit.level !== COMMUNITY_LEVEL && unit.level !== GRID_LEVEL)
        throw callsErrors.CALL_UNIT_LEVEL({ unit: unit.name });
      const startsAt = new Date(dto.startsAt);
      const endsAt = new Date(dto.endsAt);
      if (startsAt <= tx.now) throw callsErrors.CALL_STARTS_IN_PAST();
      if (endsAt <= startsAt) throw callsErrors.CALL_ENDS_BEFORE_START();
      const call = await tx.repository(DualReportCall).insert(
        {
          unitId: unit.id,
          kind: dto.kind,
          title: dto.title,
          description: dto.description ?? '',
          place: dto.place ?? '',
          startsAt,
          endsAt,
          capacity: dto.capacity,
          skillsWanted: dto.skillsWanted ?? [],
          status: 'open',
          postedBy: ctx.userId,
          sourceCaseId: null,
          closedAt: null,
        },
        { unitId: unit.id },
      );
      await tx.audit('call.post', 'dual_report_call', call.id, null, {
        unitId: unit.id,
        kind: call.kind,
        startsAt: startsAt.toISOString(),
        capacity: call.capacity,
      });
      await notifyCallPosted(tx, call, unit.name);
      return callDetail(tx, call, []);
    });
  }

  /** The calls the caller may see (see CallCaller), newest first. */
  list(ctx: PluginRequestContext, query: ListCallsQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const caller = await callCaller(this.tongxin, tx, ctx);
      const visible = visibleCalls(this.tongxin, ctx, caller);
      const qb = tx.repository(DualReportCall).queryBuilder('c').where(visible.sql, visible.params);
      if (query.unitId) {
        // Staff may only name units in their scope; people of a unit only narrow what they already see.
        const unit = caller.unitId
          ? await tx.hierarchy.requireUnit(query.unitId)
          : await unitInScope(this.tongxin, tx, ctx, query.unitId, CALL_READ);
        const sub = subtreeCondition('c', unit);
        qb.andWhere(sub.sql, sub.params);
      }
      if (query.status) qb.andWhere('c.status = :status', { status: query.status });
      if (query.kind) qb.andWhere('c.kind = :kind', { kind: query.kind });
      if (query.from) qb.andWhere('c.starts_at >= :from', { from: new Date(query.from) });
      if (query.to) qb.andWhere('c.starts_at < :to', { to: new Date(query.to) });
      const after = decodeCursor(query.cursor);
      if (after) qb.andWhere('c.id < :after', { after });
      const limit = pageSize(query);
      const rows = await qb
        .orderBy('c.id', 'DESC')
        .limit(limit + 1)
        .getMany();
      const page = toPage(rows, limit, (c) => c);
      return { items: await callViews(tx, page.items), nextCursor: page.nextCursor };
    });
  }

  /** One call with its places left; staff see every sign-up, a member or liaison their own. */
  get(ctx: PluginRequestContext, id: string) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const caller = await callCaller(this.tongxin, tx, ctx);
      const call = await visibleCall(this.tongxin, tx, ctx, caller, id);
      if (!call) throw new NotFoundError('dual_report_calls');
      const qb = tx
        .repository(DualReportSignup)
        .queryBuilder('s')
        .where('s.call_id = :callId', { callId: call.id })
        .orderBy('s.id', 'ASC');
      if (!staffReads(this.tongxin, ctx, caller, call))
        qb.andWhere('(s.member_id = :me or (s.member_id is null and s.partner_id = :unit))', {
          me: caller.userId,
          unit: caller.liaisonOf,
        });
      return callDetail(tx, call, await qb.getMany());
    });
  }

  /** No more sign-ups; attendance can still be confirmed. */
  close(ctx: PluginRequestContext, id: string, dto: CallNoteDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const call = await callForStaff(this.tongxin, tx, ctx, id, CALL_POST);
      if (call.status !== 'open') throw callsErrors.CALL_CLOSED({ title: call.title });
      const changes = { status: 'closed' as const, closedAt: tx.now };
      await tx.repository(DualReportCall).update(call.id, changes);
      await tx.audit(
        'call.close',
        'dual_report_call',
        call.id,
        { status: 'open' },
        { ...changes, note: dto.note ?? '' },
      );
      return callWithSignups(tx, Object.assign(call, changes));
    });
  }

  /**
   * Calls it off: live sign-ups are cancelled and their people told. Not once attendance has been
   * confirmed: service that happened stays on record.
   */
  cancel(ctx: PluginRequestContext, id: string, dto: CancelCallDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const call = await callForStaff(this.tongxin, tx, ctx, id, CALL_POST);
      if (call.status === 'cancelled') throw callsErrors.CALL_CLOSED({ title: call.title });
      const signups = await tx
        .repository(DualReportSignup)
        .queryBuilder('s')
        .where(`s.call_id = :callId and s.status <> 'cancelled'`, { callId: call.id })
        .getMany();
      if (signups.some((s) => s.status !== 'signed')) throw callsErrors.CALL_HAS_ATTENDANCE({ title: call.title });
      const changes = { status: 'cancelled' as const, closedAt: tx.now };
      await tx.repository(DualReportCall).update(call.id, changes);
      for (const s of signups) await tx.repository(DualReportSignup).update(s.id, { status: 'cancelled' });
      await tx.audit(
        'call.cancel',
        'dual_report_call',
        call.id,
        { status: call.status },
        { ...changes, reason: dto.reason, cancelledSignups: signups.length },
      );
      const people = [...new Set(signups.map((s) => s.memberId ?? s.signedBy))];
      if (people.length)
        await tx.notifications.notify({
          userIds: people,
          kind: 'call-cancelled',
          params: { title: call.title, reason: dto.reason },
          data: { callId: call.id },
          dedupeKey: `call-cancelled:${call.id}`,
        });
      return callWithSignups(tx, Object.assign(call, changes));
    });
  }
}
