import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadPluginCatalog } from '@tongxin/plugin-host';
import { runAllMigrations } from '../../../api/src/cli/migrate';
import { BENCH_ADMIN_URL, benchDatabaseName, benchUrls } from '../shared/bench-database';
import { pickSubjects } from './scenarios';

/**
 * `npm run bench:search -- --profile panyu --cases 100k`
 *
 * How finding cases costs at each scope (ADR 012): the case list's first page, filtered by number,
 * text and period and sorted, each statement `EXPLAIN ANALYZE`d as the app role under row-level
 * security (median of 7), as a ratio of the default list of the same scope in the same run, with
 * the indexes each plan reads. The statements are written the way CasesService.list builds them
 * (cursorPageOfAny, one scope branch; plugins/grid/src/cases/case-search.ts), as the bench
 * baseline's are. The database is a seeded bench database (`npm run bench:seed`), migrated first.
 */
const { values } = parseArgs({
  options: {
    profile: { type: 'string', default: 'panyu' },
    cases: { type: 'string', default: '100k' },
  },
});
const database = benchDatabaseName(values.profile, values.cases);
const urls = benchUrls(database);
await runAllMigrations(urls.ownerUrl, await loadPluginCatalog({ env: process.env, root: process.cwd() }));
const adminUrl = new URL(BENCH_ADMIN_URL);
adminUrl.pathname = `/${database}`;
const s = await pickSubjects(adminUrl.toString(), values.profile);

const db = new pg.Client({ connectionString: adminUrl.toString() });
await db.connect();
const [tenant] = (await db.query<{ id: string }>('select id from tenants where code = $1', [s.tenantCode])).rows;
const [root] = (
  await db.query<{ id: string }>('select id from org_units where tenant_id = $1 and level = 1', [tenant!.id])
).rows;
// The statistics and visibility map a running district's autovacuum keeps.
await db.query('vacuum analyze grid_case_terms');
const [someCase] = (
  await db.query<{ number: string; createdAt: Date }>(
    `select number, created_at as "createdAt" from grid_cases where tenant_id = $1 and grid_id = $2
      order by id limit 1 offset 20`,
    [tenant!.id, s.grid.id],
  )
).rows;
await db.query('set role tongxin_app');
await db.query(`select set_config('app.tenant_id', $1, false)`, [tenant!.id]);

