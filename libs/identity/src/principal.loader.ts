import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PermissionRegistry } from '@tongxin/access';
import { DomainError, isUuid } from '@tongxin/http';
import type { Principal } from './principal';

interface PrincipalRow {
  username: string;
  status: string;
  tokensValidAfter: string;
  sessionActive: boolean;
  orgUnitId: string;
  partnerBodyId: string | null;
  tenantStatus: string | null;
  rootUnitId: string;
  enabledPlugins: string[];
  grants: { roleKey: string; system: boolean; permissions: string[]; unitId: string; level: number }[];
}

/**
 * Loads who the caller is, per request, in one statement under the tenant's row-level security
 * (the `tongxin_principal` function, migration 1795900000001): the user, whether the token's
 * session is still open, the tenant's status, its enabled plugins and every active assignment
 * with its role's permissions and unit level. A suspended tenant, a disabled user, an ended
 * session (logout, reuse detected) or a token from before a password change is refused.
 */
@Injectable()
export class PrincipalLoader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: PermissionRegistry,
  ) {}

  async load(tenantId: string, userId: string, issuedAtSeconds: number, sessionId: string): Promise<Principal> {
    if (!isUuid(tenantId) || !isUuid(userId) || !isUuid(sessionId)) throw new DomainError('UNAUTHENTICATED', 401);
    // Its own implicit transaction: never inside another one (see the function's migration).
    const [result]: { principal: PrincipalRow | null }[] = await this.dataSource.query(
      'select tongxin_principal($1, $2, $3) as principal',
      [tenantId, userId, sessionId],
    );
    const row = result?.principal;
    if (!row) throw new DomainError('UNAUTHENTICATED', 401);
    if (row.tenantStatus !== 'active') throw new DomainError('TENANT_SUSPENDED', 401);
    if (row.status !== 'active') throw new DomainError('ACCOUNT_DISABLED', 401);
    if (!row.sessionActive) throw new DomainError('SESSION_ENDED', 401);
    // Token times are whole seconds: refuse tokens issued in an earlier second than the last password change.
    if (issuedAtSeconds < Math.floor(new Date(row.tokensValidAfter).getTime() / 1000)) {
      throw new DomainError('UNAUTHENTICATED', 401);
    }
    // A role grants what is active in this tenant: plugin permissions only while the plugin is enabled.
    const grants = row.grants.map((g) => ({
      unitId: g.unitId,
      level: g.level,
      permissions: this.registry.effectivePermissions(
        { key: g.roleKey, system: g.system, permissions: g.permissions },
        row.enabledPlugins,
      ),
    }));
    return {
      tenantId,
      userId,
      username: row.username,
      rootUnitId: row.rootUnitId,
      enabledPlugins: row.enabledPlugins,
      grants,
      heldRoles: row.grants,
      homeUnitId: row.orgUnitId,
      partnerBodyId: row.partnerBodyId,
    };
  }
}
