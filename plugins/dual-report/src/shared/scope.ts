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

/** The partner body (a unit) the caller works for, if any: what a unit liaison acts for. */
export async function callerPartner(tx: PluginTx, ctx: PluginRequestContext): Promise<string | null> {
  return (await tx.users.get(ctx.userId))?.partnerBodyId ?? null;
}
