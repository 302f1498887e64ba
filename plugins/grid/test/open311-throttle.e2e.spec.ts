import { Clock } from '@tongxin/jobs';
import { expectStatus } from '../../../tests/support/expect';
import { OwnerDb } from '../../../tests/support/owner-db';
import { bearer, type TestApp } from '../../../tests/support/test-app';
import { expectRefusal, expectXmlRefusal, open311Base, open311Cases, startOpen311App } from './open311-support';
import { GRID, gridDistrict, type GridDistrict } from './support';

/**
 * Finding 6: Open311 filing was unthrottled (40 POSTs on one key in 735 ms became 40 real cases
 * with numbers and timers). Filings are limited per api_key and attempts per client, as the
 * district sets them, and refused with 429 and `Retry-After` in the spec's error format.
 */
describe('grid plugin: Open311 filing limits', () => {
  let t: TestApp;
  let d: GridDistrict;
  const db = new OwnerDb();

  const issueKey = async (district: GridDistrict, clientName: string) => {
    const res = await t.http.post(`${GRID}/open311/keys`).set(bearer(district.admin.token)).send({ clientName });
    expectStatus(res, 201);
    return res.body.apiKey as string;
  };
  const file = (apiKey: string, format = 'json', district = d) =>
    t.http
      .post(`${open311Base(district.tenant.code)}/requests.${format}`)
      .type('form')
      .send({ api_key: apiKey, service_code: 'HP-09', address_string: '沿河路1号', description: '井盖缺失' });
  const setLimits = async (district: GridDistrict, perKey: number, perClient: number) =>
    expectStatus(
      await t.http
        .patch(`${GRID}/settings`)
        .set(bearer(district.admin.token))
        .send({ open311FilingsPerKeyPerMinute: perKey, open311AttemptsPerClientPerMinute: perClient }),
      200,
    );
  const advance = (ms: number) => t.app.get(Clock, { strict: false }).advance(ms);
  const retryAfter = (res: { headers: Record<string, string> }) => Number(res.headers['retry-after']);

  beforeAll(async () => {
    t = await startOpen311App();
    d = await gridDistrict(t, 'o311t');
  }, 120_000);

  afterAll(async () => {
    await db.close();
    await t?.close();
  });

  it('files up to the key’s limit in a minute, then answers 429 with Retry-After in JSON and XML, filing nothing more', async () => {
    await setLimits(d, 3, 100);
    const key = await issueKey(d, '热线甲');
    const before = await open311Cases(db, d.tenant.id);
    for (let i = 0; i < 3; i++) expectStatus(await file(key), 201);

    const json = await file(key);
    expectRefusal(json, 429, 'RATE_LIMITED', /请求过于频繁，请 \d+ 秒后再试/);
    expect(retryAfter(json)).toBeGreaterThanOrEqual(1);
    expect(retryAfter(json)).toBeLessThanOrEqual(60);
    const xml = await file(key, 'xml').set('Accept-Language', 'en');
    expectXmlRefusal(xml, 429, 'RATE_LIMITED');
    expect(xml.text).toMatch(/Too many requests; try again in \d+ seconds/);
    expect(retryAfter(xml)).toBeGreaterThanOrEqual(1);
    expect(await open311Cases(db, d.tenant.id)).toBe(before + 3);

    // Another key of the district has its own count.
    expectStatus(await file(await issueKey(d, '热线乙')), 201);
    // The window closes: the key files again.
    advance(61_000);
    expectStatus(await file(key), 201);
  });

  it('counts every attempt of a client, with any key or none, so guessing keys is throttled too', async () => {
    advance(61_000);
    await setLimits(d, 100, 4);
    const key = await issueKey(d, '热线丙');
    expectStatus(await file(key), 201);
    expectRefusal(await file('not-a-key'), 403, 'GRID_OPEN311_API_KEY_INVALID');
    expectRefusal(await file('still-not-a-key'), 403, 'GRID_OPEN311_API_KEY_INVALID');
    expectStatus(await file(key), 201);
    // The fifth attempt this minute: refused before the key is even looked at, good key or not.
    expectRefusal(await file('not-a-key'), 429, 'RATE_LIMITED');
    expectRefusal(await file(key), 429, 'RATE_LIMITED');
    advance(61_000);
    expectStatus(await file(key), 201);
  });

  it('keeps each district’s counts its own, and a limit of 0 stops filing', async () => {
    advance(61_000);
    await setLimits(d, 1, 100);
    const key = await issueKey(d, '热线丁');
    expectStatus(await file(key), 201);
    expectRefusal(await file(key), 429, 'RATE_LIMITED');
    // Same client, another district: its own counters and its own (default) limits.
    const other = await gridDistrict(t, 'o311u');
    expectStatus(await file(await issueKey(other, '热线'), 'json', other), 201);

    advance(61_000);
    await setLimits(d, 0, 100);
    const before = await open311Cases(db, d.tenant.id);
    expectRefusal(await file(key), 429, 'RATE_LIMITED');
    expect(await open311Cases(db, d.tenant.id)).toBe(before);
  });

  it('refuses limits out of range with the settings’ validation, changing nothing', async () => {
    const res = await t.http
      .patch(`${GRID}/settings`)
      .set(bearer(d.admin.token))
      .send({ open311FilingsPerKeyPerMinute: -1, open311AttemptsPerClientPerMinute: 'many' });
    expect(res.status).toBe(400);
    const plugins = await t.http.get('/api/v1/plugins?limit=200').set(bearer(d.admin.token));
    expectStatus(plugins, 200);
    const grid = (plugins.body.items as { id: string; settings: Record<string, unknown> }[]).find(
      (p) => p.id === 'grid',
    );
    expect(grid?.settings).toMatchObject({ open311FilingsPerKeyPerMinute: 0, open311AttemptsPerClientPerMinute: 100 });
  });
});
