import type { OrgUnitView, PartnerBodyView, PluginTx } from '@tongxin/plugin-sdk';
import { within } from './scope';

/**
 * Departments (职能部门: partner bodies of type `department`) receive cases and calls from the
 * area they serve: a department linked to no unit, or to the district, serves the whole district;
 * one a street or community set up (a 街道综合执法队) serves that unit's subtree only. Without
 * this, street staff could set up a department named like the district's 城管局 and receive
 * another street's cases, reporter and all, when its dispatcher picked the wrong one.
 */
export async function departmentServing(tx: PluginTx, id: string, unit: OrgUnitView): Promise<PartnerBodyView | null> {
  const partner = await tx.partners.get(id);
  if (!partner || partner.type !== 'department') return null;
  if (!partner.orgUnitId) return partner;
  const home = await tx.hierarchy.unit(partner.orgUnitId);
  return home && within(unit, home) ? partner : null;
}

/** A department as a dispatcher picks it: with the unit it belongs to, so two of one name are told apart. */
export interface DepartmentChoice {
  id: string;
  name: string;
  /** Null for a district-wide department. */
  unitId: string | null;
  unitName: string | null;
}

/**
 * The departments that serve some unit of `units` (where the caller dispatches or calls):
 * district-wide ones, those of the units' ancestors, and those set up inside them.
 */
export async function departmentsServingAny(tx: PluginTx, units: OrgUnitView[]): Promise<DepartmentChoice[]> {
  const all = await tx.partners.list({ type: 'department' });
  const choices: DepartmentChoice[] = [];
  for (const p of all) {
    const home = p.orgUnitId ? await tx.hierarchy.unit(p.orgUnitId) : null;
    const serves = !home || home.level === 1 || units.some((u) => within(u, home) || within(home, u));
    if (serves) choices.push({ id: p.id, name: p.name, unitId: home?.id ?? null, unitName: home?.name ?? null });
  }
  return choices;
}
