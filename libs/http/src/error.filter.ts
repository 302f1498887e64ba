import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { Request, Response } from 'express';
import { DomainError, type PluginErrorCode } from './domain-error';
import type { ErrorRenderers, Refusal } from './error-renderers';
import type { ErrorCode } from './error-codes';
import { languageOf, type Language } from './language';
import { logger } from './logger';
import { constraintMessage, messageFor } from './messages';

/** Thrown by the validation pipe so the filter can localise every field message. */
export class ValidationFailed extends Error {
  constructor(readonly errors: ValidationError[]) {
    super('VALIDATION_FAILED');
  }
}

interface FieldProblem {
  field: string;
  constraint: string;
  message: string;
}

function flatten(errors: ValidationError[], lang: Language, prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([constraint, english]) => ({
      field,
      constraint,
      message: constraintMessage(constraint, english, lang),
    }));
    return [...own, ...flatten(e.children ?? [], lang, field)];
  });
}

const PG_UNIQUE_VIOLATION = '23505';
const PG_FOREIGN_KEY_VIOLATION = '23503';
const PG_INVALID_TEXT = '22P02';
const PG_STRING_TOO_LONG = '22001';
/** A NUL character (\u0000) in a string: PostgreSQL text cannot hold it. */
const PG_CHARACTER_NOT_IN_REPERTOIRE = '22021';
/** A null the client sent for a required column (e.g. `{"name": null}` in a PATCH). */
const PG_NOT_NULL_VIOLATION = '23502';

/** Unique constraints a race can still hit after a service's own check, and what they mean to the caller. */
const UNIQUE_CONSTRAINTS: Record<string, { code: ErrorCode; field?: string }> = {
  uq_org_units_code: { code: 'DUPLICATE', field: 'code' },
  uq_users_username: { code: 'DUPLICATE', field: 'username' },
  uq_roles_key: { code: 'DUPLICATE', field: 'key' },
  uq_tenants_code: { code: 'TENANT_CODE_TAKEN' },
  uq_role_assignments_active: { code: 'ROLE_ALREADY_ASSIGNED' },
};

/**
 * The offending value from PostgreSQL's detail (`Key (tenant_id, code)=(…, ZH-01) already exists.`).
 * Tables with row-level security get no detail, so services map their own races (isUniqueViolation).
 */
function duplicateValue(detail: string | undefined): string {
  const values = /\)=\((.*)\) already exists/.exec(detail ?? '')?.[1];
  return values?.split(', ').pop() ?? '';
}

/**
 * The one place errors become HTTP responses: `{ statusCode, code, message, details, requestId }`,
 * or, under a controller that declared `RenderErrors` (a plugin's public protocol such as Open311),
 * that renderer's format. Either way the stable code is also in the `X-Error-Code` header, and
 * headers already set (`Retry-After`, CORS) stay. Anything not recognised is logged and answered
 * as a 500 with no internals.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly renderers?: ErrorRenderers) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const lang = languageOf(req.headers['accept-language']);
    const { status, code, params, details } = this.classify(exception, lang);
    if (exception instanceof DomainError && exception.headers) res.set(exception.headers);
    if (status >= 500) {
      logger.error({ err: exception, requestId: req.id, path: req.originalUrl }, 'unhandled error');
    }
    const refusal: Refusal = {
      status,
      code,
      message: messageFor(code, lang, params),
      ...(details === undefined ? {} : { details }),
      lang,
      requestId: req.id,
    };
    res.setHeader('X-Error-Code', code);
    if (this.rendered(req, res, refusal)) return;
    res.status(status).json({
      statusCode: status,
      code,
      message: refusal.message,
      ...(details === undefined ? {} : { details }),
      requestId: req.id,
    });
  }

  /** Sends the refusal in the format of the controller whose path this is; false when none declared one. */
  private rendered(req: Request, res: Response, refusal: Refusal): boolean {
    const path = (req.originalUrl ?? req.url).split('?')[0]!;
    const renderer = this.renderers?.for(path);
    if (!renderer) return false;
    try {
      const out = renderer(refusal, { method: req.method, path, query: req.query ?? {} });
      for (const [name, value] of Object.entries(out.headers ?? {})) res.setHeader(name, value);
      res.status(refusal.status).type(out.contentType).send(out.body);
      return true;
    } catch (error) {
      // A broken renderer must not turn a refusal into a hung request: answer the host's JSON.
      logger.error({ err: error, requestId: req.id, path }, 'error renderer failed');
      return false;
    }
  }

  private classify(
    exception: unknown,
    lang: Language,
  ): {
    status: number;
    code: ErrorCode | PluginErrorCode;
    params?: Record<string, string | number>;
    details?: unknown;
  } {
    if (exception instanceof DomainError) {
      return { status: exception.status, code: exception.code, params: exception.params, details: exception.details };
    }
    if (exception instanceof ValidationFailed) {
      return { status: 400, code: 'VALIDATION_FAILED', details: flatten(exception.errors, lang) };
    }
    // Body-parser errors arrive raw or wrapped by Nest's express adapter (as the `cause`).
    const cause = exception instanceof HttpException ? exception.cause : exception;
    const bodyParserType = (cause as { type?: string } | null)?.type;
    if (cause instanceof SyntaxError) return { status: 400, code: 'MALFORMED_JSON' };
    if (cause instanceof URIError) return { status: 400, code: 'INVALID_ID' };
    if (bodyParserType === 'entity.parse.failed') return { status: 400, code: 'MALFORMED_JSON' };
    if (bodyParserType === 'entity.too.large') return { status: 413, code: 'PAYLOAD_TOO_LARGE' };
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === HttpStatus.NOT_FOUND) return { status, code: 'ROUTE_NOT_FOUND' };
      if (status === HttpStatus.UNAUTHORIZED) return { status, code: 'UNAUTHENTICATED' };
      if (status === HttpStatus.FORBIDDEN) return { status, code: 'FORBIDDEN' };
      if (status === HttpStatus.PAYLOAD_TOO_LARGE) return { status, code: 'PAYLOAD_TOO_LARGE' };
      if (status === HttpStatus.UNSUPPORTED_MEDIA_TYPE) return { status, code: 'UNSUPPORTED_MEDIA_TYPE' };
      if (status < 500) return { status, code: 'VALIDATION_FAILED' };
      return { status, code: status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL' };
    }
    // Database refusals that slipped past service checks are still the caller's fault, not ours.
    const driverError = (exception as { driverError?: { code?: string; constraint?: string; detail?: string } } | null)
      ?.driverError;
    const pgCode = driverError?.code;
    if (pgCode === PG_UNIQUE_VIOLATION) {
      const known = UNIQUE_CONSTRAINTS[driverError?.constraint ?? ''] ?? { code: 'DUPLICATE' as const, field: '' };
      const value = duplicateValue(driverError?.detail);
      return { status: 409, code: known.code, params: { field: known.field ?? '', value, code: value } };
    }
    if (pgCode === PG_FOREIGN_KEY_VIOLATION) return { status: 409, code: 'VALIDATION_FAILED' };
    if (pgCode === PG_INVALID_TEXT) return { status: 400, code: 'INVALID_ID' };
    if (pgCode === PG_STRING_TOO_LONG) return { status: 400, code: 'VALIDATION_FAILED' };
    if (pgCode === PG_CHARACTER_NOT_IN_REPERTOIRE) return { status: 400, code: 'VALIDATION_FAILED' };
    if (pgCode === PG_NOT_NULL_VIOLATION) return { status: 400, code: 'VALIDATION_FAILED' };
    return { status: 500, code: 'INTERNAL' };
  }
}
