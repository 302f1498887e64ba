import type { PluginTx } from '@tongxin/plugin-sdk';
import type { DualReportRegistration } from './registration.entity';
import type { RegistrationView } from './registrations.dto';
import { namesOf } from './names';

/** Views with the member's, the community's and the unit's names. */
export async function registrationViews(tx: PluginTx, rows: DualReportRegistration[]): Promise<RegistrationView[]> {
  const moving = await pendingMoves(
    tx,
    rows.filter((r) => r.status === 'transferred').map((r) => r.id),
  );
  const names = await namesOf(tx, {
    units: rows.map((r) => r.unitId),
    partners: rows.map((r) => r.partnerId),
    users: rows.map((r) => r.memberId),
  });
  return rows.map((r) => ({
    id: r.id,
    memberId: r.memberId,
    memberName: names.get(r.memberId) ?? '',
    communityId: r.unitId,
    communityName: names.get(r.unitId) ?? '',
    partnerId: r.partnerId,
    partnerName: r.partnerId ? (names.get(r.partnerId) ?? '') : null,
    status: r.status,
    transferPending: moving.has(r.id),
    skills: r.skills,
    availableDays: r.availableDays,
    note: r.note,
    appliedAt: r.appliedAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decidedBy: r.decidedBy,
    reason: r.reason,
    transferredFrom: r.transferredFrom,
  }));
}

export async function registrationView(tx: PluginTx, row: DualReportRegistration): Promise<RegistrationView> {
  return (await registrationViews(tx, [row]))[0]!;
}

/**
 * The old registration of a move still under review: `transferred`, with a pending successor. The
 * schema allows one pending-or-approved row per member, so the old one leaves `approved` when the
 * move is asked for, and goes back to it if the move is refused or withdrawn.
 */
async function pendingMoves(tx: PluginTx, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await tx.query<{ id: string }>(
    `select transferred_from as id from dual_report_registrations
      where transferred_from = any($1::uuid[]) and status = 'pending'`,
    [ids],
  );
  return new Set(rows.map((r) => r.id));
}

/** SQL: the registration makes its member reported there (approved, or approved and asking to move). */
export const CURRENT_SQL = (a: string) =>
  `(${a}.status = 'approved' or (${a}.status = 'transferred' and exists (select 1 from dual_report_registrations n
     where n.tenant_id = ${a}.tenant_id and n.transferred_from = ${a}.id and n.status = 'pending')))`;

/**
 * SQL: registration `a` held at the instant `at` (an SQL expression): approved before it and still
 * approved; or approved and moving, the move still pending; or moved away only after it (the move's
 * approval rewrote its decision time, so its application stands for its start). The same rule as
 * the `members-reported` indicator.
 */
export const HELD_AT_SQL = (a: string, at: string) =>
  `((${a}.status = 'approved' and ${a}.decided_at < ${at})
    or (${a}.status = 'transferred' and exists (select 1 from dual_report_registrations n
          where n.tenant_id = ${a}.tenant_id and n.transferred_from = ${a}.id
            and ((n.status = 'pending' and ${a}.decided_at < ${at})
              or (n.status = 'approved' and ${a}.applied_at < ${at} and ${a}.decided_at >= ${at})))))`;
