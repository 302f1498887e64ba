import {
  Injectable,
  NotFoundError,
  PluginError,
  Tongxin,
  type OrgUnitView,
  type PluginRequestContext,
  type PluginTx,
  isUuid,
  subtreeCondition,
  unitInScope,
  cursorPage,
  isUniqueViolation,
  pageOf,
  type PageQueryDto,
} from '@tongxin/plugin-sdk';
import { COMMUNITY_LEVEL, REGISTRATION_READ, REGISTRATION_REVIEW, WEEKDAYS } from '../constants';
import type { DualReportSettings } from '../settings';
import { callerPartner } from '../shared/scope';
import { DualReportRegistration } from './registration.entity';
import { registrationView, registrationViews } from './registration-views';
import { REGISTRATION_STATUS_NAMES, REGISTRATION_WORKFLOW } from './registration-workflow';
import {
  type ApplyRegistrationDto,
  type ListRegistrationsQueryDto,
  type RefuseRegistrationDto,
  type RegistrationNoteDto,
  type RegistrationProfileDto,
  type TransferRegistrationDto,
} from './registrations.dto';

const ENTITY = 'dual_report_registrations';

/**
 * 在职党员到居住地社区报到: a member applies to the community where they live (any community of
 * the district), the community approves or refuses; one pending-or-approved registration per
 * member. Moving house transfers it: the old one is `transferred` while the new community
 * decides, and goes back to `approved` if it refuses, so the history is kept either way.
 */
@Injectable()
export class RegistrationsService {
  constructor(private readonly tongxin: Tongxin) {}

  apply(ctx: PluginRequestContext, dto: ApplyRegistrationDto) {
    return this.once(
      ctx,
      this.tongxin.transaction(ctx, async (tx) => {
        const community = await communityOf(tx, dto.communityId);
        await assertNoCurrent(tx, ctx.userId);
        const { serviceDays } = await tx.settings<DualReportSettings>();
        const r = await tx.repository(DualReportRegistration).insert(
          {
            memberId: ctx.userId,
            unitId: community.id,
            partnerId: await callerPartner(tx, ctx),
            status: 'pending',
            skills: dto.skills ?? [],
            availableDays: weekdays(dto.availableDays ?? serviceDays),
            note: dto.note ?? '',
            appliedAt: tx.now,
            decidedAt: null,
            decidedBy: null,
            reason: '',
            transferredFrom: null,
          },
          { unitId: community.id },
        );
        await tx.audit('registration.apply', 'dual_report_registration', r.id, null, {
          communityId: community.id,
          partnerId: r.partnerId,
        });
        return registrationView(tx, r);
      }),
    );
  }

