import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { logger } from '@tongxin/http';
import { Metrics } from './metrics';
import type { MetricsOptions } from './metrics-options';

export const METRICS_OPTIONS = Symbol('METRICS_OPTIONS');

/**
 * `GET /metrics` on a listener of its own (METRICS_PORT), apart from the API's port: whatever
 * publishes the API (a load balancer, an ingress, a published compose port) does not publish the
 * metrics, which name routes, pool sizes and backlogs an outsider has no business seeing. With
 * METRICS_TOKEN, a scrape must also carry it as a bearer token.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    private readonly metrics: Metrics,
    @Inject(METRICS_OPTIONS) private readonly options: MetricsOptions,
  ) {}

  /** The bound address (port 0 picks one). */
  address(): AddressInfo | undefined {
    return (this.server?.address() as AddressInfo | null) ?? undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new Error(
                `The metrics port ${this.options.port} on ${this.options.host} is taken: set METRICS_PORT to a free port`,
              )
            : error,
        ),
      );
      server.listen(this.options.port, this.options.host, () => resolve());
    });
    this.server = server;
    const { address, port } = this.address()!;
    logger.info({ address, port, token: Boolean(this.options.token) }, 'metrics listening at /metrics');
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics') return end(res, 404, 'Not found: metrics are at /metrics\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return end(res, 405, 'Method not allowed\n');
    }
    if (this.options.token && !sameSecret(bearerToken(req), this.options.token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      return end(res, 401, 'A bearer token (METRICS_TOKEN) is required\n');
    }
    try {
      const body = await this.metrics.scrape();
      res.setHeader('Content-Type', this.metrics.contentType);
      res.setHeader('Cache-Control', 'no-store');
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (error) {
      logger.error({ err: String(error) }, 'metrics scrape failed');
      end(res, 500, 'Metrics could not be collected\n');
    }
  }
}

function end(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(text);
}

function bearerToken(req: IncomingMessage): string {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1] ?? '';
}

/** Compares digests, so neither the length nor the content leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
