/** Where the metrics listener serves `GET /metrics` (METRICS=true; docs/adr/015). */
export interface MetricsOptions {
  /** METRICS_PORT, default 9464; 0 picks a free port (tests). */
  port: number;
  /** METRICS_HOST, default HOST (the image sets 0.0.0.0), else 127.0.0.1. */
  host: string;
  /** METRICS_TOKEN: when set, a scrape must send `Authorization: Bearer <token>`. */
  token?: string;
}

export const DEFAULT_METRICS_PORT = 9464;
const MIN_TOKEN_LENGTH = 16;

/**
 * Reads the metrics switch: undefined when METRICS is unset or `false`. Every problem is named
 * by its variable, so a typo stops the start instead of silently leaving metrics off.
 */
export function metricsOptionsFromEnv(env: NodeJS.ProcessEnv): MetricsOptions | undefined {
  const problems: string[] = [];
  const switchedOn = env.METRICS === undefined || env.METRICS === '' ? false : env.METRICS;
  if (switchedOn !== false && switchedOn !== 'true' && switchedOn !== 'false')
    problems.push(`METRICS must be true or false, got ${switchedOn}`);
  const rawPort = env.METRICS_PORT;
  const port = rawPort === undefined || rawPort === '' ? DEFAULT_METRICS_PORT : Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`METRICS_PORT must be a port number (0–65535), got ${rawPort}`);
  const token = env.METRICS_TOKEN || undefined;
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH)
    problems.push(`METRICS_TOKEN must have at least ${MIN_TOKEN_LENGTH} characters (openssl rand -hex 24)`);
  if (problems.length) throw new Error(problems.join('; '));
  if (switchedOn !== 'true') return undefined;
  return { port, host: env.METRICS_HOST || env.HOST || '127.0.0.1', token };
}
