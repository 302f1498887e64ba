import { type OrgUnitView, type PluginRequestContext, type PluginTx, type Tongxin } from '@tongxin/plugin-sdk';

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

/** Is `unit` the `ancestor` or inside its subtree? */
export function within(unit: OrgUnitView, ancestor: OrgUnitView): boolean {
  const chain = [unit.districtId, unit.streetId, unit.communityId, unit.gridId, unit.groupId];
  return chain[ancestor.level - 1] === ancestor.id;
}
