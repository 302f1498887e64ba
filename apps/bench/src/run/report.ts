import { countLabel } from '../seed/profiles';
import type { LoadResult } from './load';

export interface TierResult {
  database: string;
  cases: number;
  tenantCases: Record<string, number>;
  subjects: { street: string; community: string; grid: string };
  rows: {
    scenario: string;
    connections: number;
    /** The steady load, requests per second, for `steady` and `steadyBaseline`. */
    rate: number;
    /** At full load: as many requests as `connections` connections get through. */
    product: LoadResult;
    baseline: LoadResult;
    steady: LoadResult;
    steadyBaseline: LoadResult;
  }[];
}

const ms = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(1) : v.toFixed(0)) : '–');
const rps = (v: number) => v.toFixed(0);
const ratio = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '–');
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

/** The issue's targets, checked against the largest tier (goals to report, not assertions). */
function targets(largest: TierResult, smallest: TierResult): string[] {
  const find = (t: TierResult, name: string) => t.rows.find((r) => r.scenario === name);
  const lines = [row(['target', 'figure', 'met']), row(['---', '---', '---'])];
  const check = (label: string, figure: string, met: boolean) =>
    lines.push(row([label, figure, met ? 'yes' : '**no**']));
  for (const r of largest.rows.filter((r) => r.scenario.startsWith('list:')))
    check(
      `${r.scenario}: p95 < 50 ms (at ${r.rate}/s; at full load in brackets)`,
      `${ms(r.steady.p95)} ms (${ms(r.product.p95)} ms)`,
      r.steady.p95 < 50,
    );
  const intake = find(largest, 'case intake (POST)');
  if (intake) check('intake ≥ 500 requests/s', `${rps(intake.product.rps)}/s`, intake.product.rps >= 500);
  const indicator = largest.rows.find((r) => r.scenario.startsWith('indicators'));
  if (indicator)
    check(
      `street-month indicator p95 < 200 ms (at ${indicator.rate}/s; at full load in brackets)`,
      `${ms(indicator.steady.p95)} ms (${ms(indicator.product.p95)} ms)`,
      indicator.steady.p95 < 200,
    );
  for (const r of largest.rows) {
    const x = r.product.rps / r.baseline.rps;
    check(`${r.scenario}: throughput ratio to baseline ≥ 0.5`, ratio(x), x >= 0.5);
  }
  if (largest !== smallest)
    for (const r of largest.rows) {
      const small = find(smallest, r.scenario);
      if (!small) continue;
      const growth = r.steady.p95 / small.steady.p95;
      check(
        `${r.scenario}: p95 at ${countLabel(largest.cases)} ≤ 1.5 × p95 at ${countLabel(smallest.cases)} (at ${r.rate}/s)`,
        `${ratio(growth)}×`,
        growth <= 1.5,
      );
    }
  return lines;
}

export function renderReport(
  profile: string,
  machine: Record<string, string>,
  tiers: TierResult[],
  method: { seconds: number; warmup: number },
): string {
  const out: string[] = [];
  out.push(`## Benchmark: profile ${profile}, ${machine.date}`, '');
  out.push(
    `Machine: ${machine.cpus}, ${machine.memory}; ${machine.os}; Node ${machine.node}; ${machine.postgres}; queues on ${machine.queues}.`,
    `Each scenario: product and baseline take turns in two rounds; each turn is a ${method.warmup} s warm-up, ${method.seconds / 2} s at full load ` +
      `and ${method.seconds / 2} s at a steady rate, and the two rounds are pooled. Latencies in ms; ` +
      `ratio = product requests/s ÷ baseline requests/s at full load.`,
    '',
  );
  for (const t of tiers) {
    out.push(
      `### ${countLabel(t.cases)} cases (${t.database})`,
      '',
      `Cases per tenant at the end of the run: ${Object.entries(t.tenantCases)
        .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
        .join(', ')}. Lists read as: ${t.subjects.street}, ${t.subjects.community}, ${t.subjects.grid}.`,
      '',
      'Full load (as many requests as the connections get through):',
      '',
      row(['scenario', 'conns', 'req/s', 'p50', 'p95', 'p99', 'errors', 'baseline req/s', 'baseline p95', 'ratio']),
      row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    );
    for (const r of t.rows)
      out.push(
        row([
          r.scenario,
          r.connections,
          rps(r.product.rps),
          ms(r.product.p50),
          ms(r.product.p95),
          ms(r.product.p99),
          r.product.errors,
          rps(r.baseline.rps),
          ms(r.baseline.p95),
          ratio(r.product.rps / r.baseline.rps),
        ]),
      );
    out.push(
      '',
      'Steady load (requests sent on a fixed schedule, answered or not: latency as users see it on a busy day):',
      '',
      row(['scenario', 'req/s offered', 'p50', 'p95', 'p99', 'errors', 'baseline p50', 'baseline p95']),
      row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    );
    for (const r of t.rows)
      out.push(
        row([
          r.scenario,
          r.rate,
          ms(r.steady.p50),
          ms(r.steady.p95),
          ms(r.steady.p99),
          r.steady.errors,
          ms(r.steadyBaseline.p50),
          ms(r.steadyBaseline.p95),
        ]),
      );
    out.push('');
  }
  if (tiers.length > 1) {
    const labels = tiers.map((t) => countLabel(t.cases));
    out.push(
      '### Growth: product p95 (ms) at steady load, and requests/s at full load, by case count',
      '',
      row([
        'scenario',
        ...labels.map((l) => `p95 @${l}`),
        ...labels.map((l) => `req/s @${l}`),
        `p95 ${labels.at(-1)} ÷ ${labels[0]}`,
      ]),
      row(['---', ...labels.map(() => '---:'), ...labels.map(() => '---:'), '---:']),
    );
    for (const r of tiers[0]!.rows) {
      const per = tiers.map((t) => t.rows.find((x) => x.scenario === r.scenario));
      const last = per.at(-1);
      out.push(
        row([
          r.scenario,
          ...per.map((x) => (x ? ms(x.steady.p95) : '–')),
          ...per.map((x) => (x ? rps(x.product.rps) : '–')),
          last ? ratio(last.steady.p95 / r.steady.p95) : '–',
        ]),
      );
    }
    out.push('');
  }
  out.push(`### Targets at ${countLabel(tiers.at(-1)!.cases)} cases`, '', ...targets(tiers.at(-1)!, tiers[0]!), '');
  return out.join('\n');
}
