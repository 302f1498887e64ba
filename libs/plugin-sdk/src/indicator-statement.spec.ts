import { bindIndicatorStatement, figureOfRow, indicatorStatementByUnit } from './indicator-statement';

describe('indicator statements', () => {
  const from = new Date('2026-01-01T00:00:00Z');
  const to = new Date('2026-02-01T00:00:00Z');
  const now = new Date('2026-03-01T00:00:00Z');

  it('numbers only the parameters a statement uses, in a fixed order, and leaves casts alone', () => {
    expect(
      bindIndicatorStatement('select count(*)::int as value from t where t.c = :unit and t.at < :to and :to > :from', {
        values: { unit: 'u', from, to, now },
      }),
    ).toEqual({
      text: 'select count(*)::int as value from t where t.c = $1 and t.at < $3 and $3 > $2',
      params: ['u', from, to],
    });
    expect(bindIndicatorStatement('select :now::date, :unit_id', { values: { now } })).toEqual({
      text: 'select $1::date, :unit_id',
      params: [now],
    });
  });

  it('runs the same statement per child unit, `:unit` bound to each', () => {
    const { text, params } = indicatorStatementByUnit(
      'select count(*)::int as value from t where t.street_id = :unit and t.at >= :from and t.at < :to',
      ['a', 'b'],
      { from, to, now },
    );
    expect(text).toContain(
      'cross join lateral (select count(*)::int as value from t where t.street_id = indicator_child.id and t.at >= $2 and t.at < $3) figure',
    );
    expect(text).toContain('where indicator_child.id = any($1::uuid[])');
    expect(params).toEqual([['a', 'b'], from, to]);
  });

  it('reads a ratio’s counts only when the statement selects them', () => {
    expect(figureOfRow({ value: 3 })).toEqual({ value: 3 });
    expect(figureOfRow({ value: null, numerator: 0, denominator: '0' })).toEqual({
      value: null,
      numerator: 0,
      denominator: 0,
    });
    expect(figureOfRow(undefined)).toEqual({ value: null });
  });
});
