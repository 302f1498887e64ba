import type { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Names } from './manifest';
import type { ExportResponse, PluginListExport } from './exports';

/** The caller of a plugin route, as the access guard built it. Pass it to every SDK call. */
export interface PluginRequestContext {
  tenantId: string;
  userId: string;
  username: string;
  /** `zh-CN` or `en`, from Accept-Language. */
  lang: 'zh-CN' | 'en';
  requestId: string;
  /** The tenant's district (level-1) unit. */
  rootUnitId: string;
  /**
   * The caller's own unit (where their account belongs) and the partner body they work for, as
   * loaded with the caller. Absent in contexts not built by the access guard: read them with
   * `callerAccount(tx, ctx)`, which falls back to the account.
   */
  homeUnitId?: string;
  partnerBodyId?: string | null;
  /**
   * The client's network address (its /64 for IPv6), as far as `TRUST_PROXY` lets the server tell;
   * null when unknown. For limits per client (`tongxin.throttle`), never for access decisions.
   */
  sourceAddress?: string | null;
}

/** At most `limit` in a fixed window of `windowSeconds` (the window opens with the first one counted). */
export interface ThrottleLimit {
  limit: number;
  windowSeconds: number;
}

/**
 * The caller of a public plugin route (`publicControllers`): anonymous, for the tenant whose code
 * is in the path. The host checked the tenant exists and enabled the plugin. It works with
 * `tongxin.transaction` (`tx.actorId` is null, audit rows name no actor), and `tongxin.can` is
 * always false for it: anything beyond "anyone may" is the plugin's own check (an API key, …).
 */
export interface PublicRequestContext extends Omit<PluginRequestContext, 'userId' | 'username'> {
  userId: null;
  username: null;
  /** The tenant's code from the path, e.g. `demo`. */
  tenantCode: string;
}

/** Whoever called a plugin route: a signed-in user, or nobody on a public route. */
export type CallerContext = PluginRequestContext | PublicRequestContext;

/** Where a row sits in the five-level hierarchy: its unit and that unit's ancestors, one column per level. */
export interface Scope {
  districtId: string;
  streetId: string | null;
  communityId: string | null;
  gridId: string | null;
  groupId: string | null;
}

/** An org unit as plugins see it. Levels: 1 区委, 2 街道党工委, 3 社区党委, 4 网格党支部, 5 网格党小组. */
export interface OrgUnitView extends Scope {
  id: string;
  parentId: string | null;
  level: 1 | 2 | 3 | 4 | 5;
  code: string;
  name: string;
}

/** A body outside the tree: a department, a unit, a property company, a law firm. */
export interface PartnerBodyView {
  id: string;
  type: string;
  name: string;
  orgUnitId: string | null;
}

/** Read-only lookups in the tenant's hierarchy (inside the transaction, under row-level security). */
export interface HierarchyLookup {
  unit(id: string): Promise<OrgUnitView | null>;
  /**
   * Several units at once (a page of rows names a few dozen): one query for those this
   * transaction has not read yet; `unit(id)` then answers them without another. Ids naming no
   * unit are left out.
   */
  units(ids: readonly string[]): Promise<OrgUnitView[]>;
  /** Throws a 404 `NOT_FOUND` (org unit) when the id names no unit of this tenant. */
  requireUnit(id: string): Promise<OrgUnitView>;
  children(id: string): Promise<OrgUnitView[]>;
  /** From the district down to the unit's parent. */
  ancestors(id: string): Promise<OrgUnitView[]>;
  /** The unit one level up, or null for the district. */
  parent(id: string): Promise<OrgUnitView | null>;
  /** The tenant's district (level 1) unit. */
  root(): Promise<OrgUnitView>;
}

/** A tenant user as plugins see it (no credentials). */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  /** The user's home unit. */
  orgUnitId: string;
  partnerBodyId: string | null;
  status: 'active' | 'disabled';
  /** The language the person reads the product in: write what you send them in it (SDK 1.2). */
  preferredLanguage: 'zh-CN' | 'en';
}

/** What `tx.users.list` and `tx.users.recipients` select by (SDK 1.2); every filter given must hold. */
export interface UserListFilter {
  /**
   * Holds this role through an active assignment, at any unit: a system role's key
   * (`party_member`), a contributed one's (`plugin:<id>.<key>`) or a custom role's.
   */
  role?: string;
  /**
   * Holds this permission (full key) through an active assignment, at any unit: stored on the role
   * or given by default to a system role (`defaultGrants`, the district administrator's all), as the
   * caller's own grants are computed. A permission of a plugin the district has not enabled is held
   * by nobody.
   */
  permission?: string;
  /** Home unit is exactly this unit. */
  unitId?: string;
  /** Works for this partner body (or one of these). */
  partnerBodyId?: string | readonly string[];
  /** Only these users. */
  ids?: readonly string[];
  status?: 'active' | 'disabled';
  /** At most this many, in id order (default 100, at most 1000). */
  limit?: number;
}

