import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_HASH_CONCURRENCY, login, Semaphore, sourceAddressOf, type AuthConfig } from './auth';
import { createCase, listCases } from './cases';
import { Database } from './db';
import { HttpError, languageOf, readJson, requestIdOf, sendError, sendJson } from './http';
import { computeIndicator } from './indicators';
import { GeoReportError, open311Requests } from './open311';
import { authenticate, CASE_HANDLE, CASE_READ, CASE_REPORT, requireGridPermission } from './principal';

export interface BaselineOptions {
  /** The app role's URL (tongxin_app: row-level security applies). */
  appUrl: string;
  jwtSecret: string;
  port?: number;
  host?: string;
  accessTokenTtlSeconds?: number;
  poolSize?: number;
  /** The product's AppConfig defaults: 30 days; hashing bounded like PASSWORD_HASH_CONCURRENCY / _QUEUE. */
  refreshTokenTtlDays?: number;
  hashConcurrency?: number;
  hashQueue?: number;
}

export interface Baseline {
  url: string;
  close(): Promise<void>;
}

const OPEN311 = /^\/api\/v1\/public\/([^/]+)\/plugins\/grid\/open311\/v2\/requests\.([^/.]+)$/;
const INDICATOR = /^\/api\/v1\/indicators\/([^/]+)\/([^/]+)$/;

/** Routes one request; every answer is JSON, refusals as the product's error body. */
async function handle(db: Database, auth: AuthConfig, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = requestIdOf(req);
  res.setHeader('X-Request-Id', requestId);
  const url = new URL(req.url ?? '/', 'http://baseline');
  const path = url.pathname;
  const lang = languageOf(req.headers['accept-language']);
  try {
    if (req.method === 'POST' && path === '/api/v1/auth/login') {
      return sendJson(res, 200, await login(db, auth, await readJson(req), requestId, sourceAddressOf(req)), {
        'Cache-Control': 'no-store',
        Pragma: 'no-cache',
      });
    }
    if (path === '/api/v1/plugins/grid/cases' && (req.method === 'POST' || req.method === 'GET')) {
      // The guard authenticates before the body is validated; Express has read the body by then.
      const body = req.method === 'POST' ? await readJson(req) : undefined;
      const principal = await authenticate(db, req, auth.jwtSecret, auth.accessTokenTtlSeconds);
      if (req.method === 'POST') {
        requireGridPermission(principal, CASE_REPORT);
        return sendJson(res, 201, await createCase(db, principal, body, requestId));
      }
      requireGridPermission(principal, CASE_READ, CASE_HANDLE);
      return sendJson(res, 200, await listCases(db, principal, url.searchParams));
    }
    const indicator = req.method === 'GET' ? INDICATOR.exec(path) : null;
    if (indicator) {
      const principal = await authenticate(db, req, auth.jwtSecret, auth.accessTokenTtlSeconds);
      const [, pluginId, key] = indicator.map((p) => decodeURIComponent(p)) as [string, string, string];
      return sendJson(res, 200, await computeIndicator(db, principal, pluginId, key, url.searchParams));
    }
    const open311 = req.method === 'GET' ? OPEN311.exec(path) : null;
    if (open311) {
      const [, tenant, format] = open311.map((p) => decodeURIComponent(p)) as [string, string, string];
      try {
        return sendJson(res, 200, await open311Requests(db, tenant, format, url.searchParams, lang));
      } catch (error) {
        if (!(error instanceof GeoReportError)) throw error;
        return sendJson(res, error.status, [{ code: error.status, description: error.code }], {
          'X-Error-Code': error.code,
        });
      }
    }
    throw new HttpError(404, 'ROUTE_NOT_FOUND');
  } catch (error) {
    if (error instanceof HttpError) return sendError(res, requestId, error);
    console.error(`[baseline] ${req.method} ${path}:`, error);
    return sendError(res, requestId, new HttpError(500, 'INTERNAL_ERROR'));
  }
}

/** Starts the baseline server; `port: 0` picks a free port (the test's). */
export async function startBaseline(options: BaselineOptions): Promise<Baseline> {
  if (options.jwtSecret.length < 32) throw new Error('JWT_SECRET must be 32+ characters');
  const db = new Database(options.appUrl, options.poolSize ?? 20);
  const auth: AuthConfig = {
    jwtSecret: options.jwtSecret,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 900,
    refreshTokenTtlDays: options.refreshTokenTtlDays ?? 30,
    hashing: new Semaphore(options.hashConcurrency ?? DEFAULT_HASH_CONCURRENCY, options.hashQueue),
  };
  const server = createServer((req, res) => {
    void handle(db, auth, req, res);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3901, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}
