import { Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import {
  AUTHENTICATED_KEY,
  OPERATOR_KEY,
  PERMISSION_KEY,
  PLUGIN_ROUTE_KEY,
  PUBLIC_KEY,
  type OperatorContext,
  type RequestContext,
} from '@tongxin/context';
import { DomainError, languageOf } from '@tongxin/http';
import type { OperatorTokenClaims, Principal } from './principal';
import { buildAbility, canSomewhere } from '@tongxin/access';

type GuardedRequest = Request & { ctx?: RequestContext; operator?: OperatorContext; user?: Principal };

/**
 * The one global guard. A route is reachable only if it declares how: @Public, @PlatformOperatorOnly,
 * @Authenticated, or @RequirePermission('subject.action'). Undeclared routes are refused (fail closed).
 * For tenant routes it authenticates with passport-jwt, builds the caller's CASL ability and checks
 * the caller holds the permission somewhere; services then narrow to the caller's scope. A plugin's
 * routes answer 404 `PLUGIN_DISABLED` in tenants that have not enabled it.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<GuardedRequest>();

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
      ability,
      lang: languageOf(req.headers['accept-language']),
      requestId: req.id,
      enabledPlugins: principal.enabledPlugins,
    };
    // A plugin's routes exist only for tenants that enabled it.
    const plugin = this.reflector.getAllAndOverride<string | undefined>(PLUGIN_ROUTE_KEY, targets);
    if (plugin && !principal.enabledPlugins.includes(plugin)) throw new DomainError('PLUGIN_DISABLED', 404, { plugin });
    if (permission && !canSomewhere(ability, permission)) throw new DomainError('FORBIDDEN', 403);
    return true;
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
    return {
      operatorId: claims.sub,
      username: '',
      lang: languageOf(req.headers['accept-language']),
      requestId: req.id,
    };
  }
}
