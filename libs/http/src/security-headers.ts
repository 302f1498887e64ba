import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/** Where Swagger UI and the OpenAPI document are served (when API_DOCS is on). */
export const API_DOCS_PATH = '/api/docs';
const PUBLIC_ROUTES_PREFIX = '/api/v1/public/';

/**
 * helmet's headers on every answer (nosniff, HSTS, no referrer, frame and opener isolation…), with
 * a content security policy per kind of answer:
 * - the API answers JSON and never needs a page: `default-src 'none'; frame-ancestors 'none'`, so
 *   even an answer a browser mistook for HTML could run or load nothing;
 * - Swagger UI (`/api/docs`) loads its own scripts and styles: helmet's default policy, without
 *   `upgrade-insecure-requests`, which would break the docs on a plain-HTTP intranet address;
 * - public plugin routes (`/api/v1/public/…`, e.g. Open311) are read by other sites' clients, so
 *   their resources may be embedded cross-origin (`Cross-Origin-Resource-Policy: cross-origin`).
 * A handler may still set its own policy (a served file, say): its header replaces this one.
 */
export function securityHeaders(): RequestHandler {
  const apiPolicy = { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } };
  const api = helmet({ contentSecurityPolicy: apiPolicy, frameguard: { action: 'deny' } });
  const publicApi = helmet({
    contentSecurityPolicy: apiPolicy,
    frameguard: { action: 'deny' },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
  const docs = helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith(API_DOCS_PATH)) return docs(req, res, next);
    if (req.path.startsWith(PUBLIC_ROUTES_PREFIX)) return publicApi(req, res, next);
    return api(req, res, next);
  };
}
