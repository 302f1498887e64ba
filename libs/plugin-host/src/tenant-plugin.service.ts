import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { canOn, districtScope } from '@tongxin/access';
import { AuditService } from '@tongxin/audit';
import type { RequestContext } from '@tongxin/context';
import { TenantTransaction } from '@tongxin/database';
import { DomainError, pageOf, permissionMissing, type Page, type PageQueryDto } from '@tongxin/http';
import { pluginPermission, type PluginManifest } from '@tongxin/plugin-sdk';
import { PluginCatalog, type CatalogEntry } from './catalog';
import type { PluginDto } from './plugin.dto';
import { PluginRuntime } from './plugin-runtime';
import { actorOf } from './plugin-tx';
import { defaultSettings, SettingsStore } from './settings-store';
import { TenantPlugin } from '@tongxin/tenancy';
import { OutboxRelay } from '@tongxin/jobs';
import { ReferralService } from '@tongxin/referrals';

/** A contributed role's key in the roles table: `plugin:<id>.<role>`. */
export const pluginRoleKey = (pluginId: string, key: string) => `plugin:${pluginId}.${key}`;

/**
 * Switching plugins on and off per tenant, at run time. District admins only (plugin.manage over
 * the whole district), audited, one transaction each. Disabling keeps every row; enabling again
 * brings them back and re-runs the plugin's idempotent seed.
 */
@Injectable()
export class TenantPluginService {
  constructor(
    private readonly tx: TenantTransaction,
    private readonly catalog: PluginCatalog,
    private readonly runtime: PluginRuntime,
    private readonly settings: SettingsStore,
    private readonly audit: AuditService,
    private readonly referrals: ReferralService,
    private readonly relay: OutboxRelay,
  ) {}

  /** The catalog's entries (a handful), paged in memory. */
  list(ctx: RequestContext, query: PageQueryDto): Promise<Page<PluginDto>> {
    return this.tx.run(ctx.tenantId, async (em) => {
      const rows = await em.find(TenantPlugin);
      const page = pageOf(this.catalog.entries, query);
      return {
        ...page,
        items: page.items.map((entry) =>
          this.toDto(
            ctx,
            entry,
            rows.find((r) => r.pluginId === entry.id),
          ),
        ),
      };
    });
  }

  async enable(ctx: RequestContext, id: string): Promise<PluginDto> {
    this.assertDistrictAdmin(ctx);
    const manifest = this.installed(id);
    let resumed = 0;
    const dto = await this.tx.run(ctx.tenantId, async (em) => {
      const row = await this.lockRow(em, id);
      if (row?.enabled) throw new DomainError('PLUGIN_ALREADY_ENABLED', 409, { plugin: id });
      const enabled = await this.enabledIds(em);
      for (const dependency of Object.keys(manifest.dependsOn ?? {}))
        if (!enabled.includes(dependency))
          throw new DomainError('PLUGIN_DEPENDENCY_DISABLED', 409, { plugin: id, dependency }, { dependency });

      const before = row ? { enabled: row.enabled } : null;
      const next: TenantPlugin = Object.assign(
        row ?? em.create(TenantPlugin, { tenantId: ctx.tenantId, pluginId: id, settings: {} }),
        {
          enabled: true,
          enabledAt: new Date(),
          seededVersion: manifest.version,
        },
      );
      await em.save(TenantPlugin, next);
      await this.upsertRoles(em, ctx.tenantId, manifest);
      // The seed runs on every enable, so it must be idempotent; it sees the plugin as enabled.
      await manifest.hooks?.seed?.({
        tx: this.runtime.bind(em, ctx.tenantId, manifest, actorOf(ctx)),
        previousVersion: row?.seededVersion ?? null,
        get: (type) => this.runtime.get(type),
      });
      await this.audit.record(em, ctx, {
        action: 'plugin.enable',
        entity: 'tenant_plugin',
        entityId: null,
        before,
        after: { pluginId: id, enabled: true, version: manifest.version },
      });
      // Referrals kept pending while it was off: what it missed is delivered now.
      resumed = await this.referrals.resume(em, ctx.tenantId, id);
      return this.toDto(ctx, this.catalog.get(id)!, next);
    });
    if (resumed) this.relay.kick(ctx.tenantId);
    return dto;
  }

  /**
   * Runs the plugin's demo hook (`hooks.demo`) for the tenant, one transaction: a year of made-up
   * activity ending now, drawn from a generator seeded by the plugin id (same data on every first
   * start). For the demo district only; false when the plugin has no demo hook or is not enabled.
   */
  fillDemo(ctx: RequestContext, id: string, users: Record<string, string>): Promise<boolean> {
    this.assertDistrictAdmin(ctx);
    const manifest = this.installed(id);
    const demo = manifest.hooks?.demo;
    if (!demo || !ctx.enabledPlugins.includes(id)) return Promise.resolve(false);
    return this.tx.run(ctx.tenantId, async (em) => {
      const tx = this.runtime.bind(em, ctx.tenantId, manifest, actorOf(ctx));
      const to = tx.now;
      const from = new Date(to.getTime() - 365 * 86_400_000);
      await demo({ tx, random: seededRandom(`demo:${id}`), from, to, users, get: (type) => this.runtime.get(type) });
      return true;
    });
  }

