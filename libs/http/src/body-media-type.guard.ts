import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger';
import type { Request } from 'express';
import { DomainError } from './domain-error';

/** What a route takes when its OpenAPI declaration names nothing else. */
export const DEFAULT_BODY_TYPES: readonly string[] = ['application/json'];

const declared = new WeakMap<object, readonly string[]>();

/**
 * The media types a route's OpenAPI declaration says it accepts: `@ApiConsumes('text/csv')` on the
 * method or its controller, or the `content` of `@ApiOperation({ requestBody })`; JSON otherwise.
 * The document and the server therefore cannot disagree about what a route takes.
 */
export function acceptedBodyTypes(handler: object, controller: object): readonly string[] {
  const cached = declared.get(handler);
  if (cached) return cached;
  const consumes = [
    ...((Reflect.getMetadata(DECORATORS.API_CONSUMES, handler) as string[] | undefined) ?? []),
    ...((Reflect.getMetadata(DECORATORS.API_CONSUMES, controller) as string[] | undefined) ?? []),
  ];
  const operation = Reflect.getMetadata(DECORATORS.API_OPERATION, handler) as
    { requestBody?: { content?: Record<string, unknown> } } | undefined;
  const fromOperation = Object.keys(operation?.requestBody?.content ?? {});
  const types = [...new Set([...consumes, ...fromOperation].map((t) => t.toLowerCase()))];
  const result = types.length > 0 ? types : DEFAULT_BODY_TYPES;
  declared.set(handler, result);
  return result;
}

/** A body is on the wire: chunked, or a Content-Length above zero. */
export function carriesBody(req: Pick<Request, 'headers'>): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
}

/** `text/csv; charset=utf-8` is `text/csv`; `type/*` in the accepted list takes any subtype. */
export function mediaTypeAccepted(contentType: string | undefined, accepted: readonly string[]): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (!type) return false;
  return accepted.some((a) => a === type || (a.endsWith('/*') && type.startsWith(a.slice(0, -1))));
}

/**
 * Refuses a body of a type the route does not take with 415 `UNSUPPORTED_MEDIA_TYPE`, naming what
 * it does take. Without this, a PATCH sent as text/plain reached the handler as an empty body and
 * answered 200 having changed nothing, and a form reached JSON routes as if it were JSON.
 * Requests without a body pass whatever they declare. Runs after the access guard, so callers
 * who may not use the route learn nothing from it.
 */
@Injectable()
export class BodyMediaTypeGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (!carriesBody(req)) return true;
    const accepted = acceptedBodyTypes(context.getHandler(), context.getClass());
    if (mediaTypeAccepted(req.headers['content-type'], accepted)) return true;
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 415, {}, { accepted });
  }
}
