import { type DistrictCalendar } from '@tongxin/plugin-sdk';
import type { Format } from './georeport-format';
import { open311Errors } from './georeport-errors';

/**
 * GeoReport clients send whatever their library sends (extra fields such as `attribute[…]` or
 * `device_id`, numbers as JSON numbers or form strings, repeated query keys), so public routes
 * read the raw body and query here and refuse bad values in the spec's format, never the host's.
 */
export type Fields = Record<string, unknown>;

/** The spec's limits: 90 days per search, 1000 requests per answer, 4,000 characters of description. */
export const MAX_SPAN_DAYS = 90;
export const MAX_RESULTS = 1000;
export const MAX_DESCRIPTION = 4000;
const DAY_MS = 86_400_000;

export function formatOf(format: string | undefined): Format {
  if (format === 'json' || format === 'xml') return format;
  throw open311Errors.OPEN311_FORMAT_UNKNOWN({ format: String(format ?? '') });
}

/** A trimmed text field, or undefined when absent or blank; a non-text or too long value is refused. */
export function text(fields: Fields, name: string, max: number): string | undefined {
  let value = fields[name];
  if (Array.isArray(value)) value = value[value.length - 1]; // a repeated query key: the last one counts
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
  if (typeof value !== 'string' || value.trim().length > max)
    throw open311Errors.OPEN311_FIELD_INVALID({ field: name, max });
  return value.trim() || undefined;
}

/** Comma lists, also given as repeated keys (`status=open&status=closed`). */
export function list(fields: Fields, name: string, max = 4000): string[] {
  const raw = fields[name];
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return values
    .flatMap((v) => text({ v }, 'v', max)?.split(',') ?? [])
    .map((v) => v.trim())
    .filter(Boolean);
}

/** lat and long together, in range; both absent is undefined. */
export function point(fields: Fields): { lat: number; long: number } | undefined {
  const [lat, long] = [text(fields, 'lat', 40), text(fields, 'long', 40)];
  if (lat === undefined && long === undefined) return undefined;
  const [y, x] = [Number(lat), Number(long)];
  if (lat === undefined || long === undefined || !Number.isFinite(y) || !Number.isFinite(x))
    throw open311Errors.OPEN311_LOCATION_INVALID();
  if (Math.abs(y) > 90 || Math.abs(x) > 180) throw open311Errors.OPEN311_LOCATION_INVALID();
  return { lat: y, long: x };
}

// W3C date-times (a profile of ISO 8601): a date, optionally a time, optionally an offset.
const W3C = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * A W3C date-time; without an offset it is the district's wall-clock time (its profile's zone),
 * so `2026-05-01` is its midnight.
 */
export function dateTime(fields: Fields, name: string, calendar: DistrictCalendar): Date | undefined {
  const value = text(fields, name, 40);
  if (value === undefined) return undefined;
  if (!W3C.test(value)) throw open311Errors.OPEN311_DATE_INVALID({ field: name });
  const at = /(Z|[+-]\d{2}:\d{2})$/.test(value) ? new Date(value) : districtWallTime(value, calendar);
  if (Number.isNaN(at.getTime())) throw open311Errors.OPEN311_DATE_INVALID({ field: name });
  return at;
}

/** `2026-05-01` or `2026-05-01T08:30[:00]` read on the district's clock. */
function districtWallTime(value: string, calendar: DistrictCalendar): Date {
  const day = value.slice(0, 10);
  const asUtc = Date.parse(`${value.includes('T') ? value : `${value}T00:00`}Z`);
  if (Number.isNaN(asUtc)) return new Date(NaN);
  try {
    return new Date(calendar.startOfDay(day).getTime() + (asUtc - Date.parse(`${day}T00:00:00Z`)));
  } catch {
    return new Date(NaN); // not a calendar day (2026-02-30)
  }
}

/**
 * The requested_datetime window of a search: the last 90 days by default; one bound given, the
 * other is 90 days from it; never more than 90 days.
 */
export function window(fields: Fields, now: Date, calendar: DistrictCalendar): { from: Date; to: Date } {
  const start = dateTime(fields, 'start_date', calendar);
  const end = dateTime(fields, 'end_date', calendar);
  const to = end ?? (start ? new Date(start.getTime() + MAX_SPAN_DAYS * DAY_MS) : now);
  const from = start ?? new Date(to.getTime() - MAX_SPAN_DAYS * DAY_MS);
  if (from > to || to.getTime() - from.getTime() > MAX_SPAN_DAYS * DAY_MS)
    throw open311Errors.OPEN311_DATE_RANGE({ days: MAX_SPAN_DAYS });
  return { from, to };
}

/** `status=open|closed` (either, both or none: none is all). */
export function statuses(fields: Fields): ('open' | 'closed')[] {
  const given = list(fields, 'status');
  if (given.some((s) => s !== 'open' && s !== 'closed')) throw open311Errors.OPEN311_STATUS_INVALID();
  return [...new Set(given as ('open' | 'closed')[])];
}

/**
 * A key in a URL is written to every access log on the way (ours, proxies', the client's): the
 * spec sends it in the POST body, so a query-string `api_key` is refused on every route, before
 * anything else, whatever the route.
 */
export function refuseKeyInQuery(query: Fields): void {
  if (Object.keys(query).some((k) => k.toLowerCase() === 'api_key')) throw open311Errors.OPEN311_API_KEY_IN_QUERY();
}

/**
 * The `attribute[code]` answers of a request, whatever the body's encoding: a form body keeps the
 * bracketed names (`attribute[code]`, `attribute[code][]`), a multipart or JSON body may nest them
 * (`{ attribute: { code } }`). Repeated names are multi-value answers.
 */
export function attributeAnswers(fields: Fields): Map<string, unknown> {
  const answers = new Map<string, unknown>();
  const nested = fields.attribute;
  if (nested && typeof nested === 'object' && !Array.isArray(nested))
    for (const [code, value] of Object.entries(nested)) answers.set(code, value);
  for (const [name, value] of Object.entries(fields)) {
    const code = /^attribute\[([^\]]+)\](?:\[\])?$/.exec(name)?.[1];
    if (code) answers.set(code, value);
  }
  return answers;
}
