import type { ErrorCode } from './error-codes';

/** What PostgreSQL says about a refused statement (node-postgres' DatabaseError carries these). */
export interface DatabaseErrorFields {
  code: string;
  constraint?: string;
  detail?: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
const MAX_CHAIN = 8;

/**
 * The PostgreSQL error behind an exception, wherever it sits: thrown raw by node-postgres (a
 * `DatabaseError`, e.g. from BullMQ's PostgreSQL backend), wrapped by TypeORM (`QueryFailedError`
 * keeps it as `driverError`), or further down a `cause` chain. Recognised by shape (a five-character
 * SQLSTATE and a severity), so no driver class has to be imported here, and a Node system error
 * (`EPIPE` has no severity) is not mistaken for one.
 */
export function findDatabaseError(exception: unknown): DatabaseErrorFields | undefined {
  const queue: unknown[] = [exception];
  const seen = new Set<unknown>();
  while (queue.length > 0 && seen.size < MAX_CHAIN) {
    const current = queue.shift();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    const candidate = current as { code?: unknown; severity?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof candidate.code === 'string' && SQLSTATE.test(candidate.code) && typeof candidate.severity === 'string')
      return current as DatabaseErrorFields;
    queue.push(candidate.driverError, candidate.cause);
  }
  return undefined;
}

/** Unique constraints a race can still hit after a service's own check, and what they mean to the caller. */
const UNIQUE_CONSTRAINTS: Record<string, { code: ErrorCode; field?: string }> = {
  uq_org_units_code: { code: 'DUPLICATE', field: 'code' },
  uq_users_username: { code: 'DUPLICATE', field: 'username' },
  uq_roles_key: { code: 'DUPLICATE', field: 'key' },
  uq_tenants_code: { code: 'TENANT_CODE_TAKEN' },
  uq_role_assignments_active: { code: 'ROLE_ALREADY_ASSIGNED' },
  uq_referrals_open: { code: 'REFERRAL_ALREADY_OPEN' },
};

/**
 * The offending value from PostgreSQL's detail (`Key (tenant_id, code)=(…, ZH-01) already exists.`).
 * Tables with row-level security get no detail, so services map their own races (isUniqueViolation).
 */
function duplicateValue(detail: string | undefined): string {
  const values = /\)=\((.*)\) already exists/.exec(detail ?? '')?.[1];
  return values?.split(', ').pop() ?? '';
}

export interface DatabaseRefusal {
  status: number;
  code: ErrorCode;
  params?: Record<string, string | number>;
  /** Seconds a client should wait before retrying (transient failures). */
  retryAfter?: number;
}

/**
 * What a PostgreSQL error means to the caller, by SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html).
 * Data exceptions (class 22: a NUL character, a number out of range, an over-long string) and
 * integrity refusals (class 23) are the request's fault: 4xx. Contention and an overloaded or
 * restarting server (serialization failures, deadlocks, lock and statement timeouts, connection
 * loss) are worth retrying: 503. Anything else is ours: undefined, and the filter answers 500.
 */
export function classifyDatabaseError(error: DatabaseErrorFields): DatabaseRefusal | undefined {
  const { code } = error;
  switch (code) {
    case '23505': {
      const known = UNIQUE_CONSTRAINTS[error.constraint ?? ''] ?? { code: 'DUPLICATE' as const, field: '' };
      const value = duplicateValue(error.detail);
      return { status: 409, code: known.code, params: { field: known.field ?? '', value, code: value } };
    }
    case '23503': // foreign_key_violation: a referenced row is gone (or never was)
    case '23P01': // exclusion_violation
      return { status: 409, code: 'VALIDATION_FAILED' };
    case '22P02': // invalid_text_representation: a malformed uuid reached a uuid column
      return { status: 400, code: 'INVALID_ID' };
    case '54000': // program_limit_exceeded: e.g. a value too large for its index
      return { status: 400, code: 'VALIDATION_FAILED' };
    case '40001': // serialization_failure
    case '40P01': // deadlock_detected
    case '55P03': // lock_not_available
    case '57014': // query_canceled (statement_timeout)
    case '57P01': // admin_shutdown
    case '57P03': // cannot_connect_now
      return { status: 503, code: 'SERVICE_UNAVAILABLE', retryAfter: 1 };
  }
  // 22xxx data exception (22021 a NUL character, 22001 too long, 22003 out of range, …);
  // 23xxx the rest of integrity (23502 a null for a required column, 23514 a check).
  if (code.startsWith('22') || code.startsWith('23')) return { status: 400, code: 'VALIDATION_FAILED' };
  // 08xxx connection exceptions, 53xxx insufficient resources (too many connections, out of memory).
  if (code.startsWith('08') || code.startsWith('53'))
    return { status: 503, code: 'SERVICE_UNAVAILABLE', retryAfter: 1 };
  return undefined;
}
