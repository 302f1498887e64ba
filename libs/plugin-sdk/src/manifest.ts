import type { Provider, Type } from '@nestjs/common';
import type { MigrationInterface } from 'typeorm';
import { computeFromStatement, type IndicatorStatementScope } from './indicator-statement';
import type { PluginErrorDeclarations } from './plugin-error';
import type {
  DemoContext,
  EventContext,
  IndicatorContext,
  JobContext,
  ReferralAcceptContext,
  ReferralReceivedContext,
  ReferralUpdateContext,
  SeedContext,
  TimerContext,
} from './runtime';

/** The SDK version this build of the core implements. Plugins declare a semver range against it. */
export const SDK_VERSION = '1.5.0';

/** A text in both languages the product speaks. */
export interface Names {
  'zh-CN': string;
  en: string;
}

/**
 * A permission a plugin defines, named locally (`points.award`); its full key is
 * `plugin:<pluginId>.<key>`. `defaultGrants` lists system roles (`community_staff`, …) that hold
 * it wherever they are assigned while the plugin is enabled; `district_admin` holds every plugin
 * permission whether listed or not. A granter must hold everything a role grants, default grants
 * included: give `community_staff` a permission `street_staff` lacks, and street staff can no
 * longer grant `community_staff`.
 */
export interface PluginPermission {
  key: string;
  names: Names;
  defaultGrants?: string[];
}

/** A role the plugin adds to every tenant that enables it, e.g. a mediator or a lawyer. */
export interface PluginRole {
  key: string;
  names: Names;
  /** Local permission keys of this plugin. */
  permissions: string[];
}

/**
 * An event the plugin publishes: `<pluginId>.<name>` with a schema version. A new incompatible
 * payload is a new version (publish both while subscribers move). With `payload`, a
 * class-validator class, every publish is checked against it before it is written.
 */
export interface EventDeclaration {
  name: string;
  version: number;
  description?: string;
  payload?: Type<object>;
}

/**
 * A subscription to another plugin's (or the core's) event. Delivered after the publishing
 * transaction commits, at least once, only while this plugin is enabled for the tenant: handlers
 * must be idempotent (the transaction they get is also the delivery's receipt, so a handler that
 * only writes through `ctx.tx` runs its effects once).
 */
export interface EventSubscription<P = Record<string, unknown>> {
  event: string;
  version: number;
  handle(ctx: EventContext<P>): Promise<void>;
  /**
   * Since SDK 1.5 (set by `on(token, handler)`): the class the delivered payload must satisfy; the
   * handler then gets an instance of it, and an invalid payload fails the delivery instead of running it.
   */
  payload?: Type<object>;
  /** Since SDK 1.5: the publishing plugin may be absent (see `on`'s options). */
  optional?: boolean;
}

/** Background work the plugin enqueues with `tx.jobs.enqueue(name, payload)`. */
export interface JobDeclaration<P = Record<string, unknown>> {
  name: string;
  /** Attempts before the job is failed for operators to see; default 5, exponential backoff. */
  attempts?: number;
  handle(ctx: JobContext<P>): Promise<void>;
}

/** A durable timer kind the plugin schedules with `tx.timers.schedule(name, key, dueAt)`. */
export interface TimerDeclaration<P = Record<string, unknown>> {
  name: string;
  fire(ctx: TimerContext<P>): Promise<void>;
}

/**
 * A named figure per org unit (any subtree) and period, computed by the plugin (in SQL). Its full
 * key, as `GET /api/v1/indicators` lists it and `GET /api/v1/indicators/{key}` takes it, is
 * `<pluginId>.<key>`.
 */
export interface IndicatorDeclaration {
  key: string;
  names: Names;
  /** `count`, `ratio` (0..1), `hours`, … : how clients should show it. */
  unit: 'count' | 'ratio' | 'hours' | 'minutes' | 'points';
  /** Local permission the caller needs over the unit. */
  permission: string;
  /** The figure for `ctx.unit`'s subtree. With `statement`, `sqlIndicator` writes it for you. */
  compute(ctx: IndicatorContext): Promise<number | null>;
  /**
   * Since SDK 1.1: the figure as one SQL statement answering one row with a `value` column (and,
   * for a ratio, `numerator` and `denominator` if it can say them), using the named parameters
   * `:unit` (the unit's id, compared with `scope.scopeColumn` on your scoped rows), `:from`, `:to`
   * (the half-open period) and `:now` (the transaction's clock). From this one definition the host
   * computes a unit (`GET /indicators/{key}`) and every child of a unit in one statement
   * (`GET /indicators/{key}/children`). Without it, children are computed one `compute` each.
   */
  statement?(scope: IndicatorStatementScope): string;
}