/** `tx.names(…)`: ids of units, partner bodies and users to name (SDK 1.2); nulls are skipped. */
export interface NamesRequest {
  units?: readonly (string | null | undefined)[];
  partnerBodies?: readonly (string | null | undefined)[];
  users?: readonly (string | null | undefined)[];
}

/** The names `tx.names` found, id → name per kind (a user's display name); unknown ids are left out. */
export interface NameMaps {
  units: Map<string, string>;
  partnerBodies: Map<string, string>;
  users: Map<string, string>;
}

export interface UserLookup {
  /** Any user of this tenant, whoever asks: for the plugin's own bookkeeping, never to answer a caller. */
  get(id: string): Promise<UserView | null>;
  /** Throws a 404 `NOT_FOUND` (user) when the id names no user of this tenant. */
  require(id: string): Promise<UserView>;
  /**
   * The user, if the caller may see them: the caller themselves, or someone whose home unit lies
   * where the caller holds `user.read`; else null, exactly as for an id that names nobody. Use it
   * for every user id that comes from the caller's input (adding staff, naming a member in a
   * refusal), so users outside the caller's subtree cannot be probed or enrolled.
   */
  visibleTo(ctx: CallerContext, id: string): Promise<UserView | null>;
  /**
   * Display names (only the name: no username, unit, contact or status), by id, one query: to say
   * who did something on a record the caller may see (who dispatched a case, who handles it), so
   * the people named are those who acted on it, whether or not the caller may see their accounts.
   * Pass only ids read from such a record, never ids from the caller's input (use `visibleTo`).
   * A disabled account keeps its name; an id naming nobody is left out.
   */
  displayNames(ids: readonly string[]): Promise<Map<string, string>>;
  /**
   * Users matching `filter` that the transaction's caller may see (SDK 1.2): on a request, the
   * caller themselves and users whose home unit lies where the caller holds `user.read`; on a
   * public route, nobody; in jobs, timers, events and hooks (no caller), any user of the district.
   * Never another district's. To answer a caller ("the liaisons of this unit"), use this.
   */
  list(filter?: UserListFilter): Promise<UserView[]>;
  /**
   * The ids of the users of the district matching `filter`, whoever asks (SDK 1.2): whom to notify
   * or to hand work to (a department's active staff, a unit's liaisons). Ids only, so nothing about
   * those people reaches the caller; never pass them to a caller's answer (use `list`).
   */
  recipients(filter: UserListFilter): Promise<string[]>;
}

/** The SQL scope column naming a unit of this level (1 → `district_id` … 5 → `group_id`). */
export function scopeColumnOfLevel(
  level: number,
): 'district_id' | 'street_id' | 'community_id' | 'grid_id' | 'group_id' {
  const columns = ['district_id', 'street_id', 'community_id', 'grid_id', 'group_id'] as const;
  const column = columns[level - 1];
  if (!column) throw new Error(`no scope column for level ${level}`);
  return column;
}

export interface PartnerLookup {
  get(id: string): Promise<PartnerBodyView | null>;
  /**
   * The body, when the caller may name it: one on the district's register (linked to no unit), or
   * one linked inside the caller's `partner.read` scope; otherwise null, as for an unknown id. Use
   * it for every partner id that comes from the caller's input, so bodies of other subtrees cannot
   * be probed or paired with.
   */
  visibleTo(ctx: CallerContext, id: string): Promise<PartnerBodyView | null>;
  list(filter?: { type?: string }): Promise<PartnerBodyView[]>;
}

/**
 * A repository for one of the plugin's tenant tables. `insert` fills `tenantId`, a time-ordered
 * `id` and, for scoped entities, the five scope columns from the unit the row belongs to.
 */
export interface TenantRepository<T extends ObjectLiteral> {
  insert(values: Partial<T>, options?: { unitId?: string }): Promise<T>;
  /** Rows of this tenant only (row-level security); add your own conditions. */
  queryBuilder(alias: string): SelectQueryBuilder<T>;
  findById(id: string): Promise<T | null>;
  update(id: string, changes: Partial<T>): Promise<void>;
  /** Loads a scoped row the caller may act on with `permission`; 404 when out of scope. */
  findInScope(ctx: PluginRequestContext, id: string, permission: string, readPermission?: string): Promise<T>;
}

