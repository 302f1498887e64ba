import { isUtf8 } from 'node:buffer';
import type { NextFunction, Request, Response } from 'express';

/**
 * Keys that reach `Object.prototype` or a class when a library merges input into an object
 * (prototype pollution). No DTO has such a field, so they are refused wherever they appear.
 */
export const FORBIDDEN_FIELD_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A UTF-16 surrogate not part of a pair: in Unicode mode a proper pair is one astral code point. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Input refused before any handler sees it: a forbidden field name, or text that is not Unicode
 * (a lone UTF-16 surrogate such as `"\ud800"`, bytes that are not UTF-8). Left alone, parsers and
 * PostgreSQL replace bad text with U+FFFD and store something the client never sent.
 * `type` is what body-parser keeps of an error thrown by its `verify` hook.
 */
export class UnsafeInput extends Error {
  readonly type = 'entity.unsafe';
  constructor(
    readonly code: 'FORBIDDEN_FIELD_NAME' | 'INVALID_TEXT',
    readonly field: string,
  ) {
    super(`${code}: ${field}`);
  }
}

/** Walks parsed input (a JSON or form body, a query) without recursion and throws on the first problem. */
export function checkParsedInput(value: unknown, root: string): void {
  // Almost all input is fine: walk it once without building paths, and again only to name the problem.
  if (isClean(value)) return;
  const stack: { value: unknown; path: string }[] = [{ value, path: root }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      if (LONE_SURROGATE.test(current)) throw new UnsafeInput('INVALID_TEXT', path);
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    for (const [key, child] of Object.entries(current)) {
      const childPath = `${path}.${key}`;
      if (FORBIDDEN_FIELD_NAMES.has(key)) throw new UnsafeInput('FORBIDDEN_FIELD_NAME', childPath);
      if (LONE_SURROGATE.test(key)) throw new UnsafeInput('INVALID_TEXT', path);
      stack.push({ value: child, path: childPath });
    }
  }
}

function isClean(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === 'string') {
      if (LONE_SURROGATE.test(current)) return false;
    } else if (typeof current === 'object' && current !== null) {
      for (const key in current) {
        if (!Object.hasOwn(current, key)) continue;
        if (FORBIDDEN_FIELD_NAMES.has(key) || LONE_SURROGATE.test(key)) return false;
        stack.push((current as Record<string, unknown>)[key]);
      }
    }
  }
  return true;
}

/**
 * Checks `a=1&b[c]=2` as sent, before a lenient decoder drops or mangles anything: qs silently drops
 * `constructor=…`, and undecodable `%ED%A0%80` (an encoded surrogate) becomes other characters.
 */
export function checkFormEncoded(raw: string, root: string): void {
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const [rawKey, rawValue] = eq === -1 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    const key = strictDecode(rawKey, root);
    strictDecode(rawValue, `${root}.${key}`);
    // `a[__proto__][x]=1` and `__proto__.x=1` are how qs and friends spell nesting.
    for (const part of key.split(/[[\].]/)) {
      if (FORBIDDEN_FIELD_NAMES.has(part)) throw new UnsafeInput('FORBIDDEN_FIELD_NAME', `${root}.${key}`);
    }
  }
}

/**
 * A `multipart/form-data` text field as the multipart parser hands it over, before it is merged
 * into the body: its name is checked as a form's (`a[__proto__][x]`), and U+FFFD in its value is
 * refused. The parser decodes every part as UTF-8 and leaves U+FFFD where the bytes were not, so
 * that is the only trace of them; nobody types the replacement character on purpose.
 */
export function checkMultipartField(name: string, value: string, root: string): void {
  const field = `${root}.${name}`;
  for (const part of name.split(/[[\].]/))
    if (FORBIDDEN_FIELD_NAMES.has(part)) throw new UnsafeInput('FORBIDDEN_FIELD_NAME', field);
  if (name.includes(REPLACEMENT) || value.includes(REPLACEMENT) || LONE_SURROGATE.test(value))
    throw new UnsafeInput('INVALID_TEXT', field);
}

const REPLACEMENT = '\ufffd';

function strictDecode(raw: string, field: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    throw new UnsafeInput('INVALID_TEXT', field);
  }
}

type Verify = (req: Request, res: Response, body: Buffer, encoding: string) => void;

/**
 * body-parser's `verify` hook: sees the raw bytes before they are decoded, so a body that claims
 * UTF-8 and is not (invalid bytes, an encoded surrogate) is refused instead of turned into U+FFFD.
 * Forms are also checked as sent (see checkFormEncoded).
 */
export function verifyRawBody(kind: 'json' | 'form'): Verify {
  return (_req, _res, body, encoding) => {
    const utf8 = encoding.toLowerCase() === 'utf-8';
    if (utf8 && !isUtf8(body)) throw new UnsafeInput('INVALID_TEXT', 'body');
    if (kind === 'form' && utf8) checkFormEncoded(body.toString('utf8'), 'body');
  };
}

/** After the body parsers: the query string as sent, then whatever body was parsed. */
export function refuseUnsafeInput(req: Request, _res: Response, next: NextFunction): void {
  try {
    const q = req.originalUrl.indexOf('?');
    if (q !== -1) checkFormEncoded(req.originalUrl.slice(q + 1), 'query');
    // A file sent as the body stays bytes: its route decodes and checks it (FILE_BODY_TYPES).
    if (req.body !== undefined && !Buffer.isBuffer(req.body)) checkParsedInput(req.body, 'body');
    next();
  } catch (error) {
    next(error);
  }
}
