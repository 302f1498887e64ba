import type { PluginTx } from '@tongxin/plugin-sdk';
import type { GridCase } from './case.entity';

/**
 * Who answers for the case's current dispatch: the person it went to, or else the active staff
 * of the department or of the unit it went to.
 */
export async function handlerRecipients(tx: PluginTx, c: GridCase): Promise<string[]> {
  if (c.handlerUserId) return [c.handlerUserId];
  const [column, id] = c.handlerPartnerId ? ['partner_body_id', c.handlerPartnerId] : ['org_unit_id', c.handlerUnitId];
  if (!id) return [];
  const rows = await tx.query<{ id: string }>(
    `select id from users where ${column} = $1 and status = 'active' order by id limit 50`,
    [id],
  );
  return rows.map((r) => r.id);
}

/** The handler and its supervisor (whoever dispatched the case). */
export async function handlerAndSupervisor(tx: PluginTx, c: GridCase): Promise<string[]> {
  const ids = await handlerRecipients(tx, c);
  if (c.dispatchedBy && !ids.includes(c.dispatchedBy)) ids.push(c.dispatchedBy);
  return ids;
}