  disable(ctx: RequestContext, id: string): Promise<PluginDto> {
    this.assertDistrictAdmin(ctx);
    const manifest = this.installed(id);
    return this.tx.run(ctx.tenantId, async (em) => {
      const row = await this.lockRow(em, id);
      if (!row?.enabled) throw new DomainError('PLUGIN_ALREADY_DISABLED', 409, { plugin: id });
      const enabled = await this.enabledIds(em);
      const dependent = this.catalog.dependents(id).find((m) => enabled.includes(m.id));
      if (dependent)
        throw new DomainError(
          'PLUGIN_IN_USE',
          409,
          { plugin: id, dependent: dependent.id },
          { dependent: dependent.id },
        );
      await manifest.hooks?.onDisable?.({
        tx: this.runtime.bind(em, ctx.tenantId, manifest, actorOf(ctx)),
        previousVersion: row.seededVersion,
        get: (type) => this.runtime.get(type),
      });
      row.enabled = false;
      row.disabledAt = new Date();
      await em.save(TenantPlugin, row);
      await this.audit.record(em, ctx, {
        action: 'plugin.disable',
        entity: 'tenant_plugin',
        entityId: null,
        before: { pluginId: id, enabled: true },
        after: { pluginId: id, enabled: false },
      });
      return this.toDto(ctx, this.catalog.get(id)!, row);
    });
  }

  updateSettings(ctx: RequestContext, id: string, changes: Record<string, unknown>): Promise<PluginDto> {
    this.assertDistrictAdmin(ctx);
    const manifest = this.installed(id);
    return this.tx.run(ctx.tenantId, async (em) => {
      const row =
        (await this.lockRow(em, id)) ??
        em.create(TenantPlugin, {
          tenantId: ctx.tenantId,
          pluginId: id,
          enabled: false,
          settings: {},
          seededVersion: null,
        });
      const before = { ...defaultSettings(manifest), ...row.settings };
      row.settings = this.settings.validate(manifest, row.settings, changes);
      await em.save(TenantPlugin, row);
      await this.audit.record(em, ctx, {
        action: 'plugin.settings',
        entity: 'tenant_plugin',
        entityId: null,
        before: { pluginId: id, settings: before },
        after: { pluginId: id, settings: { ...defaultSettings(manifest), ...row.settings } },
      });
      return this.toDto(ctx, this.catalog.get(id)!, row);
    });
  }

  private installed(id: string): PluginManifest {
    const entry = this.catalog.get(id);
    if (!entry) throw new DomainError('UNKNOWN_PLUGIN', 404, { plugin: id });
    if (entry.state === 'quarantined')
      throw new DomainError('PLUGIN_QUARANTINED', 409, { plugin: id }, { problems: entry.problems });
    return entry.manifest!;
  }

  /** Locks the tenant's row for this plugin, so two admins enabling at once do it once. */
  private async lockRow(em: EntityManager, id: string): Promise<TenantPlugin | null> {
    // Serialises the very first enable too, when there is no row yet to lock.
    await em.query('select pg_advisory_xact_lock(hashtext(current_setting($1, true) || $2))', ['app.tenant_id', id]);
    return em.findOne(TenantPlugin, { where: { pluginId: id }, lock: { mode: 'pessimistic_write' } });
  }

  private async enabledIds(em: EntityManager): Promise<string[]> {
    return (await em.find(TenantPlugin, { where: { enabled: true } })).map((r) => r.pluginId);
  }

  /** Contributed roles exist as system roles; they reappear (unchanged ids) when enabled again. */
  private async upsertRoles(em: EntityManager, tenantId: string, manifest: PluginManifest): Promise<void> {
    for (const role of manifest.roles ?? []) {
      await em.query(
        `insert into roles (tenant_id, id, key, name_zh, name_en, system, permissions)
         values ($1, $2, $3, $4, $5, true, $6)
         on conflict (tenant_id, key) do update
            set name_zh = excluded.name_zh, name_en = excluded.name_en, permissions = excluded.permissions, updated_at = now()`,
        [
          tenantId,
          uuidv7(),
          pluginRoleKey(manifest.id, role.key),
          role.names['zh-CN'],
          role.names.en,
          role.permissions.map((p) => pluginPermission(manifest.id, p)).sort(),
        ],
      );
    }
  }

  private assertDistrictAdmin(ctx: RequestContext): void {
    if (!canOn(ctx.ability, 'plugin.manage', districtScope(ctx))) throw permissionMissing('plugin.manage');
  }

  private toDto(ctx: RequestContext, entry: CatalogEntry, row: TenantPlugin | undefined): PluginDto {
    const m = entry.manifest;
    const names = m && typeof m.names === 'object' && m.names ? m.names : { 'zh-CN': entry.id, en: entry.id };
    return {
      id: entry.id,
      version: typeof m?.version === 'string' ? m.version : null,
      name: names[ctx.lang],
      nameZh: names['zh-CN'],
      nameEn: names.en,
      source: entry.source,
      state: entry.state === 'quarantined' ? 'quarantined' : row?.enabled ? 'enabled' : 'disabled',
      dependsOn: { ...(m?.dependsOn ?? {}) },
      settings: entry.state === 'installed' ? { ...defaultSettings(m!), ...(row?.settings ?? {}) } : {},
      permissions:
        entry.state === 'installed' ? (m!.permissions ?? []).map((p) => pluginPermission(entry.id, p.key)) : [],
      problems: entry.problems,
      enabledAt: row?.enabled && row.enabledAt ? row.enabledAt.toISOString() : null,
    };
  }
}

/** mulberry32 seeded by a string's FNV-1a hash: uniform numbers in [0, 1), the same for the same seed. */
export function seededRandom(seed: string): () => number {
  let state = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) state = Math.imul(state ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  return () => {
    let t = (state = (state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
