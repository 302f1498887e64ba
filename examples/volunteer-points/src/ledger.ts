import {
  unitInScope,
  type OrgUnitView,
  type PluginRequestContext,
  type PluginTx,
  type Tongxin,
} from '@tongxin/plugin-sdk';
import { COMMUNITY_LEVEL } from './constants';
import type { VolunteerPointsEntry } from './points-entry.entity';
import { pointsErrors } from './errors';

/** As `unitInScope`, and the unit must be a community or below: where volunteers actually serve. */
export async function serviceUnit(
  tongxin: Tongxin,
  tx: PluginTx,
  ctx: PluginRequestContext,
  unitId: string,
  permission: string,
): Promise<OrgUnitView> {
  const unit = await unitInScope(tongxin, tx, ctx, unitId, permission);
  if (unit.level < COMMUNITY_LEVEL) throw pointsErrors.UNIT_NOT_COMMUNITY_LEVEL({ unit: unit.name });
  return unit;
}

/**
 * The volunteer must be a user of this tenant. Volunteers serve wherever they are needed, so
 * anyone of the district counts, not only users the recorder may read; nothing of them is shown.
 */
export async function requireVolunteer(tx: PluginTx, volunteerId: string): Promise<void> {
  if (!(await tx.users.get(volunteerId))) throw pointsErrors.VOLUNTEER_NOT_FOUND();
}

/**
 * Serialises every balance-changing write of one volunteer until the transaction ends, so two
 * redemptions at once cannot both spend the same points.
 */
export async function lockVolunteer(tx: PluginTx, volunteerId: string): Promise<void> {
  await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`volunteer-points:${tx.tenantId}:${volunteerId}`]);
}

export interface Totals {
  balance: number;
  earned: number;
  redeemed: number;
  adjusted: number;
  hoursServed: number;
}

/** The volunteer's whole ledger, summed in SQL: points are redeemable anywhere in the district. */
export async function totalsOf(tx: PluginTx, volunteerId: string): Promise<Totals> {
  const [row] = await tx.query<Totals>(
    `select coalesce(sum(points), 0)::int as balance,
            coalesce(sum(points) filter (where kind = 'service'), 0)::int as earned,
            coalesce(-sum(points) filter (where kind = 'redemption'), 0)::int as redeemed,
            coalesce(sum(points) filter (where kind = 'adjustment'), 0)::int as adjusted,
            coalesce(sum(hours) filter (where kind = 'service'), 0)::float8 as "hoursServed"
       from volunteer_points_entries where volunteer_id = $1`,
    [volunteerId],
  );
  return row!;
}

export function entryView(e: VolunteerPointsEntry) {
  return {
    id: e.id,
    volunteerId: e.volunteerId,
    unitId: e.unitId,
    kind: e.kind,
    hours: Number(e.hours),
    points: e.points,
    activityDate: e.activityDate,
    description: e.description,
    rewardId: e.rewardId ?? null,
    quantity: e.quantity ?? null,
    recordedBy: e.recordedBy,
    createdAt: e.createdAt.toISOString(),
  };
}
