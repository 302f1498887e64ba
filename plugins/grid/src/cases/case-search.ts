import { parseSort, timeSortKey, type PluginTx, type Sort, type SortKeys } from '@tongxin/plugin-sdk';
import { SLACK_MS, v7Bound } from '../shared/time-range';
import type { ListCasesQueryDto } from './cases.dto';
import { casesErrors } from './errors';

/**
 * Finding cases: by number, by text, by filing period, in a chosen order (ADR 012). Each filter
 * is one SQL condition over alias `c`, ANDed into every visibility branch of the list, so the
 * scope rules stay exactly those of the unfiltered list.
 *
 * Under row-level security PostgreSQL uses a filter as an index condition only if its operator
 * is leakproof: `=`, `<`, `>=` on text, dates and uuids are; `LIKE`/`ILIKE` are not (nor pg_trgm's
 * operators), so a trigram index would never be used by the app role. Hence numbers and periods
 * are ranges of leakproof comparisons, and text is looked up by its bigrams (`grid_case_terms`,
 * equality): the cases holding its rarest bigram, when few hold it, are the candidates, checked
 * exactly with ILIKE; a text made only of common bigrams is an ILIKE filter on the rows each
 * branch walks, which soon finds a page of them.
 */

/** The orders `?sort=` accepts on the case list. */
export const CASE_SORTS: SortKeys = {
  // uuid v7: the filing order, read from the branches' (…, id) indexes.
  createdAt: 'id',
  deadline: timeSortKey('deadline_at', 'deadlineAt', true),
  updatedAt: timeSortKey('updated_at', 'updatedAt'),
};

export const caseSort = (value: string | undefined): Sort => parseSort(value, CASE_SORTS, '-createdAt');

type Condition = { sql: string; params: Record<string, unknown> };

/**
 * The conditions of `?number=`, `?q=`, `?createdFrom=`, `?createdTo=`; a period whose start is
 * after its end is a 400 `GRID_CASE_DATE_RANGE_INVALID`.
 */
export async function searchConditions(tx: PluginTx, query: ListCasesQueryDto): Promise<Condition[]> {
  if (query.createdFrom && query.createdTo && query.createdFrom > query.createdTo)
    throw casesErrors.CASE_DATE_RANGE_INVALID({ from: query.createdFrom, to: query.createdTo });
  const conditions: Condition[] = [];
  if (query.number) conditions.push(numberCondition(query.number));
  if (query.q) {
    const candidates = await textCandidates(tx, query.q);
    if (candidates) conditions.push({ sql: 'c.id = ANY(CAST(:qCaseIds AS uuid[]))', params: { qCaseIds: candidates } });
    // Under row-level security the planner may not read statistics for a leaky operator, so it
    // guesses ILIKE keeps 0.5 % of rows and sorts a whole seq scan instead of walking the scope's
    // index in list order; as a CASE it guesses half, walks the index and stops at the page.
    conditions.push({
      sql: `(CASE WHEN c.description ILIKE :q ESCAPE '\\' OR c.address ILIKE :q ESCAPE '\\' THEN true ELSE false END)`,
      params: { q: `%${escapeLike(query.q)}%` },
    });
  }
  if (query.createdFrom) {
    const from = await tx.clock.startOfDay(query.createdFrom);
    conditions.push({
      sql: 'c.id >= CAST(:createdFromId AS uuid) AND c.created_at >= :createdFrom',
      params: { createdFromId: v7Bound(from.getTime() - SLACK_MS, '0'), createdFrom: from },
    });
  }
  if (query.createdTo) {
    // The whole district day: up to the next midnight in the district.
    const calendar = await tx.clock.calendar();
    const before = calendar.startOfDay(nextDay(query.createdTo));
    conditions.push({
      sql: 'c.id <= CAST(:createdToId AS uuid) AND c.created_at < :createdBefore',
      params: { createdToId: v7Bound(before.getTime() + SLACK_MS, 'f'), createdBefore: before },
    });
  }
  return conditions;
}