/** Publishes this plugin's declared events; delivered after commit to enabled subscribers. */
export interface EventPublisher {
  publish(name: string, version: number, payload: Record<string, unknown>): Promise<void>;
}

export interface JobEnqueuer {
  /** Runs the plugin's job `name` after this transaction commits (at least once; effects once). */
  enqueue(name: string, payload: Record<string, unknown>, options?: { runAt?: Date }): Promise<void>;
}

/** Durable timers: one per (name, key); scheduling again reschedules, fires once per due time. */
export interface TimerScheduler {
  schedule(name: string, key: string, dueAt: Date, payload?: Record<string, unknown>): Promise<void>;
  cancel(name: string, key: string): Promise<boolean>;
  /** The pending due time, or null when none is pending. */
  dueAt(name: string, key: string): Promise<Date | null>;
}

export interface NotificationInput {
  userIds: string[];
  /** A machine kind, e.g. `case-overdue`; stored as `<pluginId>.<kind>`. */
  kind: string;
  title: string;
  body?: string;
  link?: string;
  data?: Record<string, unknown>;
  /** Same key for the same user is one message, so a retried job does not notify twice. */
  dedupeKey: string;
}

/** Sends into users' in-app inboxes, in the same transaction as the change. */
export interface Notifier {
  notify(input: NotificationInput): Promise<void>;
}

/**
 * A district's clock and working-day calendar, read once: synchronous and pure. Instants are
 * `Date`s; days are `YYYY-MM-DD` in the district's time zone (the tenant profile's, by default
 * `Asia/Shanghai`). Working days follow China's schedule of public holidays and 调休 working days
 * for the years it covers (`coveredYears`, 2004–2026 with chinese-days 1.5), then the district's
 * overrides; a year not covered counts Monday–Friday plus the overrides. (SDK 1.3)
 */
export interface DistrictCalendar {
  /** IANA name, e.g. `Asia/Shanghai`. */
  readonly timeZone: string;
  /** Every year the national schedule covers; `isWorkingDay` in others is Monday–Friday plus overrides. */
  readonly coveredYears: readonly number[];
  /** The district's day of an instant: `dateOf(new Date('2026-09-30T16:30:00Z'))` → `'2026-10-01'`. */
  dateOf(at: Date): string;
  /** The district's hour of the day (0–23) of an instant. */
  hourOf(at: Date): number;
  /** `YYYY-MM-DD HH:mm` as the district reads it, for texts (APIs keep ISO 8601 in UTC). */
  format(at: Date): string;
  /** Midnight starting a district day: `startOfDay('2026-10-01')` → `2026-09-30T16:00:00Z` in Beijing. */
  startOfDay(date: string): Date;
  /** Is the day (`YYYY-MM-DD`, or the district day of an instant) a working day? */
  isWorkingDay(date: string | Date): boolean;
  /**
   * The same wall-clock time on the n-th working day after the instant's district day (that day
   * itself not counted). Negative `n` counts back; 0 returns `at`.
   */
  addWorkingDays(at: Date, n: number): Date;
  /** Working days after `a`'s day up to and including `b`'s; `workingDaysBetween(a, addWorkingDays(a, n)) === n`. */
  workingDaysBetween(a: Date, b: Date): number;
  /** The same wall-clock time `n` months later, clamped to the month's last day (Jan 31 + 1 → Feb 28). */
  addMonths(at: Date, n: number): Date;
}

/**
 * `tx.clock`: the district's calendar, read from the tenant profile and the district's overrides
 * on first use in the transaction (one query), then answered from memory. The methods are the
 * calendar's, made async; `await tx.clock.calendar()` gives the synchronous calendar for loops. (SDK 1.3)
 */
export interface DistrictClock {
  calendar(): Promise<DistrictCalendar>;
  timeZone(): Promise<string>;
  dateOf(at: Date): Promise<string>;
  startOfDay(date: string): Promise<Date>;
  isWorkingDay(date: string | Date): Promise<boolean>;
  addWorkingDays(at: Date, n: number): Promise<Date>;
  workingDaysBetween(a: Date, b: Date): Promise<number>;
  addMonths(at: Date, n: number): Promise<Date>;
}

