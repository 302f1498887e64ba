import { NotFoundError, type PluginRequestContext, type PluginTx, type Tongxin, isUuid } from '@tongxin/plugin-sdk';
import { CALL_READ, UNIT_PARTNER_TYPE, UNIT_REPORT } from '../constants';
import { CURRENT_SQL } from '../registrations';
import { DualReportCall } from './call.entity';
import { LIAISON_SQL } from '../shared/people';
import { callerPartner } from '../shared/scope';

/**
 * Who is asking about calls. People who work for a unit (机关企事业单位: in-service members and
 * unit liaisons) are outside the community tree: their `call.read` (liaisons hold it at the
 * district root) opens the routes, not a scope over the tree. They see calls through their
 * registration, their unit's pairings and their own sign-ups; everyone else is staff and sees the
 * calls in their `call.read` scope.
 */
export interface CallCaller {
  userId: string;
  /** The body the caller works for (a unit, a department, …), if any. */
  partnerId: string | null;
  /** The unit (partner body of type unit) the caller works for, if any. */
  unitId: string | null;
  /** The unit the caller acts for as its liaison (works for it and holds unit.report). */
  liaisonOf: string | null;
}

export async function callCaller(tongxin: Tongxin, tx: PluginTx, ctx: PluginRequestContext): Promise<CallCaller> {
  const partnerId = await callerPartner(tx, ctx);
  const partner = partnerId ? await tx.partners.get(partnerId) : null;
  const unitId = partner?.type === UNIT_PARTNER_TYPE ? partner.id : null;
  const liaisonOf = unitId && tongxin.can(ctx, UNIT_REPORT) ? unitId : null;
  return { userId: ctx.userId, partnerId, unitId, liaisonOf };
}

/** Staff reading the call through their scope (not people of a unit: see CallCaller). */
export function staffReads(tongxin: Tongxin, ctx: PluginRequestContext, caller: CallCaller, call: DualReportCall) {
  return !caller.unitId && tongxin.can(ctx, CALL_READ, call);
}

/**
 * The calls (alias `c`) the caller may see: staff their scope; a member the open calls of the
 * community they are approved with and the calls they signed up to; a liaison the open calls of
 * the communities their unit is actively paired with and the calls their unit signed up to.
 */
export function visibleCalls(tongxin: Tongxin, ctx: PluginRequestContext, caller: CallCaller) {
  const parts: string[] = [];
  const params: Record<string, unknown> = { callerId: caller.userId };
  if (!caller.unitId) {
    const scope = tongxin.scopeCondition(ctx, CALL_READ, 'c');
    parts.push(scope.sql);
    Object.assign(params, scope.params);
  }
  parts.push(
    `(c.status = 'open' and c.community_id in (select r.unit_id from dual_report_registrations r
       where r.member_id = :callerId and ${CURRENT_SQL('r')}))`,
    `c.id in (select s.call_id from dual_report_signups s where s.member_id = :callerId and s.status <> 'cancelled')`,
  );
  if (caller.liaisonOf) {
    params.liaisonOf = caller.liaisonOf;
    parts.push(
      `(c.status = 'open' and c.community_id in (select p.unit_id from dual_report_pairings p
         where p.partner_id = :liaisonOf and p.status = 'active'))`,
      `c.id in (select s.call_id from dual_report_signups s
         where s.member_id is null and s.partner_id = :liaisonOf and s.status <> 'cancelled')`,
    );
  }
  return { sql: `(${parts.join(' or ')})`, params };
}

/**
 * The call if the caller may see it (visibleCalls), optionally locked; else null, exactly as for
 * an id that names no call. Whatever a caller may do to a call, they must see it first, so no
 * refusal (not registered here, not paired) ever tells another community's call from a random id.
 */
export async function visibleCall(
  tongxin: Tongxin,
  tx: PluginTx,
  ctx: PluginRequestContext,
  caller: CallCaller,
  id: string,
  options: { lock?: boolean } = {},
): Promise<DualReportCall | null> {
  if (!isUuid(id)) return null;
  const visible = visibleCalls(tongxin, ctx, caller);
  const qb = tx
    .repository(DualReportCall)
    .queryBuilder('c')
    .where('c.id = :id', { id })
    .andWhere(visible.sql, visible.params);
  if (options.lock) qb.setLock('pessimistic_write');
  return (await qb.getMany())[0] ?? null;
}

/** The call, locked: sign-ups, cancellations, closing and attendance take turns on it. */
export async function lockCall(tx: PluginTx, id: string): Promise<DualReportCall | null> {
  if (!isUuid(id)) return null;
  const [row] = await tx
    .repository(DualReportCall)
    .queryBuilder('c')
    .where('c.id = :id', { id })
    .setLock('pessimistic_write')
    .getMany();
  return row ?? null;
}

/**
 * The call for a staff action needing `permission` over its unit, locked: 404 when missing or
 * out of the caller's sight, 403 when they see it but may not do this.
 */
export async function callForStaff(
  tongxin: Tongxin,
  tx: PluginTx,
  ctx: PluginRequestContext,
  id: string,
  permission: string,
): Promise<DualReportCall> {
  const call = await lockCall(tx, id);
  if (call && tongxin.can(ctx, permission, call)) return call;
  if (call && staffReads(tongxin, ctx, await callCaller(tongxin, tx, ctx), call))
    tongxin.assertCan(ctx, permission, call);
  throw new NotFoundError('dual_report_calls');
}

/** At most this many people are told of a new call; the rest find it in their list. */
const NOTIFY_CAP = 500;

/**
 * Tells the community's approved members and the liaisons of the units actively paired with it
 * (active users of the unit who hold unit.report) that a call is out.
 */
export async function notifyCallPosted(tx: PluginTx, call: DualReportCall, unitName: string): Promise<void> {
  const users = await tx.query<{ id: string }>(
    `select id from (
       select u.id, 0 as rank from sdk_users u
        where u.status = 'active'
          and u.partner_body_id in (select p.partner_id from dual_report_pairings p where p.unit_id = $1 and p.status = 'active')
          and ${LIAISON_SQL('u')}
       union all
       select r.member_id, 1 from dual_report_registrations r
         join sdk_users u on u.tenant_id = r.tenant_id and u.id = r.member_id
        where r.unit_id = $1 and ${CURRENT_SQL('r')} and u.status = 'active'
     ) x group by id order by min(rank), id limit $2`,
    [call.communityId, NOTIFY_CAP],
  );
  if (!users.length) return;
  await tx.notifications.notify({
    userIds: users.map((u) => u.id),
    kind: 'call-posted',
    params: { unit: unitName, title: call.title, details: `${call.place} ${call.description}`.trim() },
    data: { callId: call.id, kind: call.kind, startsAt: call.startsAt.toISOString() },
    dedupeKey: `call-posted:${call.id}`,
  });
}
