import { Injectable } from '@nestjs/common';
import { TenantTransaction } from '@tongxin/database';

/** What a public plugin route needs to know about the tenant named in its path. */
export interface PublicTenant {
  tenantId: string;
  rootUnitId: string;
  enabledPlugins: string[];
}

/**
 * Resolves the tenant of a public plugin route by its code, with its root unit and enabled plugins:
 * the tenant lookup sets the tenant for the transaction, then one query under row-level security.
 * Null for an unknown or suspended tenant.
 */
@Injectable()
export class PublicContextLoader {
  constructor(private readonly tx: TenantTransaction) {}

  load(tenantCode: string): Promise<PublicTenant | null> {
    return this.tx.runByCode(tenantCode, async (em, tenantId) => {
      const rows: { root_unit_id: string; enabled_plugins: string[] }[] = await em.query(
        `select (select o.id from org_units o where o.level = 1) as root_unit_id,
                array(select p.plugin_id from tenant_plugins p where p.enabled order by 1) as enabled_plugins`,
      );
      return { tenantId, rootUnitId: rows[0]!.root_unit_id, enabledPlugins: rows[0]!.enabled_plugins };
    });
  }
}
