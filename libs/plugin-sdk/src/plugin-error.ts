import { DomainError, type MessageParams } from '@tongxin/http';

/**
 * A refusal with one of the plugin's own codes (declared in the manifest's `errors` with both
 * languages). The host answers `{ statusCode, code, message, details }` like any core error.
 */
export class PluginError extends DomainError {
  constructor(
    code: string,
    status: 400 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 423,
    /** Interpolated into the message; `{ 'zh-CN': '待审核', en: 'pending' }` for a value people read per language. */
    params: MessageParams = {},
    details?: unknown,
  ) {
    super(code, status, params, details);
  }
}

/** The core's own 404, with the entity named in the caller's language (`{ entity: 'org_unit' }`). */
export class NotFoundError extends DomainError {
  constructor(entity: string) {
    super('NOT_FOUND', 404, { entity });
  }
}
