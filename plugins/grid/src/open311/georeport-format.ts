import type { HttpResponse, Names, PublicRequestContext } from '@tongxin/plugin-sdk';
import { casesFeature } from '../cases';
import { itemsFeature } from '../items';
import { OPEN311_ERRORS } from './georeport-errors';

/** GeoReport v2 answers in the format named by the path's extension: `services.json`, `services.xml`. */
export type Format = 'json' | 'xml';

/** Names of an array's elements in XML (`<endpoints><endpoint>…`), as the spec's examples write them. */
const ELEMENT_OF: Record<string, string> = {
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
};

// Characters XML 1.0 cannot carry at all; escaping would not help.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const escape = (s: string) =>
  s
    .replace(NOT_XML, '')
    .replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** One element: null is empty, objects nest, arrays repeat their element name. */
function element(name: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return `<${name}/>`;
  if (Array.isArray(value)) {
    const child = ELEMENT_OF[name] ?? 'item';
    return `<${name}>${value.map((v) => element(child, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object')
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join('')}</${name}>`;
  return `<${name}>${escape(typeof value === 'string' ? value : JSON.stringify(value))}</${name}>`;
}

/** A whole XML document: `<root><item>…</item>…</root>`, or `<root>…fields…</root>` for one object. */
export function toXml(root: string, body: unknown, item?: string): string {
  const inner = Array.isArray(body) ? body.map((b) => element(item!, b)).join('') : element(root, body);
  return `<?xml version="1.0" encoding="utf-8"?>${Array.isArray(body) ? `<${root}>${inner}</${root}>` : inner}`;
}

/** Sends a GeoReport answer with its status; the route handles the response itself, so errors keep their status. */
export function send(res: HttpResponse, status: number, format: Format, body: unknown, root: string, item?: string) {
  if (format === 'xml')
    res
      .status(status)
      .type('application/xml')
      .send(toXml(root, body, item));
  else res.status(status).type('application/json').send(JSON.stringify(body));
}

/** What a refusal needs: our code, its HTTP status and the message's parameters (PluginError, NotFoundError). */
interface Refusal {
  code: string;
  status: number;
  params?: Record<string, string | number>;
}

const isRefusal = (e: unknown): e is Refusal =>
  typeof e === 'object' &&
  e !== null &&
  typeof (e as Refusal).code === 'string' &&
  typeof (e as Refusal).status === 'number';

const MESSAGES: Record<string, Names> = { ...casesFeature.errors, ...itemsFeature.errors, ...OPEN311_ERRORS };
const FALLBACK: Record<number, Names> = {
  400: { 'zh-CN': '请求有误', en: 'Bad request' },
  403: { 'zh-CN': '无权访问', en: 'Forbidden' },
  404: { 'zh-CN': '未找到', en: 'Not found' },
};

/**
 * Renders a refusal in the spec's error format, `[{ code, description }]` (code = the HTTP status,
 * as the spec's examples have it), with our stable code in the `X-Error-Code` header. Anything
 * else is a bug: rethrown, so the host logs it.
 */
export function sendError(res: HttpResponse, ctx: PublicRequestContext, format: Format, error: unknown): void {
  if (!isRefusal(error) || error.status < 400 || error.status >= 500) throw error;
  const names = MESSAGES[error.code] ?? FALLBACK[error.status] ?? FALLBACK[400]!;
  const description = names[ctx.lang].replace(/\{(\w+)\}/g, (all, key: string) => String(error.params?.[key] ?? all));
  res.setHeader('X-Error-Code', error.code);
  send(res, error.status, format, [{ code: error.status, description }], 'errors', 'error');
}
