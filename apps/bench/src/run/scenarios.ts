import pg from 'pg';
import { BENCH_PASSWORD } from '../shared/bench-database';
import type { LoadRequest } from './load';

export interface Scenario {
  name: string;
  /** Keep-alive connections at full load: a handful for logins (argon2 is meant to be slow), more for the rest. */
  connections: number;
  /**
   * The steady load latency is also measured at, in requests per second: a busy hour of a
   * 2,000-worker district (a list or a case every minute or so from each; the morning sign-in wave).
   */
  rate: number;
  requests: LoadRequest[];
}

/** The fixed periods the scenarios ask about, inside the seeded data (which ends on 2026-10-31). */
export const INDICATOR_MONTH = { from: '2026-09-01T00:00:00+08:00', to: '2026-10-01T00:00:00+08:00' };
export const OPEN311_WINDOW = { start: '2026-10-24T00:00:00+08:00', end: '2026-11-01T00:00:00+08:00' };

const INDICATOR_KEYS = [
  'cases-received',
  'response-rate',
  'completion-rate',
  'on-time-completion-rate',
  'satisfaction-rate',
  'overdue-count',
  'escalations',
  'median-hours-to-close',
];

export interface Subjects {
  tenantCode: string;
  street: { id: string; code: string; name: string };
  community: { id: string; code: string; name: string };
  grid: { id: string; code: string; name: string };
  itemId: string;
  /** Who each list is read as. */
  usernames: { district: string; street: string; community: string; worker: string };
  /** Grid workers the login scenario cycles through. */
  loginUsernames: string[];
}

/**
 * A typical street, community and grid, and the accounts that read them: the middle unit by code
 * at each level. The tree and the grids' loads come from the seed, not the case count, so every
 * size of a profile reads the same units and the growth columns compare like with like.
 */
export async function pickSubjects(adminUrl: string, tenantCode: string): Promise<Subjects> {
  const db = new pg.Client({ connectionString: adminUrl });
  await db.connect();
  try {
    const [tenant] = (await db.query<{ id: string }>('select id from tenants where code = $1', [tenantCode])).rows;
    if (!tenant) throw new Error(`tenant ${tenantCode} is not in this database`);
    // A superuser connection: row-level security does not bind it, so every query names the tenant.
    const middle = async (level: number, parentId?: string) => {
      const { rows } = await db.query<{ id: string; code: string; name: string }>(
        `select id, code, name from org_units
          where tenant_id = $1 and level = $2 and ($3::uuid is null or parent_id = $3) order by code`,
        [tenant.id, level, parentId ?? null],
      );
      return rows[Math.floor(rows.length / 2)]!;
    };
    const street = await middle(2);
    const community = await middle(3, street.id);
    const grid = await middle(4, community.id);
    const [item] = (
      await db.query<{ id: string }>(`select id from grid_items where tenant_id = $1 and code = 'HP-01'`, [tenant.id])
    ).rows;
    const workers = (
      await db.query<{ username: string }>(
        `select u.username from grid_staff s join users u on u.id = s.user_id
          where s.tenant_id = $1 and s.duty = 'grid_worker' order by u.username limit 50`,
        [tenant.id],
      )
    ).rows.map((r) => r.username);
    return {
      tenantCode,
      street,
      community,
      grid,
      itemId: item!.id,
      usernames: {
        district: 'district',
        street: `s-${street.code}`,
        community: `c-${community.code}`,
        worker: `w-${grid.code}`,
      },
      loginUsernames: workers,
    };
  } finally {
    await db.end();
  }
}

const json = (body: unknown) => JSON.stringify(body);
const q = (s: string) => encodeURIComponent(s);

/** Logs in through the product (both servers accept its tokens: they share the JWT secret). */
export async function login(baseUrl: string, tenantCode: string, username: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: json({ tenantCode, username, password: BENCH_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login as ${username} failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** The scenarios, in the order the table shows them. */
export function scenarios(s: Subjects, tokens: Record<keyof Subjects['usernames'], string>): Scenario[] {
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const list = (who: keyof Subjects['usernames']): LoadRequest[] => [
    { method: 'GET', path: '/api/v1/plugins/grid/cases', headers: bearer(tokens[who]) },
  ];
  return [
    {
      name: 'login',
      connections: 4,
      rate: 20,
      requests: s.loginUsernames.map((username) => ({
        method: 'POST',
        path: '/api/v1/auth/login',
        body: json({ tenantCode: s.tenantCode, username, password: BENCH_PASSWORD }),
      })),
    },
    {
      name: 'case intake (POST)',
      connections: 10,
      rate: 50,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/plugins/grid/cases',
          headers: bearer(tokens.worker),
          body: json({
            source: 'patrol',
            itemId: s.itemId,
            unitId: s.grid.id,
            description: '3号楼楼道堆放杂物，堵塞消防通道',
            address: `${s.community.name}3号楼2单元`,
          }),
        },
      ],
    },
    { name: 'list: grid worker', connections: 10, rate: 50, requests: list('worker') },
    { name: 'list: community', connections: 10, rate: 50, requests: list('community') },
    { name: 'list: street', connections: 10, rate: 50, requests: list('street') },
    { name: 'list: district', connections: 10, rate: 50, requests: list('district') },
    {
      name: 'indicators: street × month',
      connections: 10,
      rate: 50,
      requests: INDICATOR_KEYS.map((key) => ({
        method: 'GET',
        path: `/api/v1/indicators/grid/${key}?unitId=${s.street.id}&from=${q(INDICATOR_MONTH.from)}&to=${q(INDICATOR_MONTH.to)}`,
        headers: bearer(tokens.street),
      })),
    },
    {
      name: 'Open311 GET requests (7 days)',
      connections: 10,
      rate: 20,
      requests: [
        {
          method: 'GET',
          path: `/api/v1/public/${s.tenantCode}/plugins/grid/open311/v2/requests.json?start_date=${q(OPEN311_WINDOW.start)}&end_date=${q(OPEN311_WINDOW.end)}`,
        },
      ],
    },
  ];
}
