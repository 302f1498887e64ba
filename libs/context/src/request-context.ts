import type { MongoAbility } from '@casl/ability';
import type { Language } from '@tongxin/http';

/** A CASL ability over string subjects; conditions are only ever equality/`$in` on scope columns. */
export type AppAbility = MongoAbility<[string, string]>;

/** One role assignment of the caller, flattened: the permissions it grants and the unit whose subtree it covers. */
export interface ScopeGrant {
  permissions: string[];
  unitId: string;
  level: number;
}

/** One of the caller's active role assignments as stored: the role, its own permission list and the unit. */
export interface HeldRole {
  roleKey: string;
  system: boolean;
  permissions: string[];
  unitId: string;
  level: number;
}

/**
 * Who is asking, for which tenant, with what ability. Built once per request by the access guard
 * and passed first to every service method (never read from globals).
 */
export interface RequestContext {
  tenantId: string;
  userId: string;
  username: string;
  grants: ScopeGrant[];
  ability: AppAbility;
  lang: Language;
  requestId: string;
  /** The tenant's level-1 root unit. */
  rootUnitId: string;
  /** Plugins enabled for the tenant when the request began. */
  enabledPlugins: string[];
  /**
   * The user's own unit and the partner body (department, unit, …) they work for, read with the
   * principal. Set for requests; contexts built elsewhere (seeders, jobs) may leave them out.
   */
  homeUnitId?: string;
  partnerBodyId?: string | null;
  /** The client's address (clientAddress in libs/http), recorded with the audit events of the request. */
  sourceAddress?: string | null;
  /**
   * The caller's assignments as stored, for comparisons that must hold whichever plugins are
   * enabled (RoleAuthority). Set for requests; a context built elsewhere (seeders) without them
   * is compared by its `grants` as given.
   */
  heldRoles?: HeldRole[];
}

/**
 * Nobody, calling a plugin's public route for the tenant named in the path: no user and no grants,
 * so every permission check fails. Built by the access guard once the plugin is enabled there.
 */
export interface AnonymousContext extends Omit<RequestContext, 'userId' | 'username'> {
  userId: null;
  username: null;
  /** The tenant's code, from the path. */
  tenantCode: string;
}

/** A platform operator's context: no tenant. */
export interface OperatorContext {
  operatorId: string;
  username: string;
  /** The operator's session (the `sid` of their token), ended by their logout. */
  sessionId: string;
  lang: Language;
  requestId: string;
  sourceAddress: string | null;
}