/** A referral's state: waiting for the target, taken on, handed back, or done with an outcome. (SDK 1.4) */
export type ReferralStatus = 'pending' | 'accepted' | 'refused' | 'resolved';

/**
 * A referral as its origin sees it (SDK 1.4): where the case went, what became of it, and the
 * outcome the target reported, by name. Never the target's own content (its notes, its advice):
 * the core does not hold it.
 */
export interface ReferralView {
  id: string;
  /** `<target plugin>.<kind key>`. */
  kind: string;
  kindNames: Names;
  status: ReferralStatus;
  /** The origin: the plugin, its record and that record's number and unit. */
  source: { pluginId: string; recordId: string; ref: string | null; unitId: string };
  target: {
    pluginId: string;
    pluginNames: Names;
    unitId: string | null;
    partnerBodyId: string | null;
    /** The unit's or the partner body's name. */
    name: string | null;
    /** The target's own record, once accepted, and the number it goes by there. */
    recordId: string | null;
    ref: string | null;
  };
  reason: string;
  /** Why the target refused it. */
  refusalReason: string | null;
  /** Once resolved: the outcome's key, its names and when the target closed it. */
  outcome: { result: string; names: Names; closedAt: string } | null;
  openedAt: string;
  openedBy: string | null;
  acceptedAt: string | null;
  refusedAt: string | null;
}

/** A referral as its receivers see it: the view plus what the origin sent (SDK 1.4). */
export interface ReceivedReferral<P = Record<string, unknown>> extends ReferralView {
  payload: P;
}

/** `tx.referrals.open(...)`: hand one of this plugin's records to another practice. (SDK 1.4) */
export interface OpenReferralInput {
  /** The kind's full key, `<target plugin>.<key>` (`GET /api/v1/referrals/kinds` lists the enabled ones). */
  kind: string;
  /** For a kind whose target is a unit: the unit (the record's own unit or one above it, or one in the caller's scope). */
  targetUnitId?: string;
  /** For a kind whose target is a partner body: one the caller may name. */
  targetPartnerBodyId?: string;
  /** Why it goes there: required, shown to the receivers. */
  reason: string;
  /** The link back: this plugin's record, its number and unit. */
  recordId: string;
  recordRef?: string | null;
  recordUnitId: string;
  /** Validated against the kind's payload class. */
  payload?: Record<string, unknown>;
}

/** A referral kind enabled in the district (SDK 1.4). */
export interface ReferralKindView {
  kind: string;
  pluginId: string;
  names: Names;
  pluginNames: Names;
  target: 'unit' | 'partner';
}

/** `tx.referrals` (SDK 1.4): see docs/plugins.md "Referrals". */
export interface ReferralsApi {
  /**
   * Opens a referral of this plugin's record, in this transaction: checks the kind exists
   * (404 `REFERRAL_KIND_NOT_FOUND`), its plugin is enabled (409 `REFERRAL_TARGET_DISABLED`), the
   * target lies in the district and the caller may name it (404 `NOT_FOUND`), the reason is given
   * (400 `REFERRAL_REASON_REQUIRED`), the payload is valid (400 `VALIDATION_FAILED`), and the record
   * has no referral of this kind still open (409 `REFERRAL_ALREADY_OPEN`). The receivers are told
   * through the outbox, after commit.
   */
  open(input: OpenReferralInput): Promise<ReferralView>;
  /** The referrals of this plugin's records, newest first per record (the origin's view). */
  ofRecords(recordIds: readonly string[]): Promise<ReferralView[]>;
  /** One referral this plugin opened or receives, or null. */
  get(id: string): Promise<ReceivedReferral | null>;
  /**
   * For the target plugin, once its record is done: reports the outcome (one of the kind's declared
   * `outcomes`) and when it closed; the referral becomes `resolved` and the origin is told.
   * 409 `REFERRAL_NOT_ACCEPTED` unless it is accepted.
   */
  reportOutcome(id: string, outcome: { result: string; closedAt?: Date }): Promise<ReferralView>;
  /** The referral kinds enabled in the district: what `open` can be asked for. */
  kinds(): Promise<ReferralKindView[]>;
}

