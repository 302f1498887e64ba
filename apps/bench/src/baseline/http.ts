import type { IncomingMessage, ServerResponse } from 'node:http';
import { v7 as uuidv7 } from 'uuid';

// Small copies of the product's pure helpers (libs/http): the app may not import a lib's inner
// files, and the libs' entry points load NestJS.

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** libs/http/src/ids.ts `isUuid`. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_RE.test(value);
}

export type Language = 'zh-CN' | 'en';

/** libs/http/src/language.ts `languageOf`: zh-CN unless the caller prefers English. */
export function languageOf(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'zh-CN';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((r) => r.tag.startsWith('en') || r.tag.startsWith('zh'))
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.tag.startsWith('en') ? 'en' : 'zh-CN';
}

/**
 * A refusal: the product's DomainError. The body keeps the product's shape
 * (`{ statusCode, code, message, details?, requestId }`) but `message` is the code itself: the
 * localised message catalogue is not part of what the benchmark measures.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly params: Record<string, string | number> = {},
    readonly details?: unknown,
  ) {
    super(code);
  }
}

export const badRequest = (code = 'VALIDATION_FAILED') => new HttpError(400, code);
export const notFound = (entity: string) => new HttpError(404, 'NOT_FOUND', { entity });

/** What a handler gets: the request, its parsed URL, and the product's request id. */
export interface Request {
  raw: IncomingMessage;
  url: URL;
  id: string;
  lang: Language;
}

const SAFE_ID = /^[\w.-]{1,64}$/;

/** libs/http/src/request-id.middleware.ts: the caller's X-Request-Id if sane, else a uuid v7. */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && SAFE_ID.test(incoming) ? incoming : uuidv7();
}

const MAX_BODY = 5 * 1024 * 1024;

/** The JSON body (the product's express.json limit is 5mb); anything unparsable is a 400. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, 'PAYLOAD_TOO_LARGE');
    chunks.push(chunk);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw badRequest('MALFORMED_JSON');
  }
}

/** A JSON body as a plain object, or 400. */
export function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest();
  return body as Record<string, unknown>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, requestId: string, error: HttpError) {
  sendJson(res, error.status, {
    statusCode: error.status,
    code: error.code,
    message: error.code,
    ...(error.details === undefined ? {} : { details: error.details }),
    requestId,
  });
}