  /** The caller's registrations: the current one and the history, newest first. */
  mine(ctx: PluginRequestContext, query: PageQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const rows = await tx
        .repository(DualReportRegistration)
        .queryBuilder('r')
        .where('r.member_id = :memberId', { memberId: ctx.userId })
        .orderBy('r.id', 'DESC')
        .getMany();
      const page = pageOf(rows, query);
      return { items: await registrationViews(tx, page.items), nextCursor: page.nextCursor };
    });
  }

  /** Registrations where the caller reads them (a community its own members), newest first. */
  list(ctx: PluginRequestContext, query: ListRegistrationsQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const scope = this.tongxin.scopeCondition(ctx, REGISTRATION_READ, 'r');
      const qb = tx.repository(DualReportRegistration).queryBuilder('r').where(scope.sql, scope.params);
      if (query.communityId) {
        const sub = subtreeCondition(
          'r',
          await unitInScope(this.tongxin, tx, ctx, query.communityId, REGISTRATION_READ),
        );
        qb.andWhere(sub.sql, sub.params);
      }
      if (query.status) qb.andWhere('r.status = :status', { status: query.status });
      if (query.partnerId) qb.andWhere('r.partner_id = :partnerId', { partnerId: query.partnerId });
      const page = await cursorPage(qb, 'r', query);
      return { items: await registrationViews(tx, page.items), nextCursor: page.nextCursor };
    });
  }

  /** One registration: the member's own, or one the caller reads. */
  get(ctx: PluginRequestContext, id: string) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const r = isUuid(id) ? await tx.repository(DualReportRegistration).findById(id) : null;
      if (!r || !(r.memberId === ctx.userId || this.tongxin.can(ctx, REGISTRATION_READ, r)))
        throw new NotFoundError(ENTITY);
      return registrationView(tx, r);
    });
  }

  /** The member edits their profile while the registration is pending or approved. */
  update(ctx: PluginRequestContext, id: string, dto: RegistrationProfileDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const r = await own(tx, ctx, id);
      REGISTRATION_WORKFLOW.assertAllowed('edit', r);
      const changes: Partial<DualReportRegistration> = {};
      if (dto.skills) changes.skills = dto.skills;
      if (dto.availableDays) changes.availableDays = weekdays(dto.availableDays);
      if (dto.note !== undefined) changes.note = dto.note;
      const before = { skills: r.skills, availableDays: r.availableDays, note: r.note };
      await tx.repository(DualReportRegistration).update(r.id, changes);
      await tx.audit('registration.update', 'dual_report_registration', r.id, before, changes);
      return registrationView(tx, Object.assign(r, changes));
    });
  }

  /** The member withdraws a pending application; a withdrawn move leaves them where they were. */
  withdraw(ctx: PluginRequestContext, id: string, dto: RegistrationNoteDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const r = await own(tx, ctx, id);
      const step = REGISTRATION_WORKFLOW.step('withdraw', r);
      const decision = { decidedAt: tx.now, decidedBy: ctx.userId, reason: dto.note ?? '' };
      await tx.repository(DualReportRegistration).update(r.id, { status: step.to, ...decision });
      await restoreMovedFrom(tx, r);
      await REGISTRATION_WORKFLOW.recordStep(tx, step, r.id, decision);
      return registrationView(tx, Object.assign(r, { status: step.to, ...decision }));
    });
  }

  /** Moving house: a new pending registration at the new community, replacing the approved one once approved. */
  transfer(ctx: PluginRequestContext, dto: TransferRegistrationDto) {
    return this.once(
      ctx,
      this.tongxin.transaction(ctx, async (tx) => {
        const community = await communityOf(tx, dto.communityId);
        const current = await currentOf(tx, ctx.userId, true);
        if (current?.status === 'pending') await alreadyRegistered(tx, current);
        if (!current) throw new PluginError('DUAL_REPORT_NOT_REGISTERED', 409);
        if (current.unitId === community.id)
          throw new PluginError('DUAL_REPORT_TRANSFER_SAME_COMMUNITY', 409, { community: community.name });
        // The index allows one pending-or-approved row: the old one waits as `transferred`.
        const move = REGISTRATION_WORKFLOW.step('move', current);
        await tx.repository(DualReportRegistration).update(current.id, { status: move.to });
        const r = await tx.repository(DualReportRegistration).insert(
          {
            memberId: ctx.userId,
            unitId: community.id,
            partnerId: await callerPartner(tx, ctx),
            status: 'pending',
            skills: current.skills,
            availableDays: current.availableDays,
            note: dto.note ?? current.note,
            appliedAt: tx.now,
            decidedAt: null,
            decidedBy: null,
            reason: '',
            transferredFrom: current.id,
          },
          { unitId: community.id },
        );
        await tx.audit('registration.transfer', 'dual_report_registration', r.id, null, {
          from: current.id,
          fromCommunityId: current.unitId,
          communityId: community.id,
        });
        return registrationView(tx, r);
      }),
    );
  }

  /** The community approves; for a move, the old registration becomes `transferred` in the same transaction. */
  approve(ctx: PluginRequestContext, id: string, dto: RegistrationNoteDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const r = await this.reviewable(tx, ctx, id);
      const step = REGISTRATION_WORKFLOW.step('approve', r);
      const decision = { decidedAt: tx.now, decidedBy: ctx.userId };
      await tx.repository(DualReportRegistration).update(r.id, { status: step.to, ...decision });
      const community = (await tx.hierarchy.unit(r.unitId))!;
      if (r.transferredFrom)
        await tx.repository(DualReportRegistration).update(r.transferredFrom, {
          status: 'transferred',
          decidedAt: tx.now,
          decidedBy: ctx.userId,
          reason: `moved to ${community.name}`,
        });
      await REGISTRATION_WORKFLOW.recordStep(tx, step, r.id, {
        ...decision,
        note: dto.note ?? '',
        transferredFrom: r.transferredFrom,
      });
      await tx.notifications.notify({
        userIds: [r.memberId],
        kind: 'registration-approved',
        title: `${community.name}已同意你的报到`,
        body: dto.note ?? '',
        data: { registrationId: r.id, communityId: r.unitId },
        dedupeKey: `registration-decided:${r.id}`,
      });
      return registrationView(tx, Object.assign(r, { status: step.to, ...decision }));
    });
  }

  /** The community refuses with a reason; a refused move leaves the member registered where they were. */
  refuse(ctx: PluginRequestContext, id: string, dto: RefuseRegistrationDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const r = await this.reviewable(tx, ctx, id);
      const step = REGISTRATION_WORKFLOW.step('refuse', r);
      const decision = { decidedAt: tx.now, decidedBy: ctx.userId, reason: dto.reason };
      await tx.repository(DualReportRegistration).update(r.id, { status: step.to, ...decision });
      await restoreMovedFrom(tx, r);
      await REGISTRATION_WORKFLOW.recordStep(tx, step, r.id, decision);
      const community = (await tx.hierarchy.unit(r.unitId))!;
      await tx.notifications.notify({
        userIds: [r.memberId],
        kind: 'registration-refused',
        title: `${community.name}未同意你的报到`,
        body: dto.reason,
        data: { registrationId: r.id, communityId: r.unitId },
        dedupeKey: `registration-decided:${r.id}`,
      });
      return registrationView(tx, Object.assign(r, { status: step.to, ...decision }));
    });
  }

  /**
   * A registration the caller reviews: 404 out of sight, 403 when only readable. The workflow's
   * 409 for the status comes after (`step`): here the permission is checked first, unlike the grid's cases.
   */
  private async reviewable(tx: PluginTx, ctx: PluginRequestContext, id: string) {
    const r = isUuid(id) ? await lock(tx, id) : null;
    if (!r || !(this.tongxin.can(ctx, REGISTRATION_READ, r) || this.tongxin.can(ctx, REGISTRATION_REVIEW, r)))
      throw new NotFoundError(ENTITY);
    this.tongxin.assertCan(ctx, REGISTRATION_REVIEW, r);
    return r;
  }

  /** A race past the checks loses on the partial unique index: the same 409 as a second try. */
  private async once<T>(ctx: PluginRequestContext, work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      if (!isUniqueViolation(error, 'uq_dual_report_registrations_current')) throw error;
      return this.tongxin.transaction(ctx, async (tx) => {
        const current = await currentOf(tx, ctx.userId, false, true);
        if (current) await alreadyRegistered(tx, current);
        throw error;
      });
    }
  }
}