const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;
const v7Bound = (at: number, fill: '0' | 'f') => {
  const hex = Math.max(0, at).toString(16).padStart(12, '0').slice(-12) + fill.repeat(20);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** case-search.ts `textCandidates` and the ILIKE, as SQL conditions (two lookups first). */
async function textConditions(q: string): Promise<{ conditions: string[]; note: string }> {
  const chars = [...q.toLowerCase()];
  const terms = [...new Set(chars.slice(0, -1).map((ch, i) => ch + chars[i + 1]))].slice(0, 6);
  const like = `(CASE WHEN "c"."description" ILIKE ${lit(`%${q}%`)} OR "c"."address" ILIKE ${lit(`%${q}%`)} THEN true ELSE false END)`;
  const counts = (
    await db.query<{ term: string; cases: number }>(
      `select b.term, (select count(*) from (select 1 from grid_case_terms t where t.term = b.term limit $2) x)::int as cases
         from unnest($1::text[]) as b(term)`,
      [terms, 2001],
    )
  ).rows;
  const rarest = counts.reduce((a, b) => (b.cases < a.cases ? b : a));
  if (rarest.cases > 2000) return { conditions: [like], note: 'every bigram common' };
  const ids = (
    await db.query<{ id: string }>('select case_id as id from grid_case_terms where term = $1', [rarest.term])
  ).rows;
  return {
    conditions: [`"c"."id" = ANY('{${ids.map((r) => r.id).join(',')}}'::uuid[])`, like],
    note: `${ids.length} candidates`,
  };
}

const plainLike = (q: string) => `("c"."description" ILIKE ${lit(`%${q}%`)} OR "c"."address" ILIKE ${lit(`%${q}%`)})`;

/** CasesService.list's statement for one scope branch (cursorPageOfAny). */
function list(column: string, unitId: string, conditions: string[], order = '"c"."id" DESC'): string {
  const where = ['true', ...conditions, `"c"."${column}" = ${lit(unitId)}`].join(' AND ');
  const branch = `(SELECT "c"."id" AS "c_id" FROM "grid_cases" "c" WHERE ${where} ORDER BY ${order} LIMIT 51)`;
  return `SELECT "c".* FROM "grid_cases" "c" WHERE "c"."id" IN (${branch}) ORDER BY ${order} LIMIT 51`;
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}
const indexesOf = (node: PlanNode, into = new Set<string>()): Set<string> => {
  if (node['Index Name']) into.add(node['Index Name']);
  else if (node['Node Type'] === 'Seq Scan') into.add('Seq Scan');
  for (const child of node.Plans ?? []) indexesOf(child, into);
  return into;
};
async function measure(sql: string): Promise<{ ms: number; reads: string }> {
  const times: number[] = [];
  let plan: PlanNode | undefined;
  for (let i = 0; i < 7; i++) {
    const [row] = (
      await db.query<{ 'QUERY PLAN': [{ 'Execution Time': number; Plan: PlanNode }] }>(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`,
      )
    ).rows;
    times.push(row!['QUERY PLAN'][0]['Execution Time']);
    plan = row!['QUERY PLAN'][0].Plan;
  }
  times.sort((a, b) => a - b);
  return { ms: times[3]!, reads: [...indexesOf(plan!)].join(', ') };
}

const number = someCase!.number;
const month = new Date(someCase!.createdAt);
const from = Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), 1) - 8 * 3600_000;
const to = Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1) - 8 * 3600_000;
const period = [
  `"c"."id" >= ${lit(v7Bound(from - 3600_000, '0'))} AND "c"."created_at" >= ${lit(new Date(from).toISOString())}`,
  `"c"."id" <= ${lit(v7Bound(to + 3600_000, 'f'))} AND "c"."created_at" < ${lit(new Date(to).toISOString())}`,
];
const filters: [string, () => Promise<{ conditions: string[]; note?: string }>][] = [
  [`number=${number}`, async () => ({ conditions: [`"c"."number" = ${lit(number)}`] })],
  [
    `number=${number.slice(0, 8)}`,
    async () => {
      const day = number.slice(0, 8);
      const next = String(Number(day) + 1);
      return {
        conditions: [
          `"c"."number" >= ${lit(day)} AND "c"."number" < ${lit(next)} AND "c"."number" LIKE ${lit(`${day}%`)}`,
        ],
      };
    },
  ],
  ['createdFrom/To: the month of that case', async () => ({ conditions: period })],
  // What a plain ILIKE (or a trigram index, unused by the app role) would cost, for comparison.
  ['q=消防, a plain ILIKE', async () => ({ conditions: [plainLike('消防')] })],
  ['q=无此词, a plain ILIKE', async () => ({ conditions: [plainLike('无此词')] })],
  ['q=消防 (common)', () => textConditions('消防')],
  ['q=井盖松动 (rare)', () => textConditions('井盖松动')],
  ['q=13号楼3单元 (common bigrams)', () => textConditions('13号楼3单元')],
  [`q=${s.grid.name} (the grid's name)`, () => textConditions(s.grid.name)],
];
const sorts: [string, string][] = [
  [
    'sort=deadline',
    `coalesce(date_trunc('milliseconds', "c"."deadline_at"), 'infinity'::timestamptz) ASC, "c"."id" ASC`,
  ],
  ['sort=-updatedAt', `date_trunc('milliseconds', "c"."updated_at") DESC, "c"."id" DESC`],
];
const scopes: [string, string, string][] = [
  ['district', 'district_id', root!.id],
  [s.street.name, 'street_id', s.street.id],
  [s.community.name, 'community_id', s.community.id],
  [s.grid.name, 'grid_id', s.grid.id],
];

console.log(`${database}: first page of GET /plugins/grid/cases as the app role; ratio to the default list`);
for (const [name, column, unitId] of scopes) {
  const base = await measure(list(column, unitId, []));
  console.log(`\n${name}: default list ${base.ms.toFixed(2)} ms (${base.reads})`);
  const rows: [string, { ms: number; reads: string }, string][] = [];
  for (const [label, build] of filters) {
    const { conditions, note } = await build();
    rows.push([label, await measure(list(column, unitId, conditions)), note ?? '']);
  }
  for (const [label, order] of sorts) rows.push([label, await measure(list(column, unitId, [], order)), '']);
  for (const [label, m, note] of rows)
    console.log(
      `  ${label.padEnd(40)} ${`${(m.ms / base.ms).toFixed(1)}×`.padStart(8)} ${m.ms.toFixed(2).padStart(9)} ms  ${m.reads}${note ? `  (${note})` : ''}`,
    );
}
await db.end();
process.exit(0);
