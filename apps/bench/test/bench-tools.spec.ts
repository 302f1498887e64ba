import { districtUnits } from '../src/seed/hierarchy';
import { PROFILES, countLabel, neighboursOf, parseCount } from '../src/seed/profiles';
import { Random, splitTotal } from '../src/seed/random';
import { renderReport, type TierResult } from '../src/run/report';
import type { LoadResult } from '../src/run/load';

describe('bench:seed profiles', () => {
  it('builds 番禺 at its published size: 16 streets and towns, ~270 communities, 2,025 grids', () => {
    const rows = districtUnits(PROFILES.panyu!, new Random(1));
    const count = (level: number) => rows.filter((r) => r.level === level).length;
    expect([count(2), count(3), count(4)]).toEqual([16, 270, 2025]);
    expect(rows.find((r) => r.level === 2)!.name).toBe('市桥街道');
    // Parents come before children, so the import can run in one pass.
    const seen = new Set([PROFILES.panyu!.divisionCode]);
    for (const r of rows) {
      expect(seen.has(r.parentCode)).toBe(true);
      seen.add(r.code);
    }
  });

  it('splits totals unevenly but exactly, with no empty part', () => {
    const rng = new Random(7);
    for (const [total, parts] of [
      [2025, 270],
      [36, 9],
      [7, 7],
    ] as const) {
      const split = splitTotal(rng, total, parts, 0.6);
      expect(split.reduce((a, b) => a + b, 0)).toBe(total);
      expect(Math.min(...split)).toBeGreaterThanOrEqual(1);
    }
  });

  it('reads case counts as people write them, and gives 番禺 its neighbours', () => {
    expect(['10k', '100k', '1m', '2500'].map(parseCount)).toEqual([10_000, 100_000, 1_000_000, 2_500]);
    expect([10_000, 1_000_000, 2_500].map(countLabel)).toEqual(['10k', '1m', '2500']);
    expect(() => parseCount('lots')).toThrow(/not a case count/);
    expect(neighboursOf('panyu')).toEqual(['zhanhe', 'jiangyan', 'xiangyun']);
    expect(neighboursOf('xiangyun')).toEqual(['jiangyan']);
  });
});

describe('bench report', () => {
  const load = (rps: number, p95: number): LoadResult => ({
    requests: rps * 10,
    rps,
    p50: p95 / 2,
    p95,
    p99: p95 * 1.5,
    errors: 0,
    statuses: {},
  });
  const tier = (cases: number, listP95: number): TierResult => ({
    database: `tongxin_bench_panyu_${countLabel(cases)}`,
    cases,
    tenantCases: { panyu: cases },
    subjects: { street: '市桥街道', community: '市桥第一社区', grid: '市桥第一社区第一网格' },
    rows: [
      {
        scenario: 'list: street',
        connections: 10,
        rate: 50,
        product: load(300, 40),
        baseline: load(400, 30),
        steady: load(50, listP95),
        steadyBaseline: load(50, 8),
      },
      {
        scenario: 'case intake (POST)',
        connections: 10,
        rate: 50,
        product: load(120, 90),
        baseline: load(150, 70),
        steady: load(50, 20),
        steadyBaseline: load(50, 15),
      },
    ],
  });

  it('shows each tier, the growth between the smallest and largest, and which targets are missed', () => {
    const machine = {
      cpus: '2 × test',
      memory: '24 GiB',
      os: 'Linux',
      node: 'v20',
      postgres: 'PostgreSQL 15',
      queues: 'Redis',
      date: 'now',
    };
    const report = renderReport('panyu', machine, [tier(10_000, 10), tier(1_000_000, 12)], { seconds: 10, warmup: 3 });
    expect(report).toContain('### 10k cases (tongxin_bench_panyu_10k)');
    expect(report).toContain('### 1m cases (tongxin_bench_panyu_1m)');
    // Growth: 12 ms ÷ 10 ms at the steady rate.
    expect(report).toMatch(/\| list: street \| 10 \| 12 \| 300 \| 300 \| 1\.20 \|/);
    expect(report).toMatch(/list: street: p95 < 50 ms .*\| 12 ms \(40 ms\) \| yes \|/);
    expect(report).toMatch(/intake ≥ 500 requests\/s \| 120\/s \| \*\*no\*\* \|/);
    expect(report).toMatch(/case intake \(POST\): throughput ratio to baseline ≥ 0\.5 \| 0\.80 \| yes \|/);
  });
});
