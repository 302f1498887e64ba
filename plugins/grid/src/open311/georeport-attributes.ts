import { type DistrictCalendar } from '@tongxin/plugin-sdk';
import { inOrder, type CaseAttributeValue, type ItemAttribute } from '../items/item-attributes';
import { dateTime, MAX_DESCRIPTION } from './georeport-input';
import { open311Errors } from './georeport-errors';

/** A service definition's attribute, as GeoReport v2 spells it. */
export interface GeoReportAttribute {
  variable: boolean;
  code: string;
  datatype: string;
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values: { key: string; name: string }[];
}

export function definitionOf(a: ItemAttribute): GeoReportAttribute {
  return {
    variable: a.variable,
    code: a.code,
    datatype: a.datatype,
    required: a.required,
    datatype_description: a.datatypeDescription || null,
    order: a.order,
    description: a.description,
    values: a.values,
  };
}

const STRING_MAX = 200;

/** One answer as text (the last of repeated single values), or a list for multi-value lists. */
const texts = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value])
    .map((v) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : v))
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * The answers to an item's attributes, checked as the service definition publishes them: each
 * required variable attribute answered, each answer of its datatype (a list answer one of its
 * keys). Answers to attributes the item does not define are ignored, as clients send extras
 * (FixMyStreet adds its own). Informational (non-variable) attributes take no answer.
 */
export function checkedAnswers(
  attributes: ItemAttribute[],
  answers: Map<string, unknown>,
  calendar: DistrictCalendar,
): CaseAttributeValue[] {
  const out: CaseAttributeValue[] = [];
  for (const a of inOrder(attributes)) {
    if (!a.variable) continue;
    const raw = answers.get(a.code);
    if (raw !== undefined && raw !== null && typeof raw === 'object' && !Array.isArray(raw)) throw invalid(a);
    const given = texts(raw);
    if (!given.length) {
      if (a.required) throw open311Errors.OPEN311_ATTRIBUTE_REQUIRED({ code: a.code, description: a.description });
      continue;
    }
    out.push({ code: a.code, description: a.description, datatype: a.datatype, value: answerOf(a, given, calendar) });
  }
  return out;
}

function answerOf(a: ItemAttribute, given: string[], calendar: DistrictCalendar): string | number | string[] {
  const last = given[given.length - 1]!;
  switch (a.datatype) {
    case 'string':
    case 'text':
      if (last.length > (a.datatype === 'string' ? STRING_MAX : MAX_DESCRIPTION)) throw invalid(a);
      return last;
    case 'number': {
      const n = Number(last);
      if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(last) || !Number.isFinite(n)) throw invalid(a);
      return n;
    }
    case 'datetime': {
      const at = (() => {
        try {
          return dateTime({ v: last }, 'v', calendar);
        } catch {
          return undefined;
        }
      })();
      if (!at) throw invalid(a);
      return at.toISOString();
    }
    case 'singlevaluelist':
      return listed(a, [last])[0]!;
    case 'multivaluelist':
      return listed(a, [...new Set(given)]);
  }
}

function listed(a: ItemAttribute, keys: string[]): string[] {
  const known = a.values.map((v) => v.key);
  const unknown = keys.find((k) => !known.includes(k));
  if (unknown !== undefined)
    throw open311Errors.OPEN311_ATTRIBUTE_NOT_LISTED({
      code: a.code,
      description: a.description,
      value: unknown.slice(0, 50),
      keys: known.join(', '),
    });
  return keys;
}

const invalid = (a: ItemAttribute) =>
  open311Errors.OPEN311_ATTRIBUTE_INVALID({
    code: a.code,
    description: a.description,
    datatype: a.datatype,
  });
