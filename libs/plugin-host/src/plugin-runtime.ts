import { Injectable, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import { canOn, canSomewhere, PermissionRegistry, scopeBranches, scopeFilter } from '@tongxin/access';
import { AppConfig } from '@tongxin/config';
import { AuditService } from '@tongxin/audit';
import type { RequestContext } from '@tongxin/context';
import { TenantTransaction } from '@tongxin/database';
import { ListExporter } from '@tongxin/exports';
import { FileStore } from '@tongxin/files';
import { permissionMissing, retryLater } from '@tongxin/http';
import { Clock, OutboxRelay, OutboxWriter, TimerStore } from '@tongxin/jobs';
import { NotificationService } from '@tongxin/notifications';
import { RateLimiter } from '@tongxin/rate-limit';
import { ReferralService } from '@tongxin/referrals';
import {
  Tongxin,
  type FileStorage,
  type Names,
  type PluginManifest,
  type CallerContext,
  type ExportResponse,
  type PluginListExport,
  type PluginRequestContext,
  type PluginTx,
  type PublicRequestContext,
  type Scope,
  type ThrottleLimit,
} from '@tongxin/plugin-sdk';
import { PluginTxImpl, type TxActor } from './plugin-tx';
import { SettingsStore } from './settings-store';

/** Builds the SDK's objects for plugin code: transactions, permission checks, storage. */
@Injectable()
export class PluginRuntime {
  constructor(
    private readonly tx: TenantTransaction,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
    private readonly timers: TimerStore,
    private readonly notifications: NotificationService,
    private readonly audit: AuditService,
    private readonly settings: SettingsStore,
    private readonly clock: Clock,
    private readonly files: FileStore,
    private readonly moduleRef: ModuleRef,
    private readonly config: AppConfig,
    private readonly permissions: PermissionRegistry,
    /** Absent in the worker: throttling is for request routes. */
    @Optional() readonly limiter?: RateLimiter,
    /** Absent in the worker: exports are request routes. */
    @Optional() readonly exporter?: ListExporter,
  ) {}

  /** `PUBLIC_URL` without a trailing slash. */
  get publicBaseUrl(): string {
    return this.config.publicUrl.replace(/\/+$/, '');
  }

  /** A PluginTx over an open transaction (jobs, timers, events, hooks run inside the executor's). */
  bind(em: EntityManager, tenantId: string, manifest: PluginManifest, actor: TxActor) {
    return new PluginTxImpl(em, tenantId, manifest, actor, this.clock.now(), {
      outbox: this.outbox,
      timers: this.timers,
      notifications: this.notifications,
      audit: this.audit,
      settings: this.settings,
      permissions: this.permissions,
      referrals: () => this.moduleRef.get(ReferralService, { strict: false }),
    });
  }

  /** A new tenant transaction for plugin code; its follow-up work is relayed right after commit. */
  async transaction<T>(
    tenantId: string,
    manifest: PluginManifest,
    actor: TxActor,
    work: (tx: PluginTx) => Promise<T>,
  ): Promise<T> {
    let wroteOutbox = false;
    const result = await this.tx.run(tenantId, async (em) => {
      const ptx = this.bind(em, tenantId, manifest, actor);
      const value = await work(ptx);
      wroteOutbox = ptx.wroteOutbox;
      return value;
    });
    if (wroteOutbox) this.relay.kick(tenantId);
    return result;
  }

  /** Resolves a plugin's provider by class, wherever its module is. */
  get<T>(type: new (...args: never[]) => T): T {
    return this.moduleRef.get<T>(type, { strict: false });
  }

  forPlugin(manifest: PluginManifest): Tongxin {
    return new TongxinForPlugin(this, manifest, this.files);
  }
}

/** The `Tongxin` a plugin's providers get injected: bound to that plugin. */
class TongxinForPlugin extends Tongxin {
  readonly files: FileStorage;

  constructor(
    private readonly runtime: PluginRuntime,
    private readonly manifest: PluginManifest,
    store: FileStore,
  ) {
    super();
    const ns = manifest.id;
    this.files = {
      put: (tenantId, name, body, contentType) => store.put(tenantId, ns, name, body, contentType),
      get: (tenantId, key) => store.get(tenantId, key),
      delete: (tenantId, key) => store.delete(tenantId, key),
    };
  }

  get pluginId(): string {
    return this.manifest.id;
  }

  transaction<T>(ctx: CallerContext, work: (tx: PluginTx) => Promise<T>): Promise<T> {
    return this.runtime.transaction(
      ctx.tenantId,
      this.manifest,
      {
        userId: ctx.userId,
        requestId: ctx.requestId,
        sourceAddress: ctx.sourceAddress ?? null,
        anonymous: ctx.userId === null,
        ability: ctx.userId === null ? undefined : (ctx as RequestContext).ability,
        enabledPlugins: (ctx as Partial<RequestContext>).enabledPlugins,
      },
      work,
    );
  }

  // An anonymous caller has no grants: every check below fails closed even without its empty ability.
  can(ctx: CallerContext, permission: string, scope?: Scope): boolean {
    if (ctx.userId === null) return false;
    const { ability } = ctx as RequestContext;
    return scope ? canOn(ability, permission, scope) : canSomewhere(ability, permission);
  }

  assertCan(ctx: CallerContext, permission: string, scope?: Scope): void {
    if (!this.can(ctx, permission, scope)) throw permissionMissing(permission);
  }

  grantedUnits(ctx: CallerContext, permission: string): { unitId: string; level: number }[] {
    if (ctx.userId === null) return [];
    const { grants } = ctx as RequestContext;
    const seen = new Map<string, number>();
    for (const g of grants) if (g.permissions.includes(permission)) seen.set(g.unitId, g.level);
    return [...seen].map(([unitId, level]) => ({ unitId, level })).sort((a, b) => a.level - b.level);
  }

  scopeCondition(ctx: CallerContext, permission: string, alias: string) {
    if (ctx.userId === null) return { sql: 'FALSE', params: {} };
    return scopeFilter((ctx as RequestContext).ability, permission, alias);
  }

  scopeBranches(ctx: CallerContext, permission: string, alias: string) {
    if (ctx.userId === null) return [];
    return scopeBranches((ctx as RequestContext).ability, permission, alias);
  }

  publicUrl(ctx: PublicRequestContext, path: string): string {
    const tail = path.replace(/^\/+/, '');
    return `${this.runtime.publicBaseUrl}/api/v1/public/${encodeURIComponent(ctx.tenantCode)}/plugins/${this.manifest.id}/${tail}`;
  }

  async throttle(ctx: CallerContext, name: string, key: string, limit: ThrottleLimit): Promise<void> {
    if (!THROTTLE_NAME.test(name)) throw new Error(`${this.manifest.id}: bad throttle name ${JSON.stringify(name)}`);
    const limiter = this.runtime.limiter;
    if (!limiter) throw new Error(`${this.manifest.id}: tongxin.throttle runs on request routes only`);
    const decision = await limiter.consume(`plugin.${this.manifest.id}.${name}`, `${ctx.tenantId}:${key}`, limit);
    if (!decision.allowed) throw retryLater('RATE_LIMITED', 429, decision.retryAfterSeconds);
  }

  text(ctx: CallerContext, names: Names): string {
    return names[ctx.lang];
  }

  exportList<R>(ctx: PluginRequestContext, res: ExportResponse, list: PluginListExport<R>): Promise<void> {
    const exporter = this.runtime.exporter;
    if (!exporter) throw new Error(`${this.manifest.id}: tongxin.exportList runs on request routes only`);
    // The plugin's names, as its audit events carry them (tx.audit prefixes the same way).
    const id = this.manifest.id;
    return exporter.send(ctx, res, { ...list, list: `${id}.${list.list}`, entity: `${id}.${list.entity}` });
  }
}

/** Plugin id + name must fit the limiter's 64-character bucket names. */
const THROTTLE_NAME = /^[a-z0-9][a-z0-9._-]{0,30}$/;
