import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { canOn, findInScope, pluginOfPermission, scopeFilter, type PermissionRegistry } from '@tongxin/access';
import type { AuditService } from '@tongxin/audit';
import type { AppAbility, RequestContext } from '@tongxin/context';
import { SCOPE_COLUMNS, scopeOf, type Scope } from '@tongxin/database';
import { DistrictClockService, type WorkingCalendar } from '@tongxin/district';
import { notFound, isUuid } from '@tongxin/http';
import type { OutboxWriter, TimerStore } from '@tongxin/jobs';
import type { NotificationService } from '@tongxin/notifications';
import type { ReferralService } from '@tongxin/referrals';
import type {
  CallerContext,
  OrgUnitView,
  PartnerBodyView,
  PluginManifest,
  PluginRequestContext,
  NameMaps,
  NamesRequest,
  OpenReferralInput,
  ReferralView,
  PluginTx,
  TenantRepository,
  UserListFilter,
  UserView,
} from '@tongxin/plugin-sdk';
import type { SettingsStore } from './settings-store';

/** The core services a PluginTx delegates to. */
export interface PluginTxServices {
  outbox: OutboxWriter;
  timers: TimerStore;
  notifications: NotificationService;
  audit: AuditService;
  settings: SettingsStore;
  /** For `users.list({ permission })`: which system roles hold a permission by default. */
  permissions: PermissionRegistry;
  /** Read when a plugin first uses `tx.referrals` (it depends on the runtime that builds this). */
  referrals: () => ReferralService;
}

/** Who a plugin transaction acts for: written into its audit events. */
export interface TxActor {
  userId: string | null;
  requestId: string | null;
  /** The client's address on request routes; null in jobs, timers and events. */
  sourceAddress?: string | null;
  /** A public route's caller: audited as `anonymous`, not as the system. */
  anonymous?: boolean;
  /** A signed-in caller's grants: what `users.list` may show. Absent for the system (jobs, timers, events). */
  ability?: AppAbility;
  /** The plugins the district had enabled when the request began (no query to ask again); absent outside requests. */
  enabledPlugins?: readonly string[];
}

/** A scoped row's five scope columns, selected under the names `Scope` uses. */
const SCOPE_SELECT = `district_id as "districtId", street_id as "streetId", community_id as "communityId",
  grid_id as "gridId", group_id as "groupId"`;

/** A row read with SCOPE_SELECT, as what the caller is given and the scope to check it against. */
function withScopeApart<T extends object>(row: T & Scope): { record: T; scope: Scope } {
  const { districtId, streetId, communityId, gridId, groupId, ...record } = row;
  return { record: record as T, scope: { districtId, streetId, communityId, gridId, groupId } };
}

/** A UserView's columns over alias `u`. */
const USER_VIEW_COLUMNS = `u.id, u.username, u.display_name as "displayName", u.org_unit_id as "orgUnitId",
  u.partner_body_id as "partnerBodyId", u.status, u.preferred_language as "preferredLanguage"`;

// tx.names. Kept as its own literal: the bench baseline sends this exact text (a grid case page's names).
const NAMES = `select 'units' as kind, id, name from org_units where id = any($1::uuid[])
  union all select 'partnerBodies', id, name from partner_bodies where id = any($2::uuid[])
  union all select 'users', id, display_name as name from users where id = any($3::uuid[])`;

// Kept as its own literal: the bench baseline sends this exact statement text (tests/bench-baseline).
const UNIT_COLUMNS = `id, parent_id as "parentId", level, code, name, district_id as "districtId",
  street_id as "streetId", community_id as "communityId", grid_id as "gridId", group_id as "groupId"`;

/**
 * The SDK's transaction handle, bound to one tenant, one plugin and one database transaction.
 * Everything it writes (rows, outbox entries, timers, notifications, audit) commits or rolls back together.
 */
export class PluginTxImpl implements PluginTx {
  /** Set once the transaction queued follow-up work, so the caller kicks the relay after commit. */
  wroteOutbox = false;

  constructor(
    readonly em: EntityManager,
    readonly tenantId: string,
    private readonly manifest: PluginManifest,
    private readonly actor: TxActor,
    readonly now: Date,
    private readonly services: PluginTxServices,
  ) {}

  get actorId(): string | null {
    return this.actor.userId;
  }

  get pluginId(): string {
    return this.manifest.id;
  }

