import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { getMetadataStorage, type ValidationError } from 'class-validator';
import type { Request, Response } from 'express';
import { classifyDatabaseError, findDatabaseError } from './database-error';
import { DomainError, type MessageParams, type PluginErrorCode } from './domain-error';
import type { ErrorRenderers, Refusal } from './error-renderers';
import type { ErrorCode } from './error-codes';
import { languageOf, type Language } from './language';
import { logger } from './logger';
import { constraintMessage, requiredMessage, type ConstraintFacts } from './field-messages';
import { messageFor } from './messages';
import { redactUrl } from './secret-names';
import { UnsafeInput } from './unsafe-input';

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
  /** For an unknown field: the ones the body or query takes. */
  allowed?: string[];
}

/**
 * Every failed constraint as `{ field, constraint, message }`. The message carries the
 * decorator's limits, found in class-validator's metadata for the object that failed (or in
 * `contexts[constraint].args` of an error made by hand). A required field left out gets one
 * problem, `isDefined` ("必填"), rather than one per constraint it could not meet: "must be a
 * string", "must not be empty" and "too long" all at once said nothing the caller could act on.
 */
function flatten(errors: ValidationError[], lang: Language, prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const target = e.target as Record<string, unknown> | undefined;
    if (target && e.constraints && target[e.property] === undefined) {
      return [{ field, constraint: 'isDefined', message: requiredMessage(e.property, lang) }];
    }
    const own = Object.entries(e.constraints ?? {}).map(([constraint, english]): FieldProblem => {
      const message = constraintMessage(constraint, english, lang, constraintFacts(e, constraint));
      // An unknown field or query parameter (a typo, usually): say which ones there are.
      if (constraint === 'whitelistValidation' && target) {
        const allowed = allowedProperties(target);
        return { field, constraint, message: `${message}${allowedList(allowed, lang)}`, allowed };
      }
      return { field, constraint, message };
    });
    return [...own, ...flatten(e.children ?? [], lang, field)];
  });
}

/** The fields a DTO declares (every one has a decorator: the whitelist knows no others). */
function allowedProperties(target: object): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))].sort();
}

function allowedList(allowed: string[], lang: Language): string {
  if (allowed.length === 0) return lang === 'en' ? ' (none are taken here)' : '（此处不接受任何字段）';
  return lang === 'en' ? ` (allowed: ${allowed.join(', ')})` : `（可用字段：${allowed.join('、')}）`;
}

/** The arguments of the decorator behind a failed constraint, from class-validator's metadata. */
function constraintFacts(e: ValidationError, constraint: string): ConstraintFacts | undefined {
  const given = (e.contexts?.[constraint] as { args?: unknown[] } | undefined)?.args;
  if (given) return { args: given, each: false };
  const target = e.target;
  if (!target) return undefined;
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((m) => m.propertyName === e.property && constraintName(m) === constraint);
  return metadata && { args: metadata.constraints ?? [], each: metadata.each === true };
}

type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

/** The key class-validator reports a metadata's failure under (`maxLength`, `isDay`, …). */
export function constraintName(m: ValidationMetadata): string {
  if (m.type !== 'customValidation') return m.type;
  return m.name ?? getMetadataStorage().getTargetValidatorConstraints(m.constraintCls)[0]?.name ?? m.type;
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
    const { status, code, params, details, retryAfter } = this.classify(exception, lang);
    if (exception instanceof DomainError && exception.headers) res.set(exception.headers);
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    if (status >= 500) {
      logger.error({ err: exception, requestId: req.id, path: redactUrl(req.originalUrl) }, 'unhandled error');
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

  private classify(exception: unknown, lang: Language): Classified {
    if (exception instanceof DomainError) {
      return { status: exception.status, code: exception.code, params: exception.params, details: exception.details };
    }
    if (exception instanceof ValidationFailed) {
      return { status: 400, code: 'VALIDATION_FAILED', details: flatten(exception.errors, lang) };
    }
    // Body-parser errors arrive raw or wrapped by Nest's express adapter (as the `cause`).
    const cause = exception instanceof HttpException ? exception.cause : exception;
    if (cause instanceof UnsafeInput) {
      return { status: 400, code: cause.code, params: { field: cause.field }, details: { field: cause.field } };
    }
    if (cause instanceof SyntaxError) return { status: 400, code: 'MALFORMED_JSON' };
    if (cause instanceof URIError) return { status: 400, code: 'INVALID_ID' };
    const parserError = bodyParserError(cause);
    if (parserError) return parserError;
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
    // Database refusals that slipped past service checks are mostly the caller's fault, not ours.
    const databaseError = findDatabaseError(exception);
    const refusal = databaseError && classifyDatabaseError(databaseError);
    if (refusal) {
      if (refusal.status < 500) logger.debug({ sqlstate: databaseError.code }, 'database refused the request');
      return refusal;
    }
    return { status: 500, code: 'INTERNAL' };
  }
}

interface Classified {
  status: number;
  code: ErrorCode | PluginErrorCode;
  params?: MessageParams;
  details?: unknown;
  retryAfter?: number;
}

/**
 * body-parser's refusals (http-errors with `expose`, a 4xx status and a `type`): a malformed or
 * too large body, an unsupported charset or Content-Encoding. Recognised by shape rather than class.
 */
function bodyParserError(cause: unknown): Classified | undefined {
  const e = cause as { type?: unknown; status?: unknown; expose?: unknown } | null;
  if (typeof e !== 'object' || e === null || typeof e.type !== 'string') return undefined;
  if (e.type === 'entity.parse.failed') return { status: 400, code: 'MALFORMED_JSON' };
  if (e.type === 'entity.too.large') return { status: 413, code: 'PAYLOAD_TOO_LARGE' };
  if (e.expose !== true || typeof e.status !== 'number' || e.status < 400 || e.status >= 500) return undefined;
  if (e.status === 415) return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' };
  if (e.status === 413) return { status: 413, code: 'PAYLOAD_TOO_LARGE' };
  return { status: 400, code: 'VALIDATION_FAILED' };
}
