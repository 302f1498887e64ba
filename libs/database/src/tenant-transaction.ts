import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isUuid } from '@tongxin/http';

/**
 * The one way to touch tenant-owned rows: a transaction whose first statement sets
 * `app.tenant_id` (transaction-local, so pooled connections never carry it over), so every
 * row-level security policy sees the tenant. Without it the policies see no tenant and no rows.
 */
@Injectable()
export class TenantTransaction {
  constructor(private readonly dataSource: DataSource) {}

  async run<T>(tenantId: string, work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (!isUuid(tenantId)) throw new Error('tenant id must be a uuid');
    return this.dataSource.transaction(async (em) => {
      await em.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
      return work(em);
    });
  }

  /** Platform-level work on tables that have no tenant (tenants, platform operators). */
  async platform<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