/** An indicator written as one statement (`statement`); its `compute` runs that statement. */
export function sqlIndicator(
  indicator: Omit<IndicatorDeclaration, 'compute' | 'statement'> & {
    statement(scope: IndicatorStatementScope): string;
  },
): IndicatorDeclaration {
  return { ...indicator, compute: computeFromStatement(indicator.statement) };
}

/**
 * A kind of referral (移交/转办) this plugin receives (SDK 1.4): another practice hands one of its
 * cases over (`tx.referrals.open`) to a unit or a partner body, and this plugin's receivers accept
 * it (creating their own record, linked) or refuse it with a reason. Its full key is
 * `<pluginId>.<key>` (`mediation.dispute`).
 */
export interface ReferralKindDeclaration<P extends object = Record<string, unknown>> {
  /** Lowercase letters, digits and hyphens. */
  key: string;
  names: Names;
  /** Whom a referral of this kind goes to: an org unit (a community's mediation room) or a partner body (a property company). */
  target: 'unit' | 'partner';
  /**
   * Local permission of this plugin its receivers hold over the target unit (for a partner body:
   * over the body's unit, or anywhere for the body's own staff). They see the referral in
   * `GET /api/v1/referrals`, accept or refuse it, and are notified when one arrives.
   */
  permission: string;
  /** A class-validator class the opener's payload must satisfy (unknown properties refused); the referral keeps it. */
  payload?: Type<P>;
  /**
   * What the practice can report when it is done with one (`tx.referrals.reportOutcome`), with
   * names in both languages: all the origin ever sees of the result. Keys lowercase-hyphenated.
   */
  outcomes: Record<string, Names>;
  /**
   * Creates this plugin's own record for an accepted referral, in the accepting transaction (the
   * caller is the receiver who accepted), and answers its id and, optionally, a number people read.
   * Start the practice's own clock here.
   */
  accept(ctx: ReferralAcceptContext<P>): Promise<{ recordId: string; ref?: string | null }>;
  /**
   * Optional: runs once a referral of this kind has arrived (after the opening commits, at least
   * once, and again after the plugin is enabled if it arrived while disabled). The host has already
   * notified the receivers.
   */
  received?(ctx: ReferralReceivedContext<P>): Promise<void>;
}

/**
 * Declares a referral kind with its payload's type, so `accept` and `received` read
 * `referral.payload` as the payload class (SDK 1.4): `accepts: [defineReferralKind({ payload: DisputeV1, … })]`.
 */
export function defineReferralKind<P extends object>(kind: ReferralKindDeclaration<P>): ReferralKindDeclaration<never> {
  return kind as unknown as ReferralKindDeclaration<never>;
}

/** Referrals in the manifest (SDK 1.4). */
export interface ReferralDeclarations {
  /** The kinds this plugin receives. */
  accepts?: ReferralKindDeclaration<never>[];
  /**
   * For a plugin that opens referrals: told of each change of a referral it opened (accepted,
   * refused, resolved), in order, at least once, while the plugin is enabled (changes made while it
   * was disabled are delivered when it is enabled again). Here the origin stops its own clock on
   * `accepted`, takes the case back on `refused` and may close it on `resolved`.
   */
  onUpdate?(ctx: ReferralUpdateContext): Promise<void>;
}

/** A notification's texts in both languages; `{name}` placeholders are filled from `params`. */
export interface NotificationTemplate {
  title: Names;
  body?: Names;
}

/** What the host does when a district switches the plugin on or off. */
export interface LifecycleHooks {
  /** Runs on every enable (and when the plugin's version changes): must be idempotent. */
  seed?(ctx: SeedContext): Promise<void>;
  onDisable?(ctx: SeedContext): Promise<void>;
  /**
   * Since SDK 1.1: fills the demo district (the zero-config start's `demo` tenant) with a year of
   * made-up activity, once, when the demo is first loaded with the plugin enabled. Insert in bulk
   * through `ctx.tx` into the plugin's own tables, and draw every choice from `ctx.random` so each
   * first start makes the same data.
   */
  demo?(ctx: DemoContext): Promise<void>;
}

