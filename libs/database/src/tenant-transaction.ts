import { AsyncLocalStorage } from 'node:async_hooks';
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
  /** The transaction `runShared` opened, for the `run` calls made inside its work. */
  private readonly shared = new AsyncLocalStorage<{ tenantId: string; em: EntityManager }>();

  constructor(private readonly dataSource: DataSource) {}

  async run<T>(tenantId: string, work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (!isUuid(tenantId)) throw new Error('tenant id must be a uuid');
    const shared = this.shared.getStore();
    if (shared && shared.tenantId === tenantId) return work(shared.em);
    return this.dataSource.transaction(async (em) => {
      await em.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
      return work(em);
    });
  }

  /**
   * `run` whose work's own `run` calls for the tenant join this transaction instead of opening
   * theirs: an export reads a list page by page through the list's own service (its filters, scope
   * and views) and, repeatable read, every page sees the one snapshot: a row changed meanwhile is
   * neither missed nor written twice. One `app.tenant_id` for all (libs/exports).
   */
  async runShared<T>(tenantId: string, work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (!isUuid(tenantId)) throw new Error('tenant id must be a uuid');
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await em.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
      return this.shared.run({ tenantId, em }, () => work(em));
    });
  }

  /**
   * `run` for the active tenant with this code (public routes name the tenant by code): one
   * statement finds it and sets `app.tenant_id`. Null, with nothing run, when no active tenant has it.
   */
  async runByCode<T>(code: string, work: (em: EntityManager, tenantId: string) => Promise<T>): Promise<T | null> {
    return this.dataSource.transaction(async (em) => {
      const rows: { id: string }[] = await em.query(
        `select id, set_config('app.tenant_id', id::text, true) from tenants where code = $1 and status = 'active'`,
        [code],
      );
      return rows[0] ? work(em, rows[0].id) : null;
    });
  }

  /** Platform-level work on tables that have no tenant (tenants, platform operators). */
  async platform<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
