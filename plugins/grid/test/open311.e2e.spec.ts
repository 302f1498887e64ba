import { createHash } from 'node:crypto';
import { expectError, expectStatus } from '../../../tests/support/expect';
import { OwnerDb } from '../../../tests/support/owner-db';
import { bearer, enablePlugin, provisionTenant, type TestApp, type TestTenant } from '../../../tests/support/test-app';
import {
  createdSchema,
  discoverySchema,
  requestSchema,
  requestsSchema,
  serviceDefinitionSchema,
  servicesSchema,
  tokenSchema,
} from './georeport-v2-schemas';
import {
  expectRefusal,
  expectSameXml,
  expectValid,
  expectXmlRefusal,
  open311Base,
  PUBLIC_URL,
  startOpen311App,
  xmlData,
} from './open311-support';
import { act, fileCase, GRID, gridDistrict, type GridDistrict } from './support';

/**
 * Open311 GeoReport v2 per district, against the real server: every JSON answer is checked
 * against the GeoReport v2 schemas and every XML answer against the JSON one; requests filed with
 * an api_key become grid cases staff work on, and what staff do shows in the public answers.
 */

describe('grid plugin: Open311 GeoReport v2', () => {
  let t: TestApp;
  let d: GridDistrict;
  let tenantB: TestTenant;
  let apiKey: string;
  let keyId: string;
  const db = new OwnerDb();
  const base = (code = d.tenant.code) => open311Base(code);
  const get = (path: string, code?: string) => t.http.get(`${base(code)}/${path}`);
  const post = (fields: Record<string, string>, format = 'json', code?: string) =>
    t.http
      .post(`${base(code)}/requests.${format}`)
      .type('form')
      .send(fields);
  const open311Cases = async (tenantId = d.tenant.id) =>
    (await db.query<{ n: number }>(tenantId, `select count(*)::int as n from grid_cases where source = 'open311'`))[0]!
      .n;
  /** The case behind a service_request_id, as staff see it. */
  async function staffCase(number: string) {
    const [row] = await db.query<{ id: string }>(d.tenant.id, 'select id from grid_cases where number = $1', [number]);
    const res = await t.http.get(`${GRID}/cases/${row!.id}`).set(bearer(d.admin.token));
    expectStatus(res, 200);
    return res.body as Record<string, unknown> & { id: string; unitId: string; deadlineAt: string | null };
  }
  /** Draws a square boundary around (lat, lng) for a grid, as the owner (grid profiles have no route in this suite). */
  async function drawGrid(unitId: string, lat: number, lng: number) {
    const ring = [
      [lng - 0.01, lat - 0.01],
      [lng + 0.01, lat - 0.01],
      [lng + 0.01, lat + 0.01],
      [lng - 0.01, lat + 0.01],
      [lng - 0.01, lat - 0.01],
    ];
    await db.query(
      d.tenant.id,
      `insert into grid_profiles (tenant_id, id, district_id, street_id, community_id, grid_id, unit_id, boundary)
       select tenant_id, gen_random_uuid(), district_id, street_id, community_id, grid_id, id, $2::jsonb
         from org_units where id = $1
       on conflict (tenant_id, unit_id) do update set boundary = excluded.boundary`,
      [unitId, JSON.stringify({ type: 'Polygon', coordinates: [ring] })],
    );
  }

  beforeAll(async () => {
    t = await startOpen311App();
    d = await gridDistrict(t, 'o311a');
    tenantB = await provisionTenant(t, 'o311b');
    await enablePlugin(t, tenantB, 'grid');
    const issued = await t.http
      .post(`${GRID}/open311/keys`)
      .set(bearer(d.admin.token))
      .send({ clientName: '12345 热线系统', unitId: d.gridB.id });
    expectStatus(issued, 201);
    apiKey = issued.body.apiKey as string;
    keyId = issued.body.id as string;
    await drawGrid(d.gridA2.id, 22.95, 113.35);
  }, 120_000);

  afterAll(async () => {
    await db.close();
    await t?.close();
  });

  describe('api keys', () => {
    it('are issued once by the district admin (only the SHA-256 kept), listed without the key and audited', async () => {
      expect(apiKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const list = await t.http.get(`${GRID}/open311/keys`).set(bearer(d.admin.token));
      expectStatus(list, 200);
      const mine = (list.body.items as Record<string, unknown>[]).find((k) => k.id === keyId);
      expect(mine).toEqual({
        id: keyId,
        clientName: '12345 热线系统',
        keyPrefix: apiKey.slice(0, 8),
        unitId: d.gridB.id,
        unitName: '网格B1-1',
        issuedBy: d.admin.id,
        issuedAt: expect.any(String),
        revokedAt: null,
      });
      expect(JSON.stringify(list.body)).not.toContain(apiKey);
      const [row] = await db.query<{ keyHash: string }>(
        d.tenant.id,
        'select key_hash as "keyHash" from grid_open311_keys where id = $1',
        [keyId],
      );
      expect(row!.keyHash).toBe(createHash('sha256').update(apiKey).digest('hex'));
      const audit = await db.query(d.tenant.id, 'select action, after from audit_events where entity_id = $1', [keyId]);
      expect(audit).toEqual([
        {
          action: 'grid.open311-key.issue',
          after: { clientName: '12345 热线系统', keyPrefix: apiKey.slice(0, 8), unitId: d.gridB.id },
        },
      ]);
    });

    it('are the district admin’s alone; an unknown unit is a 404', async () => {
      const street = await t.http
        .post(`${GRID}/open311/keys`)
        .set(bearer(d.streetStaffA.token))
        .send({ clientName: '街道小程序' });
      expectError(street, 403, 'FORBIDDEN');
      const unknownUnit = await t.http
        .post(`${GRID}/open311/keys`)
        .set(bearer(d.admin.token))
        .send({ clientName: '小程序', unitId: '0190a0a0-0000-7000-8000-000000000000' });
      expectError(unknownUnit, 404, 'NOT_FOUND');
      expectError(
        await t.http.post(`${GRID}/open311/keys`).set(bearer(d.admin.token)).send({ clientName: '' }),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('discovery and services', () => {
    it('discovery names the GeoReport v2 endpoint of this district at PUBLIC_URL, whatever Host a client sends', async () => {
      // A client that chooses the Host header must not choose the address other clients are sent to.
      const res = await get('discovery.json').set('Host', 'attacker.example');
      expectStatus(res, 200);
      expectValid(discoverySchema, res.body);
      expect(res.body.endpoints).toEqual([
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: `${PUBLIC_URL}${base()}`,
          changeset: res.body.changeset,
          type: 'production',
          formats: ['application/json', 'text/xml'],
        },
      ]);
      expect(res.text).not.toContain('attacker.example');
      await expectSameXml(t, `${base()}/discovery.json`, res.body, 'discovery', undefined, 'attacker.example');
    });

    it('services are the active grid items open to the public; taking one off the list removes it everywhere', async () => {
      const items = await t.http.get(`${GRID}/items?active=true`).set(bearer(d.admin.token));
      // Population registers and the like are the grid's own work, never offered to the public.
      const internal = (items.body.items as { code: string; public: boolean }[]).filter((i) => !i.public);
      expect(internal.map((i) => i.code)).toEqual(expect.arrayContaining(['IC-01', 'IC-04', 'IC-05', 'PG-01']));
      const res = await get('services.json');
      expectStatus(res, 200);
      expectValid(servicesSchema, res.body);
      const active = (
        items.body.items as { id: string; code: string; name: string; category: string; public: boolean }[]
      ).filter((i) => i.public);
      expect(active.map((i) => i.code)).toContain('HP-01');
      expect((res.body as { service_code: string }[]).map((s) => s.service_code)).toEqual(active.map((i) => i.code));
      const hp09 = (res.body as Record<string, unknown>[]).find((s) => s.service_code === 'HP-09');
      expect(hp09).toEqual({
        service_code: 'HP-09',
        service_name: active.find((i) => i.code === 'HP-09')!.name,
        description: null,
        metadata: false,
        type: 'realtime',
        keywords: '安全隐患巡查,hazard patrol',
        group: '安全隐患巡查',
      });
      await expectSameXml(t, `${base()}/services.json`, res.body, 'services', 'service');

      const dropped = active[active.length - 1]!;
      expectStatus(
        await t.http.patch(`${GRID}/items/${dropped.id}`).set(bearer(d.admin.token)).send({ active: false }),
        200,
      );
      const after = await get('services.json');
      expect((after.body as { service_code: string }[]).map((s) => s.service_code)).toEqual(
        active.slice(0, -1).map((i) => i.code),
      );
      expectRefusal(await get(`services/${dropped.code}.json`), 404, 'GRID_OPEN311_SERVICE_UNKNOWN');
      const filed = await post({ api_key: apiKey, service_code: dropped.code, address_string: '沿河路1号' });
      expectRefusal(filed, 404, 'GRID_OPEN311_SERVICE_UNKNOWN');
      // An internal item is no service either, and cannot be filed from outside.
      expectRefusal(await get('services/IC-05.json'), 404, 'GRID_OPEN311_SERVICE_UNKNOWN');
      expectRefusal(
        await post({ api_key: apiKey, service_code: 'IC-05', address_string: '沿河路1号' }),
        404,
        'GRID_OPEN311_SERVICE_UNKNOWN',
      );
    });

    it('an item without attributes has an empty definition; an unknown code is the spec’s 404, in either format', async () => {
      const res = await get('services/HP-09.json');
      expectStatus(res, 200);
      expectValid(serviceDefinitionSchema, res.body);
      expect(res.body).toEqual({ service_code: 'HP-09', attributes: [] });
      expect(xmlData(await get('services/HP-09.xml'))).toEqual({
        service_definition: { service_code: 'HP-09', attributes: '' },
      });

      const unknown = await get('services/NO-SUCH.json').set('Accept-Language', 'en');
      expectRefusal(unknown, 404, 'GRID_OPEN311_SERVICE_UNKNOWN', 'There is no service with service_code "NO-SUCH"');
      expectXmlRefusal(
        await get('services/NO-SUCH.xml'),
        404,
        'GRID_OPEN311_SERVICE_UNKNOWN',
        '没有编码为“NO-SUCH”的受理服务',
      );
      expectRefusal(await get('services.yaml'), 404, 'GRID_OPEN311_FORMAT_UNKNOWN');
    });

    it('jurisdiction_id is optional; another one is the spec’s 404', async () => {
      expectStatus(await get(`services.json?jurisdiction_id=${d.tenant.code}`), 200);
      const other = await get(`services.json?jurisdiction_id=${tenantB.code}`).set('Accept-Language', 'en');
      expectRefusal(
        other,
        404,
        'GRID_OPEN311_JURISDICTION_UNKNOWN',
        `This endpoint serves jurisdiction_id "${d.tenant.code}", not "${tenantB.code}"`,
      );
      const before = await open311Cases();
      const filed = await post({
        api_key: apiKey,
        jurisdiction_id: tenantB.code,
        service_code: 'HP-09',
        address_string: '沿河路1号',
      });
      expectRefusal(filed, 404, 'GRID_OPEN311_JURISDICTION_UNKNOWN');
      expect(await open311Cases()).toBe(before);
    });
  });

  describe('POST requests', () => {
    it('files a case at the grid whose boundary contains the point, with the reporter kept for staff only', async () => {
      const res = await post({
        api_key: apiKey,
        service_code: 'HP-09',
        lat: '22.951',
        long: '113.352',
        address_string: '沿河路18号东侧',
        description: '人行道上堆放建筑垃圾 & 杂物',
        first_name: '三',
        last_name: '张',
        phone: '13800138000',
        email: 'zhangsan@example.com',
        media_url: 'https://img.example.com/1.jpg',
        'attribute[WHISPER]': 'ignored',
        device_id: 'wx-001',
      });
      expect(res.status).toBe(201);
      expectValid(createdSchema, res.body);
      const [created] = res.body as { service_request_id: string; service_notice: string; account_id: null }[];
      expect(created).toEqual({
        service_request_id: expect.stringMatching(/^\d{8}-\d{4}$/) as string,
        service_notice: expect.stringContaining('小时内办结') as string,
        account_id: null,
      });

      const c = await staffCase(created!.service_request_id);
      expect(c).toMatchObject({
        number: created!.service_request_id,
        source: 'open311',
        state: 'reported',
        itemCode: 'HP-09',
        unitId: d.gridA2.id,
        description: '人行道上堆放建筑垃圾 & 杂物',
        address: '沿河路18号东侧',
        latitude: 22.951,
        longitude: 113.352,
        reporterName: '张三',
        reporterPhone: '13800138000',
      });
      // What the client sent beyond the case's columns is in its history, for staff.
      const history = await t.http.get(`${GRID}/cases/${c.id}/history`).set(bearer(d.admin.token));
      expect((history.body.items as { action: string }[]).map((e) => e.action)).toEqual([
        'collect',
        'report',
        'open311',
      ]);
      expect(history.body.items[2].details).toEqual({
        client: '12345 热线系统',
        keyPrefix: apiKey.slice(0, 8),
        email: 'zhangsan@example.com',
        mediaUrl: 'https://img.example.com/1.jpg',
        deviceId: 'wx-001',
      });
      const audit = await db.query(
        d.tenant.id,
        `select actor_id as "actorId", actor_type as "actorType", action from audit_events where entity_id = $1`,
        [c.id],
      );
      expect(audit).toEqual([{ actorId: null, actorType: 'anonymous', action: 'grid.case.create' }]);
    });

    it("files at the key's unit when no boundary contains the location; JSON bodies and XML answers work too", async () => {
      const json = await t.http
        .post(`${base()}/requests.json`)
        .send({ api_key: apiKey, service_code: 'HP-09', lat: 23.5, long: 114.1, description: '路灯不亮' });
      expect(json.status).toBe(201);
      expect((await staffCase(json.body[0].service_request_id as string)).unitId).toBe(d.gridB.id);

      const xml = await post({ api_key: apiKey, service_code: 'HP-09', address_id: 'ADDR-0042' }, 'xml');
      expect(xml.status).toBe(201);
      const answer = xmlData(xml) as { service_requests: { request: Record<string, string>[] } };
      const number = answer.service_requests.request[0]!.service_request_id!;
      expect(answer.service_requests.request).toEqual([
        { service_request_id: number, service_notice: expect.stringContaining('小时内办结') as string, account_id: '' },
      ]);
      const c = await staffCase(number);
      expect(c).toMatchObject({ unitId: d.gridB.id, address: '', latitude: null, description: '' });
      const [byId] = (await get(`requests/${number}.json`)).body as Record<string, unknown>[];
      expect(byId).toMatchObject({ address: null, address_id: 'ADDR-0042', lat: null, long: null });
    });

    it('refuses without a valid key (403) or without service_code or location (400), in the spec format, filing nothing', async () => {
      const before = await open311Cases();
      const good = { api_key: apiKey, service_code: 'HP-09', address_string: '沿河路1号' };
      const en = (fields: Record<string, string>, format = 'json') => post(fields, format).set('Accept-Language', 'en');

      const { api_key: _key, ...keyless } = good;
      expectRefusal(
        await en(keyless),
        403,
        'GRID_OPEN311_API_KEY_REQUIRED',
        'An api_key is required to submit a request: ask the district administrator for one',
      );
      expectRefusal(await en({ ...good, api_key: 'not-a-key' }), 403, 'GRID_OPEN311_API_KEY_INVALID');
      const { service_code: _code, ...codeless } = good;
      expectRefusal(await en(codeless), 400, 'GRID_OPEN311_SERVICE_CODE_REQUIRED', /^service_code is required/);
      // The spec: an unknown service_code is a 404, not a 400.
      expectRefusal(
        await en({ ...good, service_code: 'NOPE' }),
        404,
        'GRID_OPEN311_SERVICE_UNKNOWN',
        'There is no service with service_code "NOPE"',
      );
      const { address_string: _where, ...nowhere } = good;
      expectRefusal(
        await en(nowhere),
        400,
        'GRID_OPEN311_LOCATION_REQUIRED',
        'A location is required: lat and long, address_string or address_id',
      );
      expectRefusal(await en({ ...nowhere, lat: '22.95' }), 400, 'GRID_OPEN311_LOCATION_INVALID');
      expectRefusal(await en({ ...nowhere, lat: '95', long: '113' }), 400, 'GRID_OPEN311_LOCATION_INVALID');
      expectRefusal(
        await en({ ...good, description: '问'.repeat(4001) }),
        400,
        'GRID_OPEN311_FIELD_INVALID',
        'description must be text of at most 4000 characters',
      );
      // The same refusal in XML, in Chinese by default.
      expectXmlRefusal(
        await post(codeless, 'xml'),
        400,
        'GRID_OPEN311_SERVICE_CODE_REQUIRED',
        '缺少 service_code：请从 services 列表中选择一个服务',
      );
      expect(await open311Cases()).toBe(before);
    });

    it('a revoked key files nothing more; what it filed stays', async () => {
      const issued = await t.http
        .post(`${GRID}/open311/keys`)
        .set(bearer(d.admin.token))
        .send({ clientName: '微信小程序' });
      expectStatus(issued, 201);
      expect(issued.body.unitId).toBe(d.tenant.rootUnitId);
      const key = issued.body.apiKey as string;
      const filed = await post({ api_key: key, service_code: 'HP-09', address_string: '滨河路2号' });
      expect(filed.status).toBe(201);
      expect((await staffCase(filed.body[0].service_request_id as string)).unitId).toBe(d.tenant.rootUnitId);

      const revoked = await t.http.post(`${GRID}/open311/keys/${issued.body.id}/revoke`).set(bearer(d.admin.token));
      expectStatus(revoked, 200);
      expect(revoked.body).toMatchObject({ id: issued.body.id, revokedAt: expect.any(String) as string });
      expectError(
        await t.http.post(`${GRID}/open311/keys/${issued.body.id}/revoke`).set(bearer(d.admin.token)),
        409,
        'GRID_OPEN311_KEY_ALREADY_REVOKED',
      );
      expectRefusal(
        await post({ api_key: key, service_code: 'HP-09', address_string: '滨河路2号' }).set('Accept-Language', 'en'),
        403,
        'GRID_OPEN311_API_KEY_INVALID',
        'The api_key is invalid or has been revoked',
      );
      expectStatus(await get(`requests/${filed.body[0].service_request_id}.json`), 200);
    });
  });

  describe('GET requests', () => {
    let number: string;
    let caseId: string;

    beforeAll(async () => {
      const res = await post({
        api_key: apiKey,
        service_code: 'HP-01',
        lat: '22.949',
        long: '113.349',
        description: '消防通道被占用',
        first_name: '四',
        last_name: '李',
        phone: '13900139000',
      });
      expect(res.status).toBe(201);
      number = res.body[0].service_request_id as string;
      caseId = (await staffCase(number)).id;
    });

    it('lists Open311 requests newest first, valid against the schema, without the reporter’s contact', async () => {
      const res = await get('requests.json');
      expectStatus(res, 200);
      expectValid(requestsSchema, res.body);
      const rows = res.body as Record<string, unknown>[];
      expect(rows[0]).toEqual({
        service_request_id: number,
        status: 'open',
        status_notes: '已受理，等待分派承办单位',
        service_name: expect.any(String) as string,
        service_code: 'HP-01',
        description: '消防通道被占用',
        agency_responsible: '',
        service_notice: expect.stringContaining('小时内办结') as string,
        requested_datetime: expect.any(String) as string,
        updated_datetime: expect.any(String) as string,
        expected_datetime: null,
        address: null,
        address_id: null,
        zipcode: null,
        lat: 22.949,
        long: 113.349,
        media_url: null,
      });
      const numbers = rows.map((r) => r.service_request_id as string);
      expect(numbers).toEqual([...numbers].sort().reverse());
      for (const secret of ['13900139000', '13800138000', '李四', '张三', 'zhangsan@example.com'])
        expect(res.text).not.toContain(secret);
      await expectSameXml(t, `${base()}/requests.json`, res.body, 'service_requests', 'request');
    });

    it('follows the case: dispatch gives agency and expected_datetime, verify closes it with its public reply', async () => {
      expectStatus(await act(t, d.communityStaffA, caseId, 'dispatch', { unitId: d.gridA2.id }), 200);
      const dispatched = await staffCase(number);
      let [r] = (await get(`requests/${number}.json`)).body as Record<string, unknown>[];
      expect(r).toMatchObject({
        status: 'open',
        agency_responsible: '网格A1-2',
        expected_datetime: dispatched.deadlineAt,
      });
      expect(dispatched.deadlineAt).not.toBeNull();

      expectStatus(await act(t, d.gridWorkerA2, caseId, 'accept'), 200);
      expectStatus(await act(t, d.gridWorkerA2, caseId, 'resolve', { note: '已清理通道，恢复通行' }), 200);
      expectStatus(
        await act(t, d.communityStaffA, caseId, 'verify', { publicReply: '消防通道已清理，恢复通行。感谢您的反映！' }),
        200,
      );
      const one = await get(`requests/${number}.json`);
      expectValid(requestsSchema, one.body);
      [r] = one.body as Record<string, unknown>[];
      expect(r).toMatchObject({
        status: 'closed',
        status_notes: '消防通道已清理，恢复通行。感谢您的反映！',
        agency_responsible: '网格A1-2',
      });
      await expectSameXml(t, `${base()}/requests/${number}.json`, one.body, 'service_requests', 'request');

      const closed = (await get('requests.json?status=closed')).body as { service_request_id: string }[];
      expect(closed.map((x) => x.service_request_id)).toEqual([number]);
      const open = (await get('requests.json?status=open')).body as { service_request_id: string; status: string }[];
      expect(open.length).toBeGreaterThan(0);
      expect(open.every((x) => x.status === 'open' && x.service_request_id !== number)).toBe(true);
      const both = (await get('requests.json?status=open,closed')).body as unknown[];
      expect(both).toHaveLength(open.length + 1);
      expectRefusal(await get('requests.json?status=pending'), 400, 'GRID_OPEN311_STATUS_INVALID');
    });

    it('filters by service_code, requested_datetime window and ids, within the spec’s 90 days', async () => {
      const all = (await get('requests.json')).body as { service_request_id: string; service_code: string }[];
      const hp01 = (await get('requests.json?service_code=HP-01')).body as typeof all;
      expect(hp01.map((r) => r.service_request_id)).toEqual([number]);
      const codes = (await get('requests.json?service_code=HP-01,HP-09')).body as typeof all;
      expect(codes).toHaveLength(all.length);

      const day = 86_400_000;
      const iso = (ms: number) => new Date(ms).toISOString();
      const now = Date.now();
      expect((await get(`requests.json?start_date=${iso(now - day)}&end_date=${iso(now + day)}`)).body).toHaveLength(
        all.length,
      );
      expect((await get(`requests.json?end_date=${iso(now - day)}`)).body).toEqual([]);
      expect((await get(`requests.json?start_date=${iso(now + day)}`)).body).toEqual([]);
      // Dates without an offset are the district's (Beijing) time.
      const beijingToday = new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
      expect((await get(`requests.json?start_date=${beijingToday}`)).body).toHaveLength(all.length);
      expectRefusal(
        await get(`requests.json?start_date=${iso(now - 100 * day)}&end_date=${iso(now)}`).set('Accept-Language', 'en'),
        400,
        'GRID_OPEN311_DATE_RANGE',
        'start_date must precede end_date, and the range may not span more than 90 days',
      );
      expectRefusal(await get('requests.json?end_date=yesterday'), 400, 'GRID_OPEN311_DATE_INVALID');

      const two = [all[0]!.service_request_id, all[all.length - 1]!.service_request_id];
      const byIds = (await get(`requests.json?service_request_id=${two.join(',')}&status=closed`)).body as typeof all;
      // service_request_id overrides every other filter (the first one is open).
      expect(byIds.map((r) => r.service_request_id)).toEqual(two);
    });

    it('answers one request and tokens by case number; staff-filed cases are not published', async () => {
      const one = await get(`requests/${number}.json`);
      expectValid(requestsSchema, one.body);
      expectValid(requestSchema, one.body[0]);
      const token = await get(`tokens/${number}.json`);
      expectStatus(token, 200);
      expectValid(tokenSchema, token.body);
      expect(token.body).toEqual([{ service_request_id: number, token: number }]);
      expect(xmlData(await get(`tokens/${number}.xml`))).toEqual({
        service_requests: { request: [{ service_request_id: number, token: number }] },
      });

      const staffFiled = await fileCase(t, d, { reporterPhone: '13700137000' });
      expectRefusal(await get(`requests/${staffFiled.number}.json`), 404, 'GRID_OPEN311_REQUEST_NOT_FOUND');
      expectRefusal(await get(`tokens/${staffFiled.number}.json`), 404, 'GRID_OPEN311_REQUEST_NOT_FOUND');
      const listed = await get(`requests.json?service_request_id=${staffFiled.number}`);
      expect(listed.body).toEqual([]);
      expectRefusal(
        await get('requests/19990101-0001.json').set('Accept-Language', 'en'),
        404,
        'GRID_OPEN311_REQUEST_NOT_FOUND',
        'There is no service request "19990101-0001"',
      );
    });
  });

  describe('districts', () => {
    it("keep apart: B's endpoint lists none of A's requests and A's key files nothing in B", async () => {
      const a = (await get('requests.json')).body as { service_request_id: string }[];
      expect(a.length).toBeGreaterThan(0);
      const b = await get('requests.json', tenantB.code);
      expectStatus(b, 200);
      expect(b.body).toEqual([]);
      expectRefusal(
        await get(`requests/${a[0]!.service_request_id}.json`, tenantB.code),
        404,
        'GRID_OPEN311_REQUEST_NOT_FOUND',
      );
      const filed = await post(
        { api_key: apiKey, service_code: 'HP-09', address_string: '沿河路1号' },
        'json',
        tenantB.code,
      );
      expectRefusal(filed, 403, 'GRID_OPEN311_API_KEY_INVALID');
      expect(await open311Cases(tenantB.id)).toBe(0);
    });

    it('answer 404 where the plugin is disabled or the district unknown, in the spec’s format and the asked one', async () => {
      expectStatus(await t.http.post(`${GRID}/disable`).set(bearer(tenantB.adminToken)), 200);
      expectRefusal(await get('services.json', tenantB.code), 404, 'PLUGIN_DISABLED');
      expectXmlRefusal(await get('services.xml', tenantB.code), 404, 'PLUGIN_DISABLED', '插件“grid”未在本区县启用');
      expectRefusal(
        await post({ api_key: apiKey, service_code: 'HP-09', address_string: 'x' }, 'json', tenantB.code),
        404,
        'PLUGIN_DISABLED',
      );
      expectRefusal(
        await get('services.json', 'no-such-district').set('Accept-Language', 'en'),
        404,
        'TENANT_NOT_FOUND',
        'There is no active district "no-such-district"',
      );
      expectXmlRefusal(
        await post({ api_key: apiKey, service_code: 'HP-09', address_string: 'x' }, 'xml', 'no-such-district'),
        404,
        'TENANT_NOT_FOUND',
        '区县“no-such-district”不存在或已暂停使用',
      );
      expectStatus(await t.http.post(`${GRID}/enable`).set(bearer(tenantB.adminToken)), 200);
      expectStatus(await get('services.json', tenantB.code), 200);
    });
  });
});
