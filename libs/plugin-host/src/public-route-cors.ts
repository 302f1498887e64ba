import type { NextFunction, Request, Response } from 'express';

/** Where every plugin's public routes are mounted (docs/plugins.md, Public routes). */
export const PUBLIC_ROUTES_PREFIX = '/api/v1/public';

const READS = new Set(['GET', 'HEAD']);

/**
 * CORS for plugins' public routes, mounted at `PUBLIC_ROUTES_PREFIX`: anything anonymous may be
 * read from any origin (`Access-Control-Allow-Origin: *`, answers and refusals alike, with the
 * headers clients need exposed), and a preflight is answered for reads. Writes get no CORS
 * headers: they carry credentials such as an Open311 api_key, which belong on servers, not in
 * web pages, so browsers keep refusing to read their answers.
 */
export function publicRouteCors(req: Request, res: Response, next: NextFunction): void {
  const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  if (preflight) {
    const wanted = String(req.headers['access-control-request-method']).toUpperCase();
    if (!READS.has(wanted)) {
      res.status(204).setHeader('Allow', 'GET, HEAD, OPTIONS');
      res.end();
      return;
    }
    res
      .status(204)
      .set({
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'GET, HEAD',
        'Access-Control-Allow-Headers': 'Accept, Accept-Language, Content-Language, If-None-Match, If-Modified-Since',
        'Access-Control-Max-Age': '600',
      })
      .end();
    return;
  }
  if (READS.has(req.method)) {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', 'X-Error-Code, X-Request-Id, Retry-After, Content-Disposition');
    // Published files (an Open311 request's photo) may be shown on the client's pages.
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  }
  next();
}
