import http from 'node:http';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { OwnerDb } from './support/owner-db';
import { waitFor } from './support/processes';
import { provisionTenant, startTestApp, type TestApp, type TestTenant } from './support/test-app';

const ROWS = 100_000;

// A full collection on demand, so the heap measured is what is still held, not garbage not yet swept.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapHeld = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

/**
 * 100k users exported as CSV and as XLSX: streamed page by page (docs/adr/019-exports.md), the heap of the
 * process (server and this client, which counts records and keeps none) never holding more than
 * a small part of what the rows would take held at once.
 */
describe('an export of 100k rows', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let baseUrl: string;
  const owner = new OwnerDb();

  beforeAll(async () => {
    t = await startTestApp({}, { plugins: [] });
    tenant = await provisionTenant(t, 'exp-big');
    await owner.query(
      tenant.id,
      `insert into users (tenant_id, id, username, display_name, phone, password_hash, org_unit_id, district_id)
       select $1, gen_random_uuid(), 'bulk' || i, '批量用户' || i, '138' || lpad(i::text, 8, '0'), 'x', $2, $2
         from generate_series(1, ${ROWS}) i`,
      [tenant.id, tenant.rootUnitId],
    );
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    await owner.close();
    await t?.close();
  });

  /** GET the export; `count` reads the body as it arrives and returns its records; the heap is sampled meanwhile. */
  async function exportStreamed(
    format: 'csv' | 'xlsx',
    count: (res: http.IncomingMessage, sample: () => void) => Promise<number>,
  ) {
    const before = heapHeld();
    let peak = 0;
    const sample = () => {
      peak = Math.max(peak, heapHeld() - before);
    };
    const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http
        .get(
          `${baseUrl}/api/v1/users/export?format=${format}`,
          { headers: { Authorization: `Bearer ${tenant.adminToken}` } },
          resolve,
        )
        .on('error', reject),
    );
    expect(res.statusCode).toBe(200);
    const records = await count(res, sample);
    return { records, peak };
  }

  /** Records of a CSV body: its line ends (no field here holds one), counted chunk by chunk. */
  const csvLines = (res: http.IncomingMessage, sample: () => void) =>
    new Promise<number>((resolve, reject) => {
      let lines = 0;
      let sinceSample = 0;
      res.on('data', (chunk: Buffer) => {
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
        sinceSample += chunk.length;
        if (sinceSample > 1_000_000) {
          sinceSample = 0;
          sample();
        }
      });
      res.on('end', () => resolve(lines));
      res.on('error', reject);
    });

  /** Rows of an XLSX body, read with exceljs's streaming reader as the body arrives. */
  const xlsxRows = async (res: http.IncomingMessage, sample: () => void) => {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(res, {
      sharedStrings: 'ignore',
      styles: 'ignore',
      hyperlinks: 'ignore',
    });
    let rows = 0;
    for await (const sheet of reader) for await (const _row of sheet) if (++rows % 10_000 === 0) sample();
    return rows;
  };

  // Held at once, these 100k rows as the list's objects take about 140 MB of heap (measured in
  // Node 20: 100k UserDto-shaped objects with their strings), before TypeORM's entities and the
  // file's text. The bound leaves room for a page of 500 rows, the pool and the parsers.
  const BOUND = 30 * 1024 * 1024;

  it('streams 100k rows as CSV with the heap bounded well below the rows’ size, and audits the count', async () => {
    const { records, peak } = await exportStreamed('csv', csvLines);
    // The header, the district's admin and the 100k.
    expect(records).toBe(1 + 1 + ROWS);
    expect(peak).toBeLessThan(BOUND);
    const events = await owner.query<{ after: { rows: number; complete: boolean; format: string } }>(
      tenant.id,
      `select after from audit_events where action = 'user.export'`,
    );
    expect(events.map((e) => e.after)).toEqual([
      expect.objectContaining({ format: 'csv', rows: 1 + ROWS, complete: true }),
    ]);
  }, 300_000);

  it('streams 100k rows as XLSX the same way', async () => {
    const { records, peak } = await exportStreamed('xlsx', xlsxRows);
    expect(records).toBe(1 + 1 + ROWS);
    expect(peak).toBeLessThan(BOUND);
  }, 300_000);

  it('stops reading when the client goes away, and audits the export as incomplete with the rows written', async () => {
    await new Promise<void>((resolve, reject) => {
      const req = http.get(
        `${baseUrl}/api/v1/users/export?sort=username`,
        { headers: { Authorization: `Bearer ${tenant.adminToken}` } },
        (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
    });
    const event = await waitFor('the incomplete export’s audit event', async () => {
      const rows = await owner.query<{ after: { rows: number; complete: boolean; filters: object } }>(
        tenant.id,
        `select after from audit_events where action = 'user.export' and after->'filters'->>'sort' = 'username'`,
      );
      return rows[0];
    });
    expect(event.after.complete).toBe(false);
    expect(event.after.rows).toBeLessThan(1 + ROWS);
  }, 120_000);
});
