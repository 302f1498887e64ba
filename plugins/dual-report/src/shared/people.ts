import type { PluginTx } from '@tongxin/plugin-sdk';
import { UNIT_REPORT } from '../constants';

/*
 * Who someone is, read from the core's role tables (under row-level security): the SDK has no
 * lookup of users by role yet. Only role rows are read, so a permission a system role gets by
 * default (not stored on the role) does not count here: liaisons hold it through their role.
 */

const HOLDS = (u: string, condition: string) =>
  `exists (select 1 from role_assignments ra join roles ro on ro.tenant_id = ra.tenant_id and ro.id = ra.role_id
            where ra.tenant_id = ${u}.tenant_id and ra.user_id = ${u}.id and ra.revoked_at is null and ${condition})`;

/** SQL: user `u` is an in-service party member (holds the core's party_member role). */
export const PARTY_MEMBER_SQL = (u: string) => HOLDS(u, `ro.key = 'party_member'`);

/**
 * SQL: user `u` is a party liaison of the unit they work for: holds `unit.report` through a role
 * (the unit-liaison role or a custom one). The unit's in-service members work for it too, but
 * are not the ones who sign agreements or sign the unit up.
 */
export const LIAISON_SQL = (u: string) => HOLDS(u, `'${UNIT_REPORT}' = any(ro.permissions)`);

/** The active party liaisons of a unit (partner body). */
export async function liaisonsOf(tx: PluginTx, partnerId: string): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(
    `select u.id from users u where u.partner_body_id = $1 and u.status = 'active' and ${LIAISON_SQL('u')} order by u.id`,
    [partnerId],
  );
  return rows.map((r) => r.id);
}
