import type { HeldRole, ScopeGrant } from '@tongxin/context';

/** The authenticated caller as loaded from the database for one request. */
export interface Principal {
  tenantId: string;
  userId: string;
  username: string;
  rootUnitId: string;
  /** Plugins enabled for the tenant, read in the same query. */
  enabledPlugins: string[];
  grants: ScopeGrant[];
  /** The same assignments as stored (role and its own permissions), for RoleAuthority. */
  heldRoles: HeldRole[];
  /** The user's own unit (users.org_unit_id) and the partner body they work for, if any. */
  homeUnitId: string;
  partnerBodyId: string | null;
}

/** Claims of an access token. `typ` keeps platform-operator tokens out of tenant routes and vice versa. */
export interface AccessTokenClaims {
  sub: string;
  tid: string;
  /** The session: the refresh-token family the token was issued with. */
  sid: string;
  typ: 'access';
  iat: number;
  exp: number;
}

export interface OperatorTokenClaims {
  sub: string;
  /** The operator's session (operator_sessions.id). */
  sid: string;
  typ: 'operator';
  iat: number;
  exp: number;
}
