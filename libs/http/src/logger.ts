import type { LoggerService } from '@nestjs/common';
import { readVariableOrDefault } from '@tongxin/config';
import { pino } from 'pino';
import { prettyDestination } from './pretty-log';

// Read leniently: this runs on import, before the start has checked the environment (which then
// names a bad LOG_LEVEL or LOG_FORMAT and stops).
const level = readVariableOrDefault('LOG_LEVEL') ?? (readVariableOrDefault('NODE_ENV') === 'test' ? 'silent' : 'info');
const format = readVariableOrDefault('LOG_FORMAT') ?? (process.stdout.isTTY ? 'pretty' : 'json');

/**
 * JSON lines on stdout, or readable lines on a terminal (LOG_FORMAT=pretty|json overrides);
 * LOG_LEVEL=silent in tests keeps the output readable.
 */
export const logger = pino(
  {
    level,
    base: { service: readVariableOrDefault('SERVICE_NAME') },
    timestamp: pino.stdTimeFunctions.isoTime,
  },
  format === 'pretty' ? prettyDestination(process.stdout) : pino.destination({ dest: 1, sync: true }),
);

/**
 * Nest's start-up chatter: a line per module, controller and route (some 200 lines) that buried
 * the start banner. Kept, at debug.
 */
const BOOTSTRAP_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);

/** Routes Nest's own log lines through the same logger. */
export class JsonLogger implements LoggerService {
  log(message: unknown, context?: string) {
    if (context && BOOTSTRAP_CONTEXTS.has(context)) logger.debug({ context }, String(message));
    else logger.info({ context }, String(message));
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
