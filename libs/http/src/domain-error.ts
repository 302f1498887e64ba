import type { ErrorCode } from './error-codes';
import type { Language } from './language';

/**
 * A value interpolated into a message: as is, or in each language (a status, an action: what a
 * Chinese sentence must not show as `pending`).
 */
export type MessageParam = string | number | Readonly<Record<Language, string>>;
export type MessageParams = Record<string, MessageParam>;

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
    readonly params: MessageParams = {},
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
  params: MessageParams = {},
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
export const conflict = (code: ErrorCode, params: MessageParams = {}, details?: unknown) =>
  new DomainError(code, 409, params, details);
export const badRequest = (code: ErrorCode, params: MessageParams = {}, details?: unknown) =>
  new DomainError(code, 400, params, details);
export const forbidden = (code: ErrorCode = 'FORBIDDEN', params: MessageParams = {}) =>
  new DomainError(code, 403, params);
/**
 * 403 `FORBIDDEN` naming the permission the caller lacks, by key and (in the message) by its
 * localised name: what to ask the district administrator for. Only the permission is named,
 * never the unit or row it was needed on.
 */
export const permissionMissing = (permission: string) =>
  new DomainError('FORBIDDEN', 403, { permission }, { permission });
