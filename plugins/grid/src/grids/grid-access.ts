import {
  NotFoundError,
  type OrgUnitView,
  type PluginRequestContext,
  type PluginTx,
  type Tongxin,
  isUuid,
  unitInScope,
} from '@tongxin/plugin-sdk';
import { GRID_LEVEL } from '../constants';
import { gridsErrors } from './errors';

/**
 * A grid (level-4 unit) the caller holds `permission` over. Out of scope or unknown: 404 (as for
 * any unit); a unit at another level: 400 `GRID_NOT_A_GRID`, only once the caller may see it.
 */
export async function gridInScope(
  tongxin: Tongxin,
  tx: PluginTx,
  ctx: PluginRequestContext,
  unitId: string,
  permission: string,
): Promise<OrgUnitView> {
  if (!isUuid(unitId)) throw new NotFoundError('org_unit');
  const unit = await unitInScope(tongxin, tx, ctx, unitId, permission);
  if (unit.level !== GRID_LEVEL) throw gridsErrors.NOT_A_GRID({ unit: unit.name });
  return unit;
}

/**
 * Raw SQL with TypeORM's named parameters (`:name`, `:...list`), the form `scopeCondition` returns,
 * so scope filters compose with hand-written SQL (generate_series, aggregates). A `::type` cast
 * is safe unless a parameter bears the type's name.
 */
export function queryNamed<R>(tx: PluginTx, sql: string, params: Record<string, unknown>): Promise<R[]> {
  const [text, values] = tx.em.dataSource.driver.escapeQueryWithParameters(sql, params);
  return tx.query<R>(text, values);
}

/** Serialises writes to one grid's profile and staff (leader uniqueness, duplicate duties). */
export async function lockGrid(tx: PluginTx, unitId: string): Promise<void> {
  await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`grid:${tx.tenantId}:${unitId}`]);
}