  query<R = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
    return this.em.query(sql, params);
  }

  repository<T extends ObjectLiteral>(entity: EntityTarget<T>): TenantRepository<T> {
    return new TenantRepositoryImpl<T>(this, entity);
  }

  /**
   * Units read in this transaction, by id. A request asks for the same few units again and again
   * (each scoped insert, each permission check on a case's handling unit); plugins cannot change
   * the tree, so within one transaction the first answer stays true.
   */
  private readonly units = new Map<string, Promise<OrgUnitView | null>>();

  readonly hierarchy = {
    unit: (id: string): Promise<OrgUnitView | null> => {
      if (!isUuid(id)) return Promise.resolve(null);
      let unit = this.units.get(id);
      if (!unit) {
        unit = this.em
          .query(`select ${UNIT_COLUMNS} from org_units where id = $1`, [id])
          .then((rows: OrgUnitView[]) => rows[0] ?? null);
        // A failed read is not remembered.
        unit.catch(() => this.units.delete(id));
        this.units.set(id, unit);
      }
      return unit;
    },
    units: async (ids: readonly string[]): Promise<OrgUnitView[]> => {
      const unread = [...new Set(ids)].filter((id) => isUuid(id) && !this.units.has(id));
      if (unread.length) {
        const rows = this.em.query<OrgUnitView[]>(`select ${UNIT_COLUMNS} from org_units where id = any($1::uuid[])`, [
          unread,
        ]);
        for (const id of unread) {
          const unit = rows.then((found) => found.find((u) => u.id === id) ?? null);
          unit.catch(() => this.units.delete(id));
          this.units.set(id, unit);
        }
        await rows;
      }
      const found = await Promise.all([...new Set(ids)].map((id) => this.hierarchy.unit(id)));
      return found.filter((u): u is OrgUnitView => u !== null);
    },
    requireUnit: async (id: string): Promise<OrgUnitView> => {
      const unit = await this.hierarchy.unit(id);
      if (!unit) throw notFound('org_unit');
      return unit;
    },
    children: (id: string): Promise<OrgUnitView[]> =>
      this.em.query(`select ${UNIT_COLUMNS} from org_units where parent_id = $1 order by code`, [id]),
    ancestors: async (id: string): Promise<OrgUnitView[]> => {
      const unit = await this.hierarchy.unit(id);
      if (!unit) return [];
      const ids = SCOPE_COLUMNS.map((c) => unit[c]).filter((v): v is string => !!v && v !== unit.id);
      if (!ids.length) return [];
      return this.em.query(`select ${UNIT_COLUMNS} from org_units where id = any($1::uuid[]) order by level`, [ids]);
    },
    parent: async (id: string): Promise<OrgUnitView | null> => {
      const unit = await this.hierarchy.unit(id);
      return unit?.parentId ? this.hierarchy.unit(unit.parentId) : null;
    },
    root: async (): Promise<OrgUnitView> => {
      const rows: OrgUnitView[] = await this.em.query(`select ${UNIT_COLUMNS} from org_units where level = 1`);
      return rows[0]!;
    },
  };

  readonly users = {
    get: async (id: string): Promise<UserView | null> => (await this.userWithScope(id))?.user ?? null,
    require: async (id: string): Promise<UserView> => {
      const user = await this.users.get(id);
      if (!user) throw notFound('user');
      return user;
    },
    visibleTo: async (ctx: CallerContext, id: string): Promise<UserView | null> => {
      if (ctx.userId === null) return null;
      const found = await this.userWithScope(id);
      if (!found) return null;
      const visible = found.user.id === ctx.userId || canOn((ctx as RequestContext).ability, 'user.read', found.scope);
      return visible ? found.user : null;
    },
    displayNames: (ids: readonly string[]): Promise<Map<string, string>> => this.userNames(ids),
    list: async (filter: UserListFilter = {}): Promise<UserView[]> => {
      // A public route's caller sees nobody; the system (no caller) the whole district; a user
      // bound without their grants (never on a request) only themselves: fail closed.
      if (this.actor.anonymous) return [];
      if (this.actor.userId === null) return this.selectUsers(filter, USER_VIEW_COLUMNS);
      return this.selectUsers(filter, USER_VIEW_COLUMNS, { ability: this.actor.ability, self: this.actor.userId });
    },
    recipients: async (filter: UserListFilter): Promise<string[]> =>
      (await this.selectUsers<{ id: string }>(filter, 'u.id')).map((u) => u.id),
  };

  /**
   * users.list / users.recipients: one statement over `users`, the role and permission filters as
   * `exists` over the active assignments. A permission counts stored on the role or as a default
   * grant of a system role (PermissionRegistry), only while it is active in the district.
   */
  private async selectUsers<R>(
    filter: UserListFilter,
    columns: string,
    visible?: { ability: AppAbility | undefined; self: string },
  ): Promise<R[]> {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    const ids = (list: readonly string[]) => list.filter((id) => isUuid(id));
    if (filter.ids) {
      where.push('u.id = any(cast(:ids as uuid[]))');
      params.ids = ids(filter.ids);
    }
    if (filter.unitId !== undefined) {
      if (!isUuid(filter.unitId)) return [];
      where.push('u.org_unit_id = :unitId');
      params.unitId = filter.unitId;
    }
    if (filter.partnerBodyId !== undefined) {
      where.push('u.partner_body_id = any(cast(:partners as uuid[]))');
      params.partners = ids(typeof filter.partnerBodyId === 'string' ? [filter.partnerBodyId] : filter.partnerBodyId);
    }
    if (filter.status) {
      where.push('u.status = :status');
      params.status = filter.status;
    }
    const holds = (condition: string) =>
      `exists (select 1 from role_assignments ra join roles ro on ro.tenant_id = ra.tenant_id and ro.id = ra.role_id
                where ra.tenant_id = u.tenant_id and ra.user_id = u.id and ra.revoked_at is null and ${condition})`;
    if (filter.role !== undefined) {
      where.push(holds('ro.key = :role'));
      params.role = filter.role;
    }
    if (filter.permission !== undefined) {
      const byDefault = this.services.permissions.holdersByDefault(filter.permission);
      if (!byDefault.length) return []; // a permission nobody registered
      const plugin = pluginOfPermission(filter.permission);
      if (plugin) {
        where.push('exists (select 1 from tenant_plugins tp where tp.plugin_id = :plugin and tp.enabled)');
        params.plugin = plugin;
      }
      where.push(
        holds('(:permission = any(ro.permissions) or (ro.system and ro.key = any(cast(:byDefault as text[]))))'),
      );
      Object.assign(params, { permission: filter.permission, byDefault });
    }
    if (visible) {
      const scope = visible.ability ? scopeFilter(visible.ability, 'user.read', 'u') : { sql: 'FALSE', params: {} };
      where.push(`(u.id = :self or ${scope.sql})`);
      Object.assign(params, scope.params, { self: visible.self });
    }
    params.limit = Math.min(Math.max(Math.trunc(filter.limit ?? 100), 1), 1000);
    const sql = `select ${columns} from users u ${where.length ? `where ${where.join(' and ')}` : ''}
                  order by u.id limit :limit`;
    const [text, values] = this.em.connection.driver.escapeQueryWithParameters(sql, params);
    return this.em.query(text, values);
  }

  /** tx.names: every kind in one statement; none when there is nothing to name. */
  async names(request: NamesRequest): Promise<NameMaps> {
    const ids = (list: NamesRequest['units']) => [
      ...new Set((list ?? []).filter((id): id is string => typeof id === 'string' && isUuid(id))),
    ];
    const [units, partnerBodies, users] = [ids(request.units), ids(request.partnerBodies), ids(request.users)];
    const found: NameMaps = { units: new Map(), partnerBodies: new Map(), users: new Map() };
    if (!units.length && !partnerBodies.length && !users.length) return found;
    const rows: { kind: keyof NameMaps; id: string; name: string }[] = await this.em.query(NAMES, [
      units,
      partnerBodies,
      users,
    ]);
    for (const r of rows) found[r.kind].set(r.id, r.name);
    return found;
  }

  /** users.displayNames: the names alone, for ids read from records the caller may see. */
  private async userNames(ids: readonly string[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids)].filter((id) => isUuid(id));
    if (!wanted.length) return new Map();
    const rows: { id: string; displayName: string }[] = await this.em.query(
      'select id, display_name as "displayName" from users where id = any($1::uuid[])',
      [wanted],
    );
    return new Map(rows.map((r) => [r.id, r.displayName]));
  }

  /** A user and the scope of their home unit (users carry their unit's five scope columns). */
  private async userWithScope(id: string): Promise<{ user: UserView; scope: Scope } | null> {
    if (!isUuid(id)) return null;
    const rows: (UserView & Scope)[] = await this.em.query(
      `select id, username, display_name as "displayName", org_unit_id as "orgUnitId",
              partner_body_id as "partnerBodyId", status, preferred_language as "preferredLanguage", ${SCOPE_SELECT}
         from users where id = $1`,
      [id],
    );
    if (!rows[0]) return null;
    const { record: user, scope } = withScopeApart(rows[0]);
    return { user, scope };
  }

  readonly partners = {
    get: async (id: string): Promise<PartnerBodyView | null> => {
      if (!isUuid(id)) return null;
      const rows: PartnerBodyView[] = await this.em.query(
        'select id, type, name, org_unit_id as "orgUnitId" from partner_bodies where id = $1',
        [id],
      );
      return rows[0] ?? null;
    },
    visibleTo: async (ctx: CallerContext, id: string): Promise<PartnerBodyView | null> => {
      if (ctx.userId === null || !isUuid(id)) return null;
      const rows: (PartnerBodyView & Scope)[] = await this.em.query(
        `select id, type, name, org_unit_id as "orgUnitId", ${SCOPE_SELECT} from partner_bodies where id = $1`,
        [id],
      );
      if (!rows[0]) return null;
      const { record: body, scope } = withScopeApart(rows[0]);
      // A body linked to no unit is on the district's own register, which all its staff work with
      // (every community pairs with the district's units); a linked one belongs to that unit's subtree.
      if (body.orgUnitId === null) return body;
      return canOn((ctx as RequestContext).ability, 'partner.read', scope) ? body : null;
    },
    list: (filter: { type?: string } = {}): Promise<PartnerBodyView[]> =>
      this.em.query(
        `select id, type, name, org_unit_id as "orgUnitId" from partner_bodies
          where ($1::text is null or type = $1) order by name`,
        [filter.type ?? null],
      ),
  };

  readonly events = {
    publish: async (name: string, version: number, payload: Record<string, unknown>): Promise<void> => {
      const declared = this.manifest.events?.publishes?.find((e) => e.name === name && e.version === version);
      if (!declared) throw new Error(`${this.pluginId} publishes ${name} v${version} without declaring it`);
      if (declared.payload) {
        const errors = validateSync(plainToInstance(declared.payload, payload), { forbidUnknownValues: false });
        // A programming error in the publisher: fail its transaction rather than ship a bad event.
        if (errors.length)
          throw new Error(
            `${this.pluginId}.${name} v${version} payload is invalid: ${errors.map((e) => e.property).join(', ')}`,
          );
      }
      await this.services.outbox.write(this.em, this.tenantId, {
        kind: 'event',
        pluginId: this.pluginId,
        name: `${this.pluginId}.${name}`,
        version,
        payload,
        actorId: this.actorId,
      });
      this.wroteOutbox = true;
    },
  };

  readonly jobs = {
    enqueue: async (name: string, payload: Record<string, unknown>, options: { runAt?: Date } = {}) => {
      if (!this.manifest.jobs?.some((j) => j.name === name))
        throw new Error(`${this.pluginId} enqueues job ${name} without declaring it`);
      await this.services.outbox.write(this.em, this.tenantId, {
        kind: 'job',
        pluginId: this.pluginId,
        name,
        payload,
        runAt: options.runAt ?? null,
        actorId: this.actorId,
      });
      this.wroteOutbox = true;
    },
  };

  readonly timers = {
    schedule: async (name: string, key: string, dueAt: Date, payload: Record<string, unknown> = {}) => {
      if (!this.manifest.timers?.some((t) => t.name === name))
        throw new Error(`${this.pluginId} schedules timer ${name} without declaring it`);
      await this.services.timers.schedule(this.em, this.tenantId, {
        pluginId: this.pluginId,
        name,
        key,
        dueAt,
        payload,
      });
    },
    cancel: (name: string, key: string) => this.services.timers.cancel(this.em, { pluginId: this.pluginId, name, key }),
    dueAt: (name: string, key: string) => this.services.timers.dueAt(this.em, { pluginId: this.pluginId, name, key }),
  };

  /** The district's calendar, read on first use and kept for the transaction. */
  private calendarRead: Promise<WorkingCalendar> | undefined;

  readonly clock = {
    calendar: (): Promise<WorkingCalendar> => {
      if (!this.calendarRead) {
        this.calendarRead = new DistrictClockService().calendar(this.em, this.tenantId);
        this.calendarRead.catch(() => (this.calendarRead = undefined));
      }
      return this.calendarRead;
    },
    timeZone: async () => (await this.clock.calendar()).timeZone,
    dateOf: async (at: Date) => (await this.clock.calendar()).dateOf(at),
    startOfDay: async (date: string) => (await this.clock.calendar()).startOfDay(date),
    isWorkingDay: async (date: string | Date) => (await this.clock.calendar()).isWorkingDay(date),
    addWorkingDays: async (at: Date, n: number) => (await this.clock.calendar()).addWorkingDays(at, n),
    workingDaysBetween: async (a: Date, b: Date) => (await this.clock.calendar()).workingDaysBetween(a, b),
    addMonths: async (at: Date, n: number) => (await this.clock.calendar()).addMonths(at, n),
  };

  readonly referrals = {
    open: async (input: OpenReferralInput): Promise<ReferralView> => {
      const view = await this.services
        .referrals()
        .open(this.em, this.tenantId, this.pluginId, this.actor, input, this.now);
      this.wroteOutbox = true;
      return view;
    },
    ofRecords: (recordIds: readonly string[]) => this.services.referrals().ofRecords(this.em, this.pluginId, recordIds),
    get: (id: string) => this.services.referrals().getForPlugin(this.em, this.pluginId, id),
    reportOutcome: async (id: string, outcome: { result: string; closedAt?: Date }): Promise<ReferralView> => {
      const view = await this.services
        .referrals()
        .reportOutcome(this.em, this.tenantId, this.pluginId, this.actor, id, outcome, this.now);
      this.wroteOutbox = true;
      return view;
    },
    kinds: () => this.services.referrals().enabledKinds(this.em, this.actor.enabledPlugins),
  };

  readonly notifications = {
    notify: (input: Parameters<PluginTx['notifications']['notify']>[0]) =>
      this.services.notifications.send(this.em, this.tenantId, this.pluginId, {
        ...input,
        kind: `${this.pluginId}.${input.kind}`,
      }),
  };

  settings<S extends object>(): Promise<S> {
    return this.services.settings.effective(this.em, this.manifest) as Promise<S>;
  }

  audit(action: string, entity: string, entityId: string | null, before?: object | null, after?: object | null) {
    return this.services.audit.recordAs(
      this.em,
      this.tenantId,
      {
        actorId: this.actor.userId,
        actorType: this.actor.userId ? 'user' : this.actor.anonymous ? 'anonymous' : 'system',
        requestId: this.actor.requestId,
        sourceAddress: this.actor.sourceAddress ?? null,
      },
      { action: `${this.pluginId}.${action}`, entity: `${this.pluginId}.${entity}`, entityId, before, after },
    );
  }
}

