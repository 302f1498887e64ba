import {
  Injectable,
  NotFoundError,
  Tongxin,
  type PluginRequestContext,
  type PluginTx,
  type TenantRepository,
  isUuid,
  subtreeCondition,
  unitInScope,
  cursorPage,
  callerAccount,
  localTime,
} from '@tongxin/plugin-sdk';
import { callerOf, visibleCase } from '../cases';
import { CALL_RAISE, CALL_READ, COMMUNITY_LEVEL, STREET_LEVEL } from '../constants';
import { departmentServing } from '../shared/departments';
import type { GridSettings } from '../settings';
import { GridCallResponse } from './call-response.entity';
import { lockCall, markLate, REPORT_IN_TIMER } from './call-timers';
import { callView, callViews } from './call-views';
import { GridCall } from './call.entity';
import type { AssignedCallsQueryDto, CallNoteDto, ListCallsQueryDto, RaiseCallDto } from './calls.dto';
import { callsErrors } from './errors';

/**
 * 三级呼叫 (吹哨报到): a street or community calls departments on one of the five fronts; each
 * must report in by the call's limit, and lateness is recorded whether it reports late or never.
 */
@Injectable()
export class CallsService {
  constructor(private readonly tongxin: Tongxin) {}

  raise(ctx: PluginRequestContext, dto: RaiseCallDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const unit = await tx.hierarchy.unit(dto.unitId);
      if (!unit || !(this.tongxin.can(ctx, CALL_READ, unit) || this.tongxin.can(ctx, CALL_RAISE, unit)))
        throw new NotFoundError('org_unit');
      this.tongxin.assertCan(ctx, CALL_RAISE, unit);
      // 吹哨 is the street's and the community's: grids escalate, the district dispatches.
      if (unit.level !== STREET_LEVEL && unit.level !== COMMUNITY_LEVEL)
        throw callsErrors.CALL_UNIT_LEVEL({ unit: unit.name });
      for (const id of dto.departmentIds)
        if (!(await departmentServing(tx, id, unit))) throw callsErrors.CALL_NOT_A_DEPARTMENT({ id, unit: unit.name });
      if (dto.caseId) await visibleCase(this.tongxin, tx, await callerOf(this.tongxin, tx, ctx), dto.caseId);

      const { callReportInMinutes } = await tx.settings<GridSettings>();
      const reportInBy = new Date(tx.now.getTime() + (dto.reportInMinutes ?? callReportInMinutes) * 60_000);
      const call = await tx.repository(GridCall).insert(
        {
          unitId: unit.id,
          front: dto.front,
          title: dto.title,
          description: dto.description ?? '',
          address: dto.address ?? '',
          caseId: dto.caseId ?? null,
          raisedBy: ctx.userId,
          raisedAt: tx.now,
          reportInBy,
          status: 'open',
          closedAt: null,
        },
        { unitId: unit.id },
      );
      for (const partnerId of dto.departmentIds)
        await tx
          .repository(GridCallResponse)
          .insert(
            { callId: call.id, partnerId, reportedAt: null, reportedBy: null, late: null, note: '' },
            { unitId: unit.id },
          );
      await tx.timers.schedule(REPORT_IN_TIMER, call.id, reportInBy);
      await notifyDepartments(tx, call, dto.departmentIds, unit.name);
      await tx.audit('call.raise', 'grid_call', call.id, null, {
        unitId: unit.id,
        front: call.front,
        departmentIds: dto.departmentIds,
        reportInBy: reportInBy.toISOString(),
      });
      return callView(tx, call);
    });
  }

  /** Calls raised where the caller can read them, newest first. */
  list(ctx: PluginRequestContext, query: ListCallsQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const scope = this.tongxin.scopeCondition(ctx, CALL_READ, 'c');
      const qb = tx.repository(GridCall).queryBuilder('c').where(scope.sql, scope.params);
      if (query.unitId) {
        const sub = subtreeCondition('c', await unitInScope(this.tongxin, tx, ctx, query.unitId, CALL_READ));
        qb.andWhere(sub.sql, sub.params);
      }
      return this.page(tx, qb, query);
    });
  }

  /** Calls addressed to the caller's department (departments sit outside the tree: no scope applies). */
  assigned(ctx: PluginRequestContext, query: AssignedCallsQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const partnerId = (await callerAccount(tx, ctx))?.partnerBodyId ?? null;
      const qb = tx
        .repository(GridCall)
        .queryBuilder('c')
        .where('c.id in (select r.call_id from grid_call_responses r where r.partner_id = :partnerId)', {
          partnerId,
        });
      return this.page(tx, qb, query);
    });
  }

  get(ctx: PluginRequestContext, id: string) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const call = isUuid(id) ? await tx.repository(GridCall).findById(id) : null;
      if (!call || !this.tongxin.can(ctx, CALL_READ, call)) throw new NotFoundError('grid_calls');
      return callView(tx, call);
    });
  }

  getAssigned(ctx: PluginRequestContext, id: string) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const { call } = await this.calledDepartment(tx, ctx, id, false);
      return callView(tx, call);
    });
  }

  /** 报到: the department's staff report in; late when after the call's limit. */
  reportIn(ctx: PluginRequestContext, id: string, dto: CallNoteDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const { call, response } = await this.calledDepartment(tx, ctx, id, true);
      if (call.status === 'closed') throw callsErrors.CALL_CLOSED({ title: call.title });
      if (response.reportedAt) throw callsErrors.CALL_ALREADY_REPORTED({ at: response.reportedAt.toISOString() });
      const late = tx.now > call.reportInBy;
      const changes = { reportedAt: tx.now, reportedBy: ctx.userId, late, note: dto.note ?? '' };
      await tx.repository(GridCallResponse).update(response.id, changes);
      await tx.audit('call.report-in', 'grid_call', call.id, null, { partnerId: response.partnerId, late });
      const department = (await tx.partners.get(response.partnerId))!;
      await tx.notifications.notify({
        userIds: [call.raisedBy],
        kind: 'call-reported',
        params: { department: department.name, title: call.title, note: dto.note ?? '' },
        data: { callId: call.id, partnerId: response.partnerId, late },
        dedupeKey: `call-reported:${response.id}`,
      });
      return callView(tx, call);
    });
  }

  /** Closes the call; departments still missing past the limit are late, before it nobody is. */
  close(ctx: PluginRequestContext, id: string, dto: CallNoteDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const call = isUuid(id) ? await lockCall(tx, id) : null;
      if (!call || !(this.tongxin.can(ctx, CALL_READ, call) || this.tongxin.can(ctx, CALL_RAISE, call)))
        throw new NotFoundError('grid_calls');
      this.tongxin.assertCan(ctx, CALL_RAISE, call);
      if (call.status === 'closed') throw callsErrors.CALL_CLOSED({ title: call.title });
      if (tx.now > call.reportInBy) await markLate(tx, call);
      await tx.timers.cancel(REPORT_IN_TIMER, call.id);
      Object.assign(call, { status: 'closed', closedAt: tx.now });
      await tx.repository(GridCall).update(call.id, { status: 'closed', closedAt: tx.now });
      await tx.audit(
        'call.close',
        'grid_call',
        call.id,
        { status: 'open' },
        { status: 'closed', note: dto.note ?? '' },
      );
      return callView(tx, call);
    });
  }

  /** The call and the caller's department's response to it; 404 when the department was not called. */
  private async calledDepartment(tx: PluginTx, ctx: PluginRequestContext, id: string, lock: boolean) {
    const partnerId = (await callerAccount(tx, ctx))?.partnerBodyId ?? null;
    const call =
      isUuid(id) && partnerId ? await (lock ? lockCall(tx, id) : tx.repository(GridCall).findById(id)) : null;
    const response = call
      ? await tx
          .repository(GridCallResponse)
          .queryBuilder('r')
          .where('r.call_id = :callId and r.partner_id = :partnerId', { callId: call.id, partnerId })
          .getOne()
      : null;
    if (!call || !response) throw new NotFoundError('grid_calls');
    return { call, response };
  }

  private async page(
    tx: PluginTx,
    qb: ReturnType<TenantRepository<GridCall>['queryBuilder']>,
    query: AssignedCallsQueryDto,
  ) {
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.front) qb.andWhere('c.front = :front', { front: query.front });
    const page = await cursorPage(qb, 'c', query);
    return { items: await callViews(tx, page.items), nextCursor: page.nextCursor };
  }
}

/** Tells the called departments' active staff (吹哨). */
async function notifyDepartments(tx: PluginTx, call: GridCall, departmentIds: string[], unitName: string) {
  const userIds = await tx.users.recipients({ partnerBodyId: departmentIds, status: 'active', limit: 1000 });
  if (userIds.length)
    await tx.notifications.notify({
      userIds,
      kind: 'call-raised',
      params: {
        unit: unitName,
        title: call.title,
        reportInBy: localTime(call.reportInBy, { round: 'down', timeZone: await tx.clock.timeZone() }),
        details: `${call.address} ${call.description}`.trim(),
      },
      data: { callId: call.id, front: call.front, reportInBy: call.reportInBy.toISOString() },
      dedupeKey: `call-raised:${call.id}`,
    });
}
