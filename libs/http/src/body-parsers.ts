import express, { type RequestHandler } from 'express';
import { refuseUnsafeInput, verifyRawBody } from './unsafe-input';

/**
 * The body parsers every request goes through, then the unsafe-input check (see unsafe-input.ts):
 * JSON; forms (`a=1&b=2`, flat, into the same DTOs: Open311 GeoReport v2 clients post them);
 * files sent as the body (CSV, XLSX, for imports) as bytes, which the route decodes itself
 * (`readTable` in @tongxin/spreadsheets: a CSV from Chinese Excel is GBK, whatever the header says).
 * Which of these a route accepts is its own declaration (see BodyMediaTypeGuard); parsing them
 * all here only means a refused body was read first.
 */
/** Media types read as raw bytes into `req.body` (a Buffer). */
export const FILE_BODY_TYPES: readonly string[] = [
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

export function bodyParsers(limit: string): RequestHandler[] {
  return [
    express.json({ limit, verify: verifyRawBody('json') }),
    express.urlencoded({ extended: false, limit, verify: verifyRawBody('form') }),
    express.raw({ type: FILE_BODY_TYPES as string[], limit }),
    refuseUnsafeInput,
  ];
}
