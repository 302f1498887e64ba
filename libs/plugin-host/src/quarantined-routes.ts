import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '@tongxin/http';
import { PluginCatalog } from './catalog';

/** The core's own sub-paths of `/api/v1/plugins/{id}/`, which answer for quarantined plugins too. */
const CORE_PATHS = new Set(['enable', 'disable', 'settings']);
const PLUGIN_ROUTE = /^\/api\/v1\/(?:plugins|public\/[^/]+\/plugins)\/([^/]+)\/([^/?]+)/;

/**
 * A quarantined plugin mounts no routes, so its paths would answer a bare 404 ROUTE_NOT_FOUND and
 * a client could not tell a typo from a plugin the operator must fix. They answer 409
 * PLUGIN_QUARANTINED instead (the status the enable switch already gives it), with the problems
 * the catalogue found, for every tenant and before authentication: the refusal depends on the
 * deployment, not on who asks.
 */
@Injectable()
export class QuarantinedPluginRoutes implements NestMiddleware {
  private readonly quarantined: Map<string, unknown[]>;

  constructor(catalog: PluginCatalog) {
    const installed = new Set(catalog.installed().map((m) => m.id));
    this.quarantined = new Map(
      catalog.entries.filter((e) => e.state === 'quarantined' && !installed.has(e.id)).map((e) => [e.id, e.problems]),
    );
  }

  use(req: Request, _res: Response, next: NextFunction): void {
    const match = PLUGIN_ROUTE.exec(req.originalUrl);
    const problems = match && this.quarantined.get(match[1]!);
    const corePath = match && !req.originalUrl.startsWith('/api/v1/public/') && CORE_PATHS.has(match[2]!);
    if (problems && !corePath) throw new DomainError('PLUGIN_QUARANTINED', 409, { plugin: match[1]! }, { problems });
    next();
  }
}
