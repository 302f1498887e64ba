import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { districtUnits } from '../src/seed/hierarchy';
import { PROFILES, countLabel, neighboursOf, parseCount } from '../src/seed/profiles';
import { Random, splitTotal } from '../src/seed/random';
import { renderReport, type TierResult } from '../src/run/report';
import type { LoadResult } from '../src/run/load';
import { cpuByOwner, readCpuProfile, renderCpuShares } from '../src/run/cpu-profile';
import { startServer } from '../src/run/servers';
import { freePort } from '../../../tests/support/processes';

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

describe('bench --cpu-prof', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tongxin-bench-cpu-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('profiles a server for as long as it runs and says whose code used the CPU', async () => {
    // A stand-in server that burns CPU in a function of its own on every request, and stops on
    // SIGTERM the way the API and the baseline do.
    const entry = path.join(dir, 'busy-server.mjs');
    writeFileSync(
      entry,
      `import http from 'node:http';
       function burnCpu() { let x = 0; for (let i = 0; i < 2e6; i++) x += Math.sqrt(i); return x; }
       const server = http.createServer((req, res) => res.end(String(burnCpu())));
       server.listen(Number(process.env.PORT), '127.0.0.1');
       process.once('SIGTERM', () => server.close(() => process.exit(0)));`,
    );
    const server = await startServer('busy', entry, await freePort(), {}, '/ready', dir, { cpuProfile: true });
    for (let i = 0; i < 40; i++) await (await fetch(`${server.url}/work`)).text();
    await server.stop();

    const file = path.join(dir, 'busy.cpuprofile');
    expect(existsSync(file)).toBe(true);
    const summary = cpuByOwner(readCpuProfile(file));
    expect(summary.busyMs).toBeGreaterThan(0);
    // The stand-in's own file is where most of its busy time went.
    expect(summary.owners[0]!.owner).toContain('busy-server.mjs');
    expect(summary.owners[0]!.share).toBeGreaterThan(0.5);
    expect(renderCpuShares('busy', summary)).toMatch(/^busy: [\d.]+ s of CPU/);
  });

  it('names packages and this repo’s folders, not files', () => {
    const frame = (id: number, url: string, functionName = 'f') => ({ id, callFrame: { functionName, url } });
    const summary = cpuByOwner({
      nodes: [
        frame(1, '/work/node_modules/@nestjs/core/router/router-execution-context.js'),
        frame(2, '/work/node_modules/typeorm/query-builder/InsertQueryBuilder.js'),
        frame(3, 'file:///work/dist/plugins/grid/src/cases/intake.js'),
        frame(4, 'node:internal/streams/writable'),
        frame(5, '', '(idle)'),
        frame(6, '', '(garbage collector)'),
      ],
      samples: [1, 2, 2, 3, 3, 3, 4, 5, 5, 6],
      timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 50_000, 50_000, 1000],
    });
    // Idle time is left out: 8 ms busy.
    expect(summary.busyMs).toBe(8);
    expect(summary.owners.map((o) => [o.owner, o.ms])).toEqual([
      ['plugins/grid', 3],
      ['typeorm', 2],
      ['@nestjs/core', 1],
      ['node:internal/streams', 1],
      ['(garbage collector)', 1],
    ]);
    expect(summary.owners[0]!.share).toBeCloseTo(3 / 8);
  });
});
