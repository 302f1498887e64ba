import type { PluginTx } from '@tongxin/plugin-sdk';
import { UNIT_REPORT } from '../constants';

/*
 * Who someone is, for statements that count or page people in SQL: over the core's `sdk_users`
 * and `sdk_role_holders` views (SDK 1.2, under row-level security), never its tables. Elsewhere
 * `tx.users.list` / `tx.users.recipients` answer the same questions. The view carries the roles'
 * stored permissions, so a permission a system role gets by default does not count here:
 * liaisons hold it through their role.
 */

const HOLDS = (u: string, condition: string) =>
  `exists (select 1 from sdk_role_holders rh
            where rh.tenant_id = ${u}.tenant_id and rh.user_id = ${u}.id and ${condition})`;

/** SQL: user `u` (a row of `sdk_users`) is an in-service party member (holds the core's party_member role). */
export const PARTY_MEMBER_SQL = (u: string) => HOLDS(u, `rh.role_key = 'party_member'`);

/**
 * SQL: user `u` is a party liaison of the unit they work for: holds `unit.report` through a role
 * (the unit-liaison role or a custom one). The unit's in-service members work for it too, but
 * are not the ones who sign agreements or sign the unit up.
 */
export const LIAISON_SQL = (u: string) => HOLDS(u, `'${UNIT_REPORT}' = any(rh.permissions)`);

/** The active party liaisons of a unit (partner body): whom to tell, never shown to a caller. */
export function liaisonsOf(tx: PluginTx, partnerId: string): Promise<string[]> {
  return tx.users.recipients({ partnerBodyId: partnerId, status: 'active', permission: UNIT_REPORT, limit: 1000 });
}
