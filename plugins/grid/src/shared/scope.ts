import {
  NotFoundError,
  scopeColumnOfLevel,
  type OrgUnitView,
  type PluginRequestContext,
  type PluginTx,
  type Tongxin,
} from '@tongxin/plugin-sdk';

/**
 * The unit, if the caller holds `permission` over it; otherwise the same 404 as a unit that does
 * not exist, so units outside the caller's scope do not leak.
 */
export async function unitInScope(
  tongxin: Tongxin,
  tx: PluginTx,
  ctx: PluginRequestContext,
  unitId: string,
  permission: string,
): Promise<OrgUnitView> {
  const unit = await tx.hierarchy.unit(unitId);
  if (!unit || !tongxin.can(ctx, permission, unit)) throw new NotFoundError('org_unit');
  return unit;
}

/** `alias.<scope column of unit> = :param`: rows in the unit's subtree. */
export function subtreeCondition(alias: string, unit: OrgUnitView, param = 'subtreeUnitId') {
  return { sql: `${alias}.${scopeColumnOfLevel(unit.level)} = :${param}`, params: { [param]: unit.id } };
}

/** Checks the caller can do `permission` somewhere over the district as a whole (district-wide settings). */
export async function assertDistrictWide(
  tongxin: Tongxin,
  tx: PluginTx,
  ctx: PluginRequestContext,
  permission: string,
): Promise<OrgUnitView> {
  const root = await tx.hierarchy.root();
  tongxin.assertCan(ctx, permission, root);
  return root;
}
