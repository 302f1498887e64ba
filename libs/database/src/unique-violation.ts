import { QueryFailedError } from 'typeorm';

/**
 * True when `error` is PostgreSQL refusing a duplicate on `constraint`. Services use it to give a
 * race's loser the same answer as a sequential duplicate: PostgreSQL leaves out which value clashed
 * on tables with row-level security, so only the service knows it.
 */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const driverError =
    error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string }) : undefined;
  return driverError?.code === '23505' && driverError.constraint === constraint;
}
