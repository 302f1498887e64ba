import type { ErrorCode } from './error-codes';

/** A code a plugin registered with its messages (see registerErrorMessages). */
export type PluginErrorCode = string & { readonly __plugin?: true };

/**
 * A refusal the caller can act on: a stable machine `code`, an HTTP status, and parameters that
 * the message catalogue interpolates in the caller's language. Services throw these; one filter
 * turns them into `{ statusCode, code, message, details }`.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode | PluginErrorCode,
    readonly status: number,
    readonly params: Record<string, string | number> = {},
    readonly details?: unknown,
    /** Response headers the refusal needs, e.g. `Retry-After` on a 429 or 503. */
    readonly headers?: Record<string, string>,
  ) {
    super(code);
  }
}

/** A 429 or 503 with `Retry-After` (whole seconds) in the header and in the details. */
export const retryLater = (
  code: ErrorCode | PluginErrorCode,
  status: 429 | 503,
  retryAfterSeconds: number,
  params: Record<string, string | number> = {},
) =>
  new DomainError(
    code,
    status,
    { retryAfter: retryAfterSeconds, ...params },
    { retryAfterSeconds },
    {
      'Retry-After': String(retryAfterSeconds),
    },
  );

export const notFound = (entity: string) => new DomainError('NOT_FOUND', 404, { entity });
export const conflict = (code: ErrorCode, params: Record<string, string | number> = {}, details?: unknown) =>
  new DomainError(code, 409, params, details);
export const badRequest = (code: ErrorCode, params: Record<string, string | number> = {}, details?: unknown) =>
  new DomainError(code, 400, params, details);
export const forbidden = (code: ErrorCode = 'FORBIDDEN', params: Record<string, string | number> = {}) =>
  new DomainError(code, 403, params);