async function communityOf(tx: PluginTx, id: string): Promise<OrgUnitView> {
  const unit = await tx.hierarchy.requireUnit(id);
  if (unit.level !== COMMUNITY_LEVEL) throw new PluginError('DUAL_REPORT_NOT_A_COMMUNITY', 400, { unit: unit.name });
  return unit;
}

/** The member's pending or approved registration (locked for a change), if any. */
async function currentOf(tx: PluginTx, memberId: string, forUpdate = false, withPending = true) {
  const qb = tx
    .repository(DualReportRegistration)
    .queryBuilder('r')
    .where('r.member_id = :memberId', { memberId })
    .andWhere(withPending ? `r.status in ('pending', 'approved')` : `r.status = 'approved'`);
  if (forUpdate) qb.setLock('pessimistic_write');
  return (await qb.getMany())[0] ?? null;
}

async function assertNoCurrent(tx: PluginTx, memberId: string) {
  const current = await currentOf(tx, memberId);
  if (current) await alreadyRegistered(tx, current);
}

async function alreadyRegistered(tx: PluginTx, current: DualReportRegistration): Promise<never> {
  const community = await tx.hierarchy.unit(current.unitId);
  throw new PluginError('DUAL_REPORT_ALREADY_REGISTERED', 409, {
    community: community?.name ?? '',
    status: REGISTRATION_STATUS_NAMES[current.status],
  });
}

async function lock(tx: PluginTx, id: string) {
  const [row] = await tx
    .repository(DualReportRegistration)
    .queryBuilder('r')
    .where('r.id = :id', { id })
    .setLock('pessimistic_write')
    .getMany();
  return row ?? null;
}

/** The caller's own registration, locked; anyone else's is a 404. */
async function own(tx: PluginTx, ctx: PluginRequestContext, id: string) {
  const r = isUuid(id) ? await lock(tx, id) : null;
  if (!r || r.memberId !== ctx.userId) throw new NotFoundError(ENTITY);
  return r;
}

/** A move that did not happen: the old registration is approved again, as it was. */
async function restoreMovedFrom(tx: PluginTx, r: DualReportRegistration) {
  if (!r.transferredFrom) return;
  const old = await lock(tx, r.transferredFrom);
  if (old && REGISTRATION_WORKFLOW.allows('restore', old.status))
    await tx
      .repository(DualReportRegistration)
      .update(old.id, { status: REGISTRATION_WORKFLOW.targetOf('restore', old.status) });
}

/** Weekdays in calendar order, so equal choices read the same. */
function weekdays(days: readonly string[]): string[] {
  return WEEKDAYS.filter((d) => days.includes(d));
}
