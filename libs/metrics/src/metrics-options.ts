import { parseVariables } from '@tongxin/config';

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

/**
 * Reads the metrics switch (its variables are in libs/config's schema): undefined when METRICS is
 * unset or `false`. Every bad variable is named, so a typo stops the start instead of silently
 * leaving metrics off.
 */
export function metricsOptionsFromEnv(env: NodeJS.ProcessEnv): MetricsOptions | undefined {
  const v = parseVariables(['METRICS', 'METRICS_PORT', 'METRICS_HOST', 'METRICS_TOKEN', 'HOST'], env);
  if (!v.METRICS) return undefined;
  return { port: v.METRICS_PORT, host: v.METRICS_HOST || v.HOST || '127.0.0.1', token: v.METRICS_TOKEN };
}