/** Everything a plugin can do inside one tenant transaction. */
export interface PluginTx {
  readonly tenantId: string;
  readonly pluginId: string;
  /** The acting user, or null for jobs, timers, events and public routes. */
  readonly actorId: string | null;
  /** The time of this transaction, from the server's clock (controllable in tests). */
  readonly now: Date;
  /** Raw SQL under row-level security: only this tenant's rows are visible. */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  repository<T extends ObjectLiteral>(entity: EntityTarget<T>): TenantRepository<T>;
  readonly hierarchy: HierarchyLookup;
  readonly partners: PartnerLookup;
  readonly users: UserLookup;
  /**
   * Names of units, partner bodies and users (display names) by id, in one query (SDK 1.2): to label
   * a page of rows. Like `users.displayNames`, it names what a record the caller may see refers
   * to, whether or not the caller may look those up: pass ids read from such rows, never ids from
   * the caller's input (those go through `hierarchy`, `partners.visibleTo`, `users.visibleTo`).
   */
  names(request: NamesRequest): Promise<NameMaps>;
  readonly events: EventPublisher;
  readonly jobs: JobEnqueuer;
  readonly timers: TimerScheduler;
  readonly notifications: Notifier;
  /** The district's time zone and working days (SDK 1.3). */
  readonly clock: DistrictClock;
  /** Cases handed between practices (SDK 1.4). */
  readonly referrals: ReferralsApi;
  /** The tenant's settings for this plugin, defaults filled in. */
  settings<S extends object>(): Promise<S>;
  /** Records an audit event (actor, action, entity, before, after) in this transaction. */
  audit(
    action: string,
    entity: string,
    entityId: string | null,
    before?: object | null,
    after?: object | null,
  ): Promise<void>;
  /** The TypeORM EntityManager of this transaction, for what the helpers above do not cover. */
  readonly em: EntityManager;
}

/** Given to job handlers. */
export interface JobContext<P = Record<string, unknown>> {
  tx: PluginTx;
  payload: P;
  jobId: string;
  attempt: number;
  /** Resolves one of the plugin's providers (a service) by class. */
  get<T>(type: new (...args: never[]) => T): T;
}

/** Given to timer handlers. The timer is marked fired in the same transaction. */
export interface TimerContext<P = Record<string, unknown>> {
  tx: PluginTx;
  key: string;
  dueAt: Date;
  payload: P;
  get<T>(type: new (...args: never[]) => T): T;
}

/** Given to event subscribers. */
export interface EventContext<P = Record<string, unknown>> {
  tx: PluginTx;
  event: { id: string; name: string; version: number; sourcePluginId: string | null; occurredAt: Date };
  payload: P;
  get<T>(type: new (...args: never[]) => T): T;
}

/** Given to the seed and disable hooks. */
export interface SeedContext {
  tx: PluginTx;
  /** The plugin version previously seeded for this tenant, or null the first time. */
  previousVersion: string | null;
  get<T>(type: new (...args: never[]) => T): T;
}

/** Given to a referral kind's `accept` (SDK 1.4): the receiver accepting, in their transaction. */
export interface ReferralAcceptContext<P = Record<string, unknown>> {
  tx: PluginTx;
  /** The receiver who accepts. */
  caller: PluginRequestContext;
  referral: ReceivedReferral<P>;
  get<T>(type: new (...args: never[]) => T): T;
}

/** Given to a referral kind's `received` (SDK 1.4): no caller, as in events. */
export interface ReferralReceivedContext<P = Record<string, unknown>> {
  tx: PluginTx;
  referral: ReceivedReferral<P>;
  get<T>(type: new (...args: never[]) => T): T;
}

/** Given to `referrals.onUpdate` (SDK 1.4): the change, then the referral as it stands now. */
export interface ReferralUpdateContext {
  tx: PluginTx;
  /** The status this delivery reports (`accepted`, `refused`, `resolved`). */
  change: Exclude<ReferralStatus, 'pending'>;
  referral: ReferralView;
  get<T>(type: new (...args: never[]) => T): T;
}

/** Given to the demo hook (`hooks.demo`). */
export interface DemoContext {
  tx: PluginTx;
  /** Deterministic numbers in [0, 1) (a seeded generator): the same sequence on every first start. */
  random(): number;
  /** The year of activity to make up: [from, to), `to` being the transaction's clock. */
  from: Date;
  to: Date;
  /** The demo's user ids by username (`admin`, `street1`, `worker1`, `dept1`, `unit1`, `member1`, …). */
  users: Readonly<Record<string, string>>;
  get<T>(type: new (...args: never[]) => T): T;
}

/** Given to indicator computations. Compute in SQL over `tx`, filtered by `scopeColumn = unitId`. */
export interface IndicatorContext {
  tx: PluginTx;
  unit: OrgUnitView;
  /** The SQL column naming the unit on scoped rows: `street_id`, `community_id`, … */
  scopeColumn: 'district_id' | 'street_id' | 'community_id' | 'grid_id' | 'group_id';
  /** Half-open period [from, to). */
  from: Date;
  to: Date;
  get<T>(type: new (...args: never[]) => T): T;
}