/** Everything the host needs to know about a plugin: the manifest of docs/plugins.md. */
export interface PluginManifest {
  /** Lowercase, digits and hyphens; also the route prefix, permission prefix and table prefix. */
  id: string;
  /** Semver of the plugin itself. */
  version: string;
  names: Names;
  description?: Names;
  /** Semver range of the SDK this plugin was written against, e.g. `^1.0.0`. */
  sdk: string;
  /** Other plugins this one needs enabled, with version ranges. */
  dependsOn?: Record<string, string>;
  /** TypeORM entities; table names start with the id, hyphens as underscores (`volunteer_points_…`). */
  entities?: Function[];
  /** Migrations for those tables, run in order with their own history table. */
  migrations?: (new () => MigrationInterface)[];
  permissions?: PluginPermission[];
  roles?: PluginRole[];
  /**
   * A class-validator class whose property initialisers are the defaults. Districts change them
   * with `PATCH /api/v1/plugins/{id}/settings`; unknown keys are refused.
   */
  settings?: Type<object>;
  /** NestJS controllers, mounted under `/api/v1/plugins/{id}/`. */
  controllers?: Type<unknown>[];
  /**
   * NestJS controllers anyone may call without signing in (e.g. an Open311 endpoint), mounted under
   * `/api/v1/public/:tenant/plugins/{id}/`, where `:tenant` is the district's tenant code (`demo`).
   * Before a handler runs the host resolves the tenant (404 `TENANT_NOT_FOUND` when unknown or
   * suspended) and checks the plugin is enabled there (404 `PLUGIN_DISABLED`); `@Ctx()` then gives a
   * `PublicRequestContext`. Routes declare no `@RequirePermission` (there is no caller to hold one);
   * whatever else a route needs, such as an API key, the plugin checks itself. They live in the
   * plugin's module, so they inject its providers and its `Tongxin`.
   */
  publicControllers?: Type<unknown>[];
  /** NestJS providers the controllers and handlers use. */
  providers?: Provider[];
  events?: { publishes?: EventDeclaration[]; subscribes?: EventSubscription<never>[] };
  jobs?: JobDeclaration<never>[];
  timers?: TimerDeclaration<never>[];
  indicators?: IndicatorDeclaration[];
  /**
   * The plugin's own error codes: the factories of `definePluginErrors(prefix, …)` (SDK 1.5), which
   * carry each code's status and messages. Every code starts with the plugin id upper-cased, hyphens
   * as underscores (`VOLUNTEER_POINTS_…`), so two plugins never clash; the host quarantines a plugin
   * with a code outside its prefix, or two plugins declaring the same code.
   * Deprecated form, still accepted: code → names, thrown with `new PluginError(code, status)`.
   */
  errors?: PluginErrorDeclarations;
  /**
   * The plugin's notification texts by kind (SDK 1.5), in both languages with `{placeholders}`:
   * `tx.notifications.notify({ kind, userIds, params, … })` renders each recipient's in their
   * preferred language. A kind missing a language quarantines the plugin.
   */
  notifications?: Record<string, NotificationTemplate>;
  /**
   * Names of the plugin's tables in the core's 404 message ("未找到{entity}"), keyed by table name:
   * what `repository(X).findInScope` and `new NotFoundError('<table>')` report.
   */
  entityNames?: Record<string, Names>;
  hooks?: LifecycleHooks;
  /** Referral kinds this plugin receives, and how it hears about those it opened (SDK 1.4). */
  referrals?: ReferralDeclarations;
}

/**
 * Declares a plugin. The host validates the manifest at boot and quarantines a plugin whose
 * manifest is wrong instead of failing the server; this function only gives it a type.
 */
export function definePlugin(manifest: PluginManifest): PluginManifest {
  return manifest;
}

/** The full key of a plugin permission: `plugin:<pluginId>.<key>`. */
export function pluginPermission(pluginId: string, key: string): string {
  return `plugin:${pluginId}.${key}`;
}