/**
 * A case number as a resident reads it out: `20261202-0001` (or `202612020001`) is that case, by
 * equality on the `(tenant_id, number)` index; a beginning (`20261202`, `2026120`, `20261202-00`)
 * is the range of numbers starting so, bounded by plain text comparisons (leakproof, so the index
 * serves it under row-level security), then checked exactly with LIKE.
 */
export function numberCondition(raw: string): Condition {
  let number = /^\d{9,14}$/.test(raw) ? `${raw.slice(0, 8)}-${raw.slice(8)}` : raw;
  if (number.endsWith('-')) number = number.slice(0, -1);
  if (/^\d{8}-\d{4,6}$/.test(number)) return { sql: 'c.number = :number', params: { number } };
  const upper = nextPrefix(number);
  return {
    sql: `c.number >= :numberFrom${upper ? ' AND c.number < :numberTo' : ''} AND c.number LIKE :numberPrefix`,
    params: { numberFrom: number, numberTo: upper, numberPrefix: `${number}%` },
  };
}

/**
 * The smallest string of digits (and the hyphen) above every number starting with `prefix`: its
 * last digit plus one, carrying over nines and past the hyphen (null after all nines). Digits only
 * change, so the bound holds in any collation, whether or not it weighs the hyphen.
 */
function nextPrefix(prefix: string): string | null {
  const chars = [...prefix];
  for (let i = chars.length - 1; i >= 0; i--) {
    if (chars[i] === '-') continue;
    if (chars[i] !== '9') {
      chars[i] = String(Number(chars[i]) + 1);
      return chars.join('');
    }
    chars[i] = '0';
  }
  return null;
}

/** Bigrams a search needs the cases to have: up to 6 of the text's, spread over it (ILIKE checks the rest). */
const MAX_SEARCH_TERMS = 6;

/** A bigram held by at most this many cases of the district is rare enough to list its cases. */
const RARE_TERM_CASES = 2000;

/**
 * The cases that may match a search text: those holding its rarest bigram, when at most
 * `RARE_TERM_CASES` do (counted, then listed, from the terms' key: two index-only reads); null
 * when every bigram is common, or the text has none, and the ILIKE filter alone must do.
 */
async function textCandidates(tx: PluginTx, text: string): Promise<string[] | null> {
  const terms = bigramsOf(text);
  if (!terms.length) return null;
  const counts = await tx.query<{ term: string; cases: number }>(
    `select b.term, (select count(*) from (select 1 from grid_case_terms t where t.term = b.term limit $2) x)::int as cases
       from unnest($1::text[]) as b(term)`,
    [terms, RARE_TERM_CASES + 1],
  );
  const rarest = counts.reduce((a, b) => (b.cases < a.cases ? b : a));
  if (rarest.cases > RARE_TERM_CASES) return null;
  if (rarest.cases === 0) return [];
  const rows = await tx.query<{ caseId: string }>('select case_id as "caseId" from grid_case_terms where term = $1', [
    rarest.term,
  ]);
  return rows.map((r) => r.caseId);
}

/**
 * The distinct lower-cased bigrams of a search text, as the migration's `grid_case_bigrams`
 * writes them for cases (by code point, as PostgreSQL counts characters). One character has
 * none: it is matched by ILIKE alone.
 */
export function bigramsOf(text: string): string[] {
  const chars = [...text.toLowerCase()];
  const all = [...new Set(chars.slice(0, -1).map((ch, i) => ch + chars[i + 1]))];
  if (all.length <= MAX_SEARCH_TERMS) return all;
  const picked = Array.from({ length: MAX_SEARCH_TERMS }, (_, i) =>
    Math.round((i * (all.length - 1)) / (MAX_SEARCH_TERMS - 1)),
  );
  return [...new Set(picked)].map((i) => all[i]!);
}

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** The calendar day after `YYYY-MM-DD`. */
function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