/** Fills `tenantId`, a uuid v7 `id` and, given a unit, the scope columns: plugins never set them by hand. */
class TenantRepositoryImpl<T extends ObjectLiteral> implements TenantRepository<T> {
  constructor(
    private readonly tx: PluginTxImpl,
    private readonly entity: EntityTarget<T>,
  ) {}

  async insert(values: Partial<T>, options: { unitId?: string } = {}): Promise<T> {
    const row: Record<string, unknown> = { ...values, tenantId: this.tx.tenantId, id: values.id ?? uuidv7() };
    if (options.unitId) Object.assign(row, scopeOf(await this.tx.hierarchy.requireUnit(options.unitId)));
    const repo = this.tx.em.getRepository(this.entity);
    const entity = repo.create(row as never) as unknown as T;
    await repo.insert(entity);
    return entity;
  }

  queryBuilder(alias: string) {
    return this.tx.em.getRepository(this.entity).createQueryBuilder(alias);
  }

  async findById(id: string): Promise<T | null> {
    if (!isUuid(id)) return null;
    return this.tx.em.getRepository(this.entity).findOneBy({ tenantId: this.tx.tenantId, id } as never);
  }

  async update(id: string, changes: Partial<T>): Promise<void> {
    const { tenantId: _t, id: _i, ...rest } = changes as Record<string, unknown>;
    await this.tx.em.getRepository(this.entity).update({ tenantId: this.tx.tenantId, id } as never, rest as never);
  }

  findInScope(ctx: PluginRequestContext, id: string, permission: string, readPermission?: string): Promise<T> {
    const name = this.tx.em.getRepository(this.entity).metadata.tableName;
    return findInScope(
      this.tx.em,
      this.entity as never,
      ctx as RequestContext,
      id,
      permission,
      name,
      readPermission,
    ) as unknown as Promise<T>;
  }
}

/** The actor of a staff request's context. */
export function actorOf(
  ctx: Pick<RequestContext, 'userId' | 'requestId' | 'sourceAddress' | 'ability'> & { enabledPlugins?: string[] },
): TxActor {
  return {
    userId: ctx.userId,
    requestId: ctx.requestId,
    sourceAddress: ctx.sourceAddress ?? null,
    ability: ctx.ability,
    enabledPlugins: ctx.enabledPlugins,
  };
}
