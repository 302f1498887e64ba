import type { PluginTx } from '@tongxin/plugin-sdk';
import type { GridCase } from './case.entity';

/**
 * Who answers for the case's current dispatch: the person it went to, or else the active staff
 * of the department or of the unit it went to.
 */
export async function handlerRecipients(tx: PluginTx, c: GridCase): Promise<string[]> {
  if (c.handlerUserId) return [c.handlerUserId];
  if (c.handlerPartnerId)
    return tx.users.recipients({ partnerBodyId: c.handlerPartnerId, status: 'active', limit: 50 });
  if (!c.handlerUnitId) return [];
  return tx.users.recipients({ unitId: c.handlerUnitId, status: 'active', limit: 50 });
}

/** The handler and its supervisor (whoever dispatched the case). */
export async function handlerAndSupervisor(tx: PluginTx, c: GridCase): Promise<string[]> {
  const ids = await handlerRecipients(tx, c);
  if (c.dispatchedBy && !ids.includes(c.dispatchedBy)) ids.push(c.dispatchedBy);
  return ids;
}
