import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Metrics } from './metrics';

/** The route label of a request no route matched (404s of made-up paths): one series, not one per path. */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * Counts and times every request by the route template that answered it (`/api/v1/users/:id`),
 * never the raw path: ids and made-up paths would make a series each and exhaust Prometheus.
 */
export function httpMetricsMiddleware(metrics: Metrics): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = routeTemplate(req);
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      metrics.httpDuration.observe({ method: req.method, route }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}

/** The matched route's template, set by Express once a route took the request. */
export function routeTemplate(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${req.baseUrl}${path}` : UNMATCHED_ROUTE;
}
