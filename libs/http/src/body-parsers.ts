import express, { type RequestHandler } from 'express';
import { refuseUnsafeInput, verifyRawBody } from './unsafe-input';

/**
 * The body parsers every request goes through, then the unsafe-input check (see unsafe-input.ts):
 * JSON; forms (`a=1&b=2`, flat, into the same DTOs: Open311 GeoReport v2 clients post them);
 * CSV as text, for imports. Which of these a route accepts is its own declaration (see
 * BodyMediaTypeGuard); parsing them all here only means a refused body was read first.
 */
export function bodyParsers(limit: string): RequestHandler[] {
  return [
    express.json({ limit, verify: verifyRawBody('json') }),
    express.urlencoded({ extended: false, limit, verify: verifyRawBody('form') }),
    express.text({ type: 'text/csv', limit, verify: verifyRawBody('text') }),
    refuseUnsafeInput,
  ];
}
