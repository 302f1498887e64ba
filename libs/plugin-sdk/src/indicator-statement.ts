import type { IndicatorContext, OrgUnitView, PluginTx } from './runtime';

/** The scope column a statement filters its rows by: the one naming units of the level asked for. */
export type IndicatorScopeColumn = 'district_id' | 'street_id' | 'community_id' | 'grid_id' | 'group_id';

/** The named parameters an indicator statement may use, in the order they are numbered. */
// `:timeZone` is the district's IANA zone (SDK 1.3), for `x::timestamp at time zone :timeZone`.
const PARAMETERS = ['unit', 'from', 'to', 'now', 'timeZone'] as const;
type Parameter = (typeof PARAMETERS)[number];

// `:unit`, never the second colon of a cast (`::int`).
const named = (name: string) => new RegExp(`(?<!:):${name}\\b`, 'g');

/** What a bound statement needs: the values, and any parameter written as SQL instead (`:unit` as a column). */
/** Does the statement name `:timeZone` (so the district's zone must be read for it)? */
export function usesTimeZone(statement: string): boolean {
  return named('timeZone').test(statement);
}

export interface StatementBinding {
  values: Partial<Record<Parameter, unknown>>;
  inline?: Partial<Record<Parameter, string>>;
  /** Number of the first positional parameter (after those the caller already uses). */
  first?: number;
}

/**
 * Turns an indicator statement's named parameters (`:unit`, `:from`, `:to`, `:now`) into
 * positional ones, numbering only those it uses in that order (PostgreSQL refuses a parameter a
 * statement ignores: it cannot type it). `inline` replaces a name by SQL text instead.
 */
export function bindIndicatorStatement(sql: string, binding: StatementBinding): { text: string; params: unknown[] } {
  let text = sql;
  const params: unknown[] = [];
  const first = binding.first ?? 1;
  for (const name of PARAMETERS) {
    const pattern = named(name);
    if (!pattern.test(text)) continue;
    const inline = binding.inline?.[name];
    if (inline !== undefined) {
      text = text.replace(named(name), () => inline);
      continue;
    }
    const position = `$${first + params.length}`;
    params.push(binding.values[name]);
    text = text.replace(named(name), () => position);
  }
  return { text, params };
}

/** One figure as a statement answers it: `value`, and `numerator`/`denominator` when it is a ratio that says them. */
export interface IndicatorFigure {
  value: number | null;
  numerator?: number | null;
  denominator?: number | null;
}

/** A statement's row as a figure (`numerator`/`denominator` only when the statement selects them). */
export function figureOfRow(row: Record<string, unknown> | undefined): IndicatorFigure {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const figure: IndicatorFigure = { value: num(row?.value) };
  if (row && 'numerator' in row) figure.numerator = num(row.numerator);
  if (row && 'denominator' in row) figure.denominator = num(row.denominator);
  return figure;
}

/** Runs an indicator statement for one unit (its subtree) and period: the figure of its one row. */
export async function runIndicatorStatement(
  tx: PluginTx,
  statement: string,
  unit: Pick<OrgUnitView, 'id'>,
  period: { from: Date; to: Date },
): Promise<IndicatorFigure> {
  const { text, params } = bindIndicatorStatement(statement, {
    values: {
      unit: unit.id,
      from: period.from,
      to: period.to,
      now: tx.now,
      timeZone: usesTimeZone(statement) ? await tx.clock.timeZone() : undefined,
    },
  });
  const [row] = await tx.query<Record<string, unknown>>(text, params);
  return figureOfRow(row);
}

/** The alias the by-unit statement gives the child units. */
const CHILD = 'indicator_child';

/**
 * The by-unit form of an indicator statement: one statement answering one row per unit in
 * `unitIds` (`unit_id`, then the statement's columns). Each unit's row is the very statement the
 * single-unit figure runs, with `:unit` bound to that unit (a lateral subquery), so the two never
 * disagree, and a unit with nothing to count still answers (0, or null for a ratio over nothing).
 */
export function indicatorStatementByUnit(
  statement: string,
  unitIds: readonly string[],
  period: { from: Date; to: Date; now: Date; timeZone?: string },
): { text: string; params: unknown[] } {
  const inner = bindIndicatorStatement(statement, {
    values: { from: period.from, to: period.to, now: period.now, timeZone: period.timeZone ?? 'Asia/Shanghai' },
    inline: { unit: `${CHILD}.id` },
    first: 2,
  });
  return {
    text: `select ${CHILD}.id as unit_id, figure.*
  from org_units ${CHILD}
  cross join lateral (${inner.text}) figure
 where ${CHILD}.id = any($1::uuid[])`,
    params: [unitIds, ...inner.params],
  };
}

/** Everything `statement` needs to write its SQL for one level of the tree. */
export interface IndicatorStatementScope {
  /** The SQL column naming units of the level asked for on scoped rows: `street_id`, `community_id`, … */
  scopeColumn: IndicatorScopeColumn;
}

/** The single-unit computation of a statement, for `IndicatorDeclaration.compute`. */
export function computeFromStatement(
  statement: (scope: IndicatorStatementScope) => string,
): (ctx: IndicatorContext) => Promise<number | null> {
  return async (ctx) => (await runIndicatorStatement(ctx.tx, statement(ctx), ctx.unit, ctx)).value;
}
