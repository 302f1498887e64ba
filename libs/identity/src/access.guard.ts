import { Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import {
  AUTHENTICATED_KEY,
  OPERATOR_KEY,
  PERMISSION_ALTERNATIVES_KEY,
  PERMISSION_KEY,
  PLUGIN_PUBLIC_ROUTE_KEY,
  PLUGIN_ROUTE_KEY,
  PUBLIC_KEY,
  type AnonymousContext,
  type OperatorContext,
  type RequestContext,
} from '@tongxin/context';
import { clientAddress, DomainError, isUuid, languageOf, permissionMissing } from '@tongxin/http';
import { OperatorSessionLoader } from './operator-session.loader';
import type { OperatorTokenClaims, Principal } from './principal';
import { PublicContextLoader } from './public-context.loader';
import { assertSaneLifetime } from './token-lifetime';
import { buildAbility, canSomewhere } from '@tongxin/access';

/** How long an operator's token (and so their session) lasts; operators get no refresh token. */
export const OPERATOR_TOKEN_TTL_SECONDS = 3600;

type GuardedRequest = Request & {
  ctx?: RequestContext | AnonymousContext;
  operator?: OperatorContext;
  user?: Principal;
};

/**
 * The one global guard. A route is reachable only if it declares how: @Public, @PlatformOperatorOnly,
 * @Authenticated, or @RequirePermission('subject.action'). Undeclared routes are refused (fail closed).
 * For tenant routes it authenticates with passport-jwt, builds the caller's CASL ability and checks
 * the caller holds the permission somewhere; services then narrow to the caller's scope. A plugin's
 * routes answer 404 `PLUGIN_DISABLED` in tenants that have not enabled it. A plugin's public routes
 * (`/api/v1/public/:tenant/plugins/<id>/…`) need no token: the tenant comes from the path, and the
 * caller is anonymous.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly publicTenants: PublicContextLoader,
    private readonly operatorSessions: OperatorSessionLoader,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<GuardedRequest>();

    // Set by the host on the class only, so no decorator of the plugin's can turn it on or off.
    const publicPlugin = this.reflector.get<string | undefined>(PLUGIN_PUBLIC_ROUTE_KEY, context.getClass());
    if (publicPlugin) {
      req.ctx = await this.anonymous(req, publicPlugin);
      return true;
    }

    if (this.reflector.getAllAndOverride<boolean>(OPERATOR_KEY, targets)) {
      req.operator = await this.verifyOperator(req);
      return true;
    }

    const permission = this.reflector.getAllAndOverride<string | undefined>(PERMISSION_KEY, targets);
    const authenticatedOnly = this.reflector.getAllAndOverride<boolean>(AUTHENTICATED_KEY, targets);
    if (!permission && !authenticatedOnly) throw new DomainError('FORBIDDEN', 403);

    await super.canActivate(context);
    const principal = req.user!;
    const ability = buildAbility(principal.grants);
    req.ctx = {
      tenantId: principal.tenantId,
      userId: principal.userId,
      username: principal.username,
      rootUnitId: principal.rootUnitId,
      grants: principal.grants,
      heldRoles: principal.heldRoles,
      ability,
      lang: languageOf(req.headers['accept-language']),
      requestId: req.id,
      enabledPlugins: principal.enabledPlugins,
      homeUnitId: principal.homeUnitId,
      partnerBodyId: principal.partnerBodyId,
      sourceAddress: clientAddress(req),
    };
    // A plugin's routes exist only for tenants that enabled it.
    const plugin = this.reflector.getAllAndOverride<string | undefined>(PLUGIN_ROUTE_KEY, targets);
    if (plugin && !principal.enabledPlugins.includes(plugin)) throw new DomainError('PLUGIN_DISABLED', 404, { plugin });
    const alternatives =
      this.reflector.getAllAndOverride<string[] | undefined>(PERMISSION_ALTERNATIVES_KEY, targets) ?? [];
    if (permission && ![permission, ...alternatives].some((p) => canSomewhere(ability, p)))
      throw permissionMissing(permission);
    return true;
  }

  /** The context of a public plugin route: the tenant in the path exists, is active and enabled the plugin. */
  private async anonymous(req: Request, plugin: string): Promise<AnonymousContext> {
    const code = String(req.params.tenant);
    const tenant = await this.publicTenants.load(code);
    if (!tenant) throw new DomainError('TENANT_NOT_FOUND', 404, { tenant: code });
    if (!tenant.enabledPlugins.includes(plugin)) throw new DomainError('PLUGIN_DISABLED', 404, { plugin });
    return {
      tenantId: tenant.tenantId,
      tenantCode: code,
      userId: null,
      username: null,
      rootUnitId: tenant.rootUnitId,
      grants: [],
      ability: buildAbility([]),
      lang: languageOf(req.headers['accept-language']),
      requestId: req.id,
      enabledPlugins: tenant.enabledPlugins,
      sourceAddress: clientAddress(req),
    };
  }

  override handleRequest<T>(err: unknown, user: T, info: unknown): T {
    if (err) throw err instanceof Error ? err : new DomainError('UNAUTHENTICATED', 401);
    if ((info as { name?: string } | undefined)?.name === 'TokenExpiredError')
      throw new DomainError('TOKEN_EXPIRED', 401);
    if (!user) throw new DomainError('UNAUTHENTICATED', 401);
    return user;
  }

  private async verifyOperator(req: Request): Promise<OperatorContext> {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    if (!token) throw new DomainError('UNAUTHENTICATED', 401);
    let claims: OperatorTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<OperatorTokenClaims>(token, { algorithms: ['HS256'] });
    } catch (error) {
      if ((error as { name?: string }).name === 'TokenExpiredError') throw new DomainError('TOKEN_EXPIRED', 401);
      throw new DomainError('UNAUTHENTICATED', 401);
    }
    if (claims.typ !== 'operator') throw new DomainError('PLATFORM_ONLY', 403);
    if (!isUuid(claims.sub) || !isUuid(claims.sid)) throw new DomainError('UNAUTHENTICATED', 401);
    assertSaneLifetime(claims, OPERATOR_TOKEN_TTL_SECONDS);
    // The live record, every request: a removed or disabled operator, or a logged-out session, is refused at once.
    const { username } = await this.operatorSessions.load(claims.sub, claims.sid);
    return {
      operatorId: claims.sub,
      username,
      sessionId: claims.sid,
      lang: languageOf(req.headers['accept-language']),
      requestId: req.id,
      sourceAddress: clientAddress(req),
    };
  }
}
