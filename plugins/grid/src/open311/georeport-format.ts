import type { HttpResponse, Refusal, RefusalRequest, RenderedRefusal } from '@tongxin/plugin-sdk';

/** GeoReport v2 answers in the format named by the path's extension: `services.json`, `services.xml`. */
export type Format = 'json' | 'xml';

/** The spec's XML content type (its examples and clients expect text/xml, not application/xml). */
export const XML_CONTENT_TYPE = 'text/xml; charset=utf-8';
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

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

/** Sends a GeoReport answer in the path's format. */
export function send(res: HttpResponse, status: number, format: Format, body: unknown, root: string, item?: string) {
  if (format === 'xml')
    res
      .status(status)
      .type(XML_CONTENT_TYPE)
      .send(toXml(root, body, item));
  else res.status(status).type(JSON_CONTENT_TYPE).send(JSON.stringify(body));
}

/** The format a path asks for; JSON unless it ends in `.xml` (an unknown format is refused in JSON). */
export const formatOfPath = (path: string): Format => (/\.xml$/i.test(path) ? 'xml' : 'json');

/**
 * Every refusal under the Open311 path, in the spec's error format, `[{ code, description }]`
 * (XML `<errors><error>…`), code = the HTTP status as the spec's examples have it, description
 * = the message in the caller's language; our stable code is in the host's `X-Error-Code` header.
 * The host hands it everything: our own refusals, an unknown district (TENANT_NOT_FOUND), the
 * plugin disabled there, malformed or oversized bodies, routes that do not exist, throttling
 * (429, with the `Retry-After` the throttle set), and a 500.
 */
export function renderGeoReportError(refusal: Refusal, request: RefusalRequest): RenderedRefusal {
  const fields = Array.isArray(refusal.details)
    ? (refusal.details as { field?: unknown; message?: unknown }[]).filter(
        (d) => typeof d?.field === 'string' && typeof d.message === 'string',
      )
    : [];
  const errors = fields.length
    ? fields.map((d) => ({
        code: refusal.status,
        description: `${refusal.message}: ${String(d.field)} ${String(d.message)}`,
      }))
    : [{ code: refusal.status, description: refusal.message }];
  return formatOfPath(request.path) === 'xml'
    ? { contentType: XML_CONTENT_TYPE, body: toXml('errors', errors, 'error') }
    : { contentType: JSON_CONTENT_TYPE, body: JSON.stringify(errors) };
}
