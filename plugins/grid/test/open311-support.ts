import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse as parseXml } from 'fast-xml-parser';
import type { Response } from 'supertest';
import { OwnerDb } from '../../../tests/support/owner-db';
import { REPO_ROOT, startTestApp, type TestApp } from '../../../tests/support/test-app';
import { errorsSchema } from './georeport-v2-schemas';
import plugin from '../src/index';

/** Where the server says it is: discovery and media URLs must use it, whatever Host a client sends. */
export const PUBLIC_URL = 'https://tongxin.example.gov.cn';

/** The grid app as Open311 tests run it: with PUBLIC_URL set and an in-process worker. */
export function startOpen311App(): Promise<TestApp> {
  return startTestApp({ PUBLIC_URL }, { plugins: [plugin], worker: true });
}

export const open311Base = (tenantCode: string) => `/api/v1/public/${tenantCode}/plugins/grid/open311/v2`;

/** Real 4×3 images (tests/fixtures/images). */
export const image = (name: string) => readFileSync(path.join(REPO_ROOT, 'tests/fixtures/images', name));
export const JPEG = image('baseline.jpg');
export const PNG = image('4x3.png');

/** The finding's file: a JPEG's first bytes (SOI and JFIF header), then a page. */
export const JPEG_THEN_HTML = Buffer.concat([
  JPEG.subarray(0, 20),
  Buffer.from('<html><body><script>fetch("/api/v1/users")</script></body></html>'),
]);

const ajv = new Ajv({ allErrors: true });
export function expectValid(schema: object, body: unknown): void {
  const validate = ajv.compile(schema);
  expect({ valid: validate(body), errors: validate.errors ?? null, body: validate.errors ? body : undefined }).toEqual({
    valid: true,
    errors: null,
    body: undefined,
  });
}

const XML_ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&apos;': "'" };
const REPEATED = new Set(['service', 'request', 'endpoint', 'format', 'error', 'attribute', 'value']);

/** The XML answer as plain data: every value a string, empty elements '', repeated elements arrays. */
export function xmlData(res: Response): Record<string, unknown> {
  expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
  expect(res.text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  return parseXml(res.text, {
    parseNodeValue: false,
    arrayMode: (tag: string) => REPEATED.has(tag),
    tagValueProcessor: (v: string) => v.replace(/&(lt|gt|amp|quot|apos);/g, (e) => XML_ENTITIES[e]!),
  }) as Record<string, unknown>;
}

/** What the JSON answer looks like in XML: scalars as text (null as ''), arrays under their element name. */
export function asXml(value: unknown, element?: string): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return { [element!]: value.map((v) => asXml(v)) };
  if (typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        asXml(v, { endpoints: 'endpoint', attributes: 'attribute', values: 'value' }[k] ?? 'format'),
      ]),
    );
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The JSON and XML forms of a GET carry the same data. */
export async function expectSameXml(
  t: TestApp,
  url: string,
  json: unknown,
  root: string,
  item?: string,
  host?: string,
) {
  const [p, query] = url.split('?');
  const res = await t.http
    .get(`${p!.replace(/\.json$/, '.xml')}${query ? `?${query}` : ''}`)
    .set(host ? { Host: host } : {});
  expect(res.status).toBe(200);
  const expected = item ? { [root]: (json as unknown[]).length ? asXml(json, item) : '' } : { [root]: asXml(json) };
  expect(xmlData(res)).toEqual(expected);
}

/** A spec-format refusal: `[{ code: status, description }]` (English with Accept-Language: en), our code in a header. */
export function expectRefusal(res: Response, status: number, code: string, description?: string | RegExp) {
  expect({ status: res.status, errorCode: res.headers['x-error-code'], body: res.body as unknown }).toEqual({
    status,
    errorCode: code,
    body: expect.any(Array),
  });
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  expectValid(errorsSchema, res.body);
  expect(res.body[0].code).toBe(status);
  if (description) expect(res.body[0].description).toMatch(description);
}

/** The same refusal in XML: `<errors><error><code/><description/></error></errors>`. */
export function expectXmlRefusal(res: Response, status: number, code: string, description?: string) {
  expect({ status: res.status, errorCode: res.headers['x-error-code'] }).toEqual({ status, errorCode: code });
  const errors = (xmlData(res) as { errors: { error: { code: string; description: string }[] } }).errors.error;
  expect(errors).toHaveLength(1);
  expect(errors[0]!.code).toBe(String(status));
  if (description) expect(errors[0]!.description).toBe(description);
}

/** Open311 cases of a district, counted as the owner (to show a refusal filed nothing). */
export async function open311Cases(db: OwnerDb, tenantId: string): Promise<number> {
  return (
    await db.query<{ n: number }>(tenantId, `select count(*)::int as n from grid_cases where source = 'open311'`)
  )[0]!.n;
}
