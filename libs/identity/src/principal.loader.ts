import { Injectable } from '@nestjs/common';
import { PermissionRegistry } from '@tongxin/access';
import { TenantTransaction } from '@tongxin/database';
import { DomainError } from '@tongxin/http';
import type { Principal } from './principal';

interface PrincipalRow {
  username: string;
  status: string;
  tokens_valid_after: Date;
  tenant_status: string | null;
  root_unit_id: string;
  enabled_plugins: string[];
  grants: { roleKey: string; system: boolean; permissions: string[]; unitId: string; level: number }[];
}

/**
 * Loads who the caller is, per request, in one query inside the tenant's transaction: the user,
 * the tenant's status, its enabled plugins and every active assignment with its role's
 * permissions and unit level.
 * A suspended tenant, a disabled user, or a token from before a password change is refused.
 */
@Injectable()
export class PrincipalLoader {
  constructor(
    private readonly tx: TenantTransaction,
    private readonly registry: PermissionRegistry,
  ) {}

  async load(tenantId: string, userId: string, issuedAtSeconds: number): Promise<Principal> {
    const row = await this.tx.run(tenantId, async (em) => {
      const rows: PrincipalRow[] = await em.query(
        `select u.username, u.status, u.tokens_valid_after,
                (select t.status from tenants t where t.id = u.tenant_id) as tenant_status,
                (select o.id from org_units o where o.level = 1) as root_unit_id,
                array(select p.plugin_id from tenant_plugins p where p.enabled order by 1) as enabled_plugins,
                coalesce((
                  select json_agg(json_build_object('roleKey', r.key, 'system', r.system, 'permissions', r.permissions, 'unitId', a.org_unit_id, 'level', o.level))
                    from role_assignments a
                    join roles r on r.tenant_id = a.tenant_id and r.id = a.role_id
                    join org_units o on o.tenant_id = a.tenant_id and o.id = a.org_unit_id
                   where a.user_id = u.id and a.revoked_at is null), '[]'::json) as grants
           from users u
          where u.id = $1`,
        [userId],
      );
      return rows[0];
    });
    if (!row) throw new DomainError('UNAUTHENTICATED', 401);
    if (row.tenant_status !== 'active') throw new DomainError('TENANT_SUSPENDED', 401);
    if (row.status !== 'active') throw new DomainError('ACCOUNT_DISABLED', 401);
    // Token times are whole seconds: refuse tokens issued in an earlier second than the last password change.
    if (issuedAtSeconds < Math.floor(row.tokens_valid_after.getTime() / 1000)) {
      throw new DomainError('UNAUTHENTICATED', 401);
    }
    // A role grants what is active in this tenant: plugin permissions only while the plugin is enabled.
    const grants = row.grants.map((g) => ({
      unitId: g.unitId,
      level: g.level,
      permissions: this.registry.effectivePermissions(
        { key: g.roleKey, system: g.system, permissions: g.permissions },
        row.enabled_plugins,
      ),
    }));
    return {
      tenantId,
      userId,
      username: row.username,
      rootUnitId: row.root_unit_id,
      enabledPlugins: row.enabled_plugins,
      grants,
    };
  }
}