import type { StoredFile } from '@tongxin/files';
export type { StoredFile };

/**
 * File storage port: local disk by default (`FILE_STORAGE_DIR`), S3-compatible when `S3_BUCKET`
 * is configured. Keys are namespaced by tenant and plugin by the host.
 */
export interface FileStorage {
  put(tenantId: string, name: string, body: Buffer, contentType: string): Promise<StoredFile>;
  get(tenantId: string, key: string): Promise<{ body: Buffer; contentType: string } | null>;
  delete(tenantId: string, key: string): Promise<void>;
}

/**
 * The SDK's entry point inside a plugin: inject it into your services. One instance per plugin,
 * so it knows which plugin is asking (events, timers, settings and storage are the plugin's own).
 */
export abstract class Tongxin {
  abstract readonly pluginId: string;
  /** A tenant transaction for the caller; follow-up work it queued is handed to the queue after commit. */
  abstract transaction<T>(ctx: CallerContext, work: (tx: PluginTx) => Promise<T>): Promise<T>;
  /**
   * Does the caller hold `permission` (full key) over rows of this scope? Without a scope: anywhere.
   * Always false for an anonymous caller.
   */
  abstract can(ctx: CallerContext, permission: string, scope?: Scope): boolean;
  /** Throws 403 `FORBIDDEN` unless `can(...)`. */
  abstract assertCan(ctx: CallerContext, permission: string, scope?: Scope): void;
  /**
   * The caller's scope for `permission`: the units whose subtrees it covers (one per role
   * assignment that grants it), e.g. to default a form to the caller's own community. None for an
   * anonymous caller.
   */
  abstract grantedUnits(ctx: CallerContext, permission: string): { unitId: string; level: number }[];
  /**
   * A SQL condition (and its parameters) limiting `alias`'s scoped rows to where the caller holds
   * `permission`; `FALSE` for an anonymous caller.
   */
  abstract scopeCondition(
    ctx: CallerContext,
    permission: string,
    alias: string,
  ): { sql: string; params: Record<string, unknown> };
  /**
   * The same scope as `scopeCondition`, as one condition per unit the caller holds `permission`
   * over (`alias.community_id = :id`); none for an anonymous caller or a permission held nowhere.
   * For `cursorPageOfAny`: lists whose visibility is an OR stay fast at millions of rows.
   */
  abstract scopeBranches(
    ctx: CallerContext,
    permission: string,
    alias: string,
  ): { sql: string; params: Record<string, unknown> }[];
  abstract readonly files: FileStorage;
  /**
   * The absolute address of one of this plugin's public routes in the caller's district:
   * `PUBLIC_URL` + `/api/v1/public/<tenant code>/plugins/<id>/` + `path`
   * (`publicUrl(ctx, 'open311/v2/media/…')`). Built from the configured `PUBLIC_URL`, never from
   * the request's Host header, which the client chooses: links a plugin publishes (discovery
   * documents, media URLs) must point at the real server.
   */
  abstract publicUrl(ctx: PublicRequestContext, path: string): string;
  /**
   * Counts one more `name` (e.g. `open311.filing`) for `key` (an api key's id, a client address)
   * in the caller's district, and once more than `limit.limit` were counted in the window throws
   * 429 `RATE_LIMITED` with a `Retry-After` header (a public controller's error renderer keeps it).
   * Counters are shared by every api process (Redis or PostgreSQL) and named per plugin and
   * district, so no two plugins or districts share one. A `limit` of 0 refuses every call. Every
   * call counts, refused or not. Never pass a secret as `key`: pass its id. Request routes only.
   */
  abstract throttle(ctx: CallerContext, name: string, key: string, limit: ThrottleLimit): Promise<void>;
  /** A name in the caller's language. */
  abstract text(ctx: CallerContext, names: Names): string;
  /**
   * Streams a list as a CSV (UTF-8 with BOM) or XLSX file into the response (`@Res() res`), read
   * page by page through `list.page` in one transaction, headers in the caller's language,
   * personal columns masked unless `unmasked`, and audited with the filters and the row count.
   * A refusal of the first page is the list's own 4xx. See docs/plugins.md, Exports.
   */
  abstract exportList<R>(ctx: PluginRequestContext, res: ExportResponse, list: PluginListExport<R>): Promise<void>;
}
