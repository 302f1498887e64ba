import type { LoggerService } from '@nestjs/common';
import { pino } from 'pino';

/** One JSON line per event on stdout; LOG_LEVEL=silent in tests keeps the output readable. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: { service: process.env.SERVICE_NAME ?? 'tongxin' },
  timestamp: pino.stdTimeFunctions.isoTime,
});

/** Routes Nest's own log lines through the same JSON logger. */
export class JsonLogger implements LoggerService {
  log(message: unknown, context?: string) {
    logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    logger.trace({ context }, String(message));
  }
}
