import { expectError, expectStatus } from '../../../tests/support/expect';
import { OwnerDb } from '../../../tests/support/owner-db';
import { bearer, type TestApp } from '../../../tests/support/test-app';
import { serviceDefinitionSchema, servicesSchema } from './georeport-v2-schemas';
import {
  expectRefusal,
  expectSameXml,
  expectValid,
  expectXmlRefusal,
  open311Base,
  open311Cases,
  startOpen311App,
  xmlData,
} from './open311-support';
import { GRID, gridDistrict, type GridDistrict } from './support';

/**
 * Finding 11 (and the api_key item of finding 9): Open311 as real clients speak it. Service
 * attributes, the spec's limits and formats, refusals of every kind in the spec's format, no key
 * in URLs, and CORS for browser clients.
 */
describe('grid plugin: Open311 as clients speak it', () => {
  let t: TestApp;
  let d: GridDistrict;
  let apiKey: string;
  const db = new OwnerDb();
  const base = () => open311Base(d.tenant.code);
  const get = (path: string) => t.http.get(`${base()}/${path}`);
  const post = (fields: Record<string, string | string[]>, format = 'json') =>
    t.http.post(`${base()}/requests.${format}`).type('form').send(fields);
  const filed = () => open311Cases(db, d.tenant.id);
  const good = () => ({ api_key: apiKey, service_code: 'HP-09', address_string: '沿河路1号' });

  beforeAll(async () => {
    t = await startOpen311App();
    d = await gridDistrict(t, 'o311c');
    const issued = await t.http.post(`${GRID}/open311/keys`).set(bearer(d.admin.token)).send({ clientName: '热线' });
    expectStatus(issued, 201);
    apiKey = issued.body.apiKey as string;
  }, 120_000);

  afterAll(async () => {
    await db.close();
    await t?.close();
  });

  describe('service attributes', () => {
    const ATTRIBUTES = [
      {
        code: 'building',
        datatype: 'string',
        description: '楼栋号',
        required: true,
        datatypeDescription: '例如 3 号楼',
      },
      {
        code: 'danger',
        datatype: 'singlevaluelist',
        description: '危险等级',
        required: true,
        values: [
          { key: 'low', name: '低' },
          { key: 'high', name: '高' },
        ],
      },
      {
        code: 'kinds',
        datatype: 'multivaluelist',
        description: '涉及类型',
        values: [
          { key: 'fire', name: '消防' },
          { key: 'gas', name: '燃气' },
          { key: 'power', name: '用电' },
        ],
      },
      { code: 'households', datatype: 'number', description: '涉及户数' },
      { code: 'seen', datatype: 'datetime', description: '发现时间' },
      { code: 'detail', datatype: 'text', description: '补充说明' },
      { code: 'note', datatype: 'string', description: '请勿在此填写个人信息', variable: false, order: 0 },
    ];
    let hp01: string;

    beforeAll(async () => {
      hp01 = d.itemByCode('HP-01').id;
      const res = await t.http
        .patch(`${GRID}/items/${hp01}`)
        .set(bearer(d.admin.token))
        .send({ attributes: ATTRIBUTES });
      expectStatus(res, 200);
    });

    it('are set by the district admin on an item, published in services (metadata) and the service definition', async () => {
      const services = await get('services.json');
      expectValid(servicesSchema, services.body);
      const metadata = Object.fromEntries(
        (services.body as { service_code: string; metadata: boolean }[]).map((s) => [s.service_code, s.metadata]),
      );
      expect(metadata).toMatchObject({ 'HP-01': true, 'HP-09': false });

      const definition = await get('services/HP-01.json');
      expectStatus(definition, 200);
      expectValid(serviceDefinitionSchema, definition.body);
      expect(definition.body.attributes).toEqual([
        {
          variable: false,
          code: 'note',
          datatype: 'string',
          required: false,
          datatype_description: null,
          order: 0,
          description: '请勿在此填写个人信息',
          values: [],
        },
        {
          variable: true,
          code: 'building',
          datatype: 'string',
          required: true,
          datatype_description: '例如 3 号楼',
          order: 1,
          description: '楼栋号',
          values: [],
        },
        expect.objectContaining({ code: 'danger', datatype: 'singlevaluelist', required: true, order: 2 }),
        expect.objectContaining({ code: 'kinds', datatype: 'multivaluelist', required: false, order: 3 }),
        expect.objectContaining({ code: 'households', datatype: 'number', order: 4 }),
        expect.objectContaining({ code: 'seen', datatype: 'datetime', order: 5 }),
        expect.objectContaining({ code: 'detail', datatype: 'text', order: 6 }),
      ]);
      expect(definition.body.attributes[2].values).toEqual([
        { key: 'low', name: '低' },
        { key: 'high', name: '高' },
      ]);
      const xml = xmlData(await get('services/HP-01.xml')) as {
        service_definition: { attributes: { attribute: { code: string; values: unknown }[] } };
      };
      expect(xml.service_definition.attributes.attribute.map((a) => a.code)).toEqual(
        (definition.body.attributes as { code: string }[]).map((a) => a.code),
      );
      expect(xml.service_definition.attributes.attribute[2]!.values).toEqual({
        value: [
          { key: 'low', name: '低' },
          { key: 'high', name: '高' },
        ],
      });
      // The item API shows them too, and a new item can be created with them.
      const items = await t.http.get(`${GRID}/items`).set(bearer(d.admin.token));
      const item = (items.body.items as { code: string; attributes: unknown[] }[]).find((i) => i.code === 'HP-01');
      expect(item!.attributes).toHaveLength(ATTRIBUTES.length);
      const created = await t.http
        .post(`${GRID}/items`)
        .set(bearer(d.admin.token))
        .send({
          code: 'HP-14',
          category: 'hazard_patrol',
          name: '电动车违规充电',
          timeLimit: 4,
          handlerType: 'community',
          public: true,
          attributes: [{ code: 'building', datatype: 'string', description: '楼栋号', required: true }],
        });
      expectStatus(created, 201);
      expectStatus(await get('services/HP-14.json'), 200);
    });

    it('refuse inconsistent definitions', async () => {
      const patch = (attributes: unknown) =>
        t.http.patch(`${GRID}/items/${hp01}`).set(bearer(d.admin.token)).send({ attributes });
      expectError(
        await patch([{ code: 'x', datatype: 'singlevaluelist', description: '类型' }]),
        400,
        'GRID_ITEM_ATTRIBUTE_VALUES',
      );
      expectError(
        await patch([{ code: 'x', datatype: 'string', description: '类型', values: [{ key: 'a', name: 'A' }] }]),
        400,
        'GRID_ITEM_ATTRIBUTE_VALUES',
      );
      expectError(
        await patch([
          { code: 'x', datatype: 'string', description: 'a' },
          { code: 'x', datatype: 'number', description: 'b' },
        ]),
        400,
        'GRID_ITEM_ATTRIBUTE_DUPLICATE',
      );
      expectError(await patch([{ code: 'x', datatype: 'color', description: 'a' }]), 400, 'VALIDATION_FAILED');
      expectError(await patch([{ code: 'bad code', datatype: 'string', description: 'a' }]), 400, 'VALIDATION_FAILED');
      // Nothing changed.
      expectStatus(await get('services/HP-01.json'), 200);
      expect((await get('services/HP-01.json')).body.attributes).toHaveLength(ATTRIBUTES.length);
    });

    it('are checked on POST with the spec’s errors, filing nothing, and kept on the case for staff', async () => {
      const before = await filed();
      const base311 = { ...good(), service_code: 'HP-01' };
      const en = (fields: Record<string, string | string[]>) => post(fields).set('Accept-Language', 'en');
      expectRefusal(
        await en({ ...base311, 'attribute[danger]': 'high' }),
        400,
        'GRID_OPEN311_ATTRIBUTE_REQUIRED',
        'The required attribute attribute[building] (楼栋号) is missing',
      );
      expectRefusal(
        await en({ ...base311, 'attribute[building]': '3号楼', 'attribute[danger]': 'extreme' }),
        400,
        'GRID_OPEN311_ATTRIBUTE_NOT_LISTED',
        'attribute[danger] (危险等级): "extreme" is not one of low, high',
      );
      const answered = { ...base311, 'attribute[building]': '3号楼', 'attribute[danger]': 'high' };
      expectRefusal(await en({ ...answered, 'attribute[households]': 'many' }), 400, 'GRID_OPEN311_ATTRIBUTE_INVALID');
      expectRefusal(await en({ ...answered, 'attribute[seen]': 'yesterday' }), 400, 'GRID_OPEN311_ATTRIBUTE_INVALID');
      expectRefusal(
        await en({ ...answered, 'attribute[kinds][]': ['fire', 'water'] }),
        400,
        'GRID_OPEN311_ATTRIBUTE_NOT_LISTED',
      );
      expectXmlRefusal(
        await post({ ...base311, 'attribute[danger]': 'high' }, 'xml'),
        400,
        'GRID_OPEN311_ATTRIBUTE_REQUIRED',
        '缺少必填属性 attribute[building]（楼栋号）',
      );
      expect(await filed()).toBe(before);

      // Answers as a form sends them (repeated keys for a multi-value list), and extras clients add.
      const ok = await post({
        ...answered,
        'attribute[kinds][]': ['fire', 'gas'],
        'attribute[households]': '12',
        'attribute[seen]': '2026-05-01T08:30:00+08:00',
        'attribute[uprn]': '100023336956',
      });
      expect(ok.status).toBe(201);
      // The same answers as a JSON client nests them.
      const json = await t.http.post(`${base()}/requests.json`).send({
        ...base311,
        attribute: { building: '5号楼', danger: 'low', kinds: ['power'] },
      });
      expect(json.status).toBe(201);

      const staffView = async (number: string) => {
        const [row] = await db.query<{ id: string }>(d.tenant.id, 'select id from grid_cases where number = $1', [
          number,
        ]);
        return (await t.http.get(`${GRID}/cases/${row!.id}`).set(bearer(d.admin.token))).body as {
          attributes: unknown[];
        };
      };
      expect((await staffView(ok.body[0].service_request_id as string)).attributes).toEqual([
        { code: 'building', description: '楼栋号', datatype: 'string', value: '3号楼' },
        { code: 'danger', description: '危险等级', datatype: 'singlevaluelist', value: 'high' },
        { code: 'kinds', description: '涉及类型', datatype: 'multivaluelist', value: ['fire', 'gas'] },
        { code: 'households', description: '涉及户数', datatype: 'number', value: 12 },
        { code: 'seen', description: '发现时间', datatype: 'datetime', value: '2026-05-01T00:30:00.000Z' },
      ]);
      expect((await staffView(json.body[0].service_request_id as string)).attributes).toEqual([
        { code: 'building', description: '楼栋号', datatype: 'string', value: '5号楼' },
        { code: 'danger', description: '危险等级', datatype: 'singlevaluelist', value: 'low' },
        { code: 'kinds', description: '涉及类型', datatype: 'multivaluelist', value: ['power'] },
      ]);
      // Attribute answers are for staff: GET requests does not publish them.
      expect((await get(`requests/${ok.body[0].service_request_id}.json`)).text).not.toContain('3号楼');
    });
  });

  describe('the spec’s limits and formats', () => {
    it('takes descriptions up to 4,000 characters, as the spec allows', async () => {
      const text = '楼'.repeat(4000);
      const res = await post({ ...good(), description: text });
      expect(res.status).toBe(201);
      const [one] = (await get(`requests/${res.body[0].service_request_id}.json`)).body as { description: string }[];
      expect(one!.description).toBe(text);
    });

    it('serves XML as text/xml; charset=utf-8', async () => {
      for (const path of ['discovery.xml', 'services.xml', 'services/HP-09.xml', 'requests.xml']) {
        const res = await get(path);
        expect({ path, type: res.headers['content-type'] }).toEqual({ path, type: 'text/xml; charset=utf-8' });
      }
      const services = await get('services.json');
      await expectSameXml(t, `${base()}/services.json`, services.body, 'services', 'service');
    });

    it('answers the host’s own refusals in the spec’s format and the asked one: bad bodies, unknown routes', async () => {
      const malformed = await t.http
        .post(`${base()}/requests.xml`)
        .set('Content-Type', 'application/json')
        .send('{"api_key": ');
      expectXmlRefusal(malformed, 400, 'MALFORMED_JSON', '请求体不是合法的 JSON');
      const unknown = await get('servicerequestupdates.xml');
      expectXmlRefusal(unknown, 404, 'ROUTE_NOT_FOUND');
      expectRefusal(await get('services'), 404, 'ROUTE_NOT_FOUND');
      expectRefusal(await get('services.yaml'), 404, 'GRID_OPEN311_FORMAT_UNKNOWN');
      const broken = await t.http
        .post(`${base()}/requests.xml`)
        .set('Content-Type', 'multipart/form-data; boundary=XYZ')
        .send('--XYZ\r\nContent-Disposition: form-data; name="api_key"\r\n\r\nabc');
      expectXmlRefusal(broken, 400, 'MALFORMED_MULTIPART');
    });
  });

  describe('multipart text fields', () => {
    /** A multipart body written by hand, so a field can carry any name and any bytes. */
    const multipart = (fields: [string, Buffer | string][]) => {
      const parts = fields.map(([name, value]) =>
        Buffer.concat([
          Buffer.from(`--XYZ\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`),
          Buffer.from(value),
          Buffer.from('\r\n'),
        ]),
      );
      return t.http
        .post(`${base()}/requests.json`)
        .set('Content-Type', 'multipart/form-data; boundary=XYZ')
        .send(Buffer.concat([...parts, Buffer.from('--XYZ--\r\n')]));
    };
    const fields = (): [string, string][] => Object.entries(good());

    it('are checked as JSON and form bodies are: prototype keys and bytes that are not UTF-8 are refused, filing nothing', async () => {
      // The red-team's repeat: these were accepted in multipart while the same form url-encoded was refused.
      const before = await filed();
      for (const name of ['constructor', '__proto__[x]', 'attribute[constructor]'])
        expectRefusal(await multipart([...fields(), [name, '1']]), 400, 'FORBIDDEN_FIELD_NAME');
      const latin1 = Buffer.from('caf\xe9 路灯不亮', 'latin1'); // é as one Latin-1 byte: not UTF-8
      expectRefusal(await multipart([...fields(), ['description', latin1]]), 400, 'INVALID_TEXT');
      expect(await filed()).toBe(before);
      // The same fields, cleanly encoded, file a case.
      expect((await multipart([...fields(), ['description', 'café 路灯不亮']])).status).toBe(201);
    });
  });

  describe('api_key in the URL', () => {
    it('is refused on POST, in the spec’s format, filing nothing', async () => {
      const before = await filed();
      const { api_key: key, ...rest } = good();
      const res = await t.http
        .post(`${base()}/requests.json?api_key=${encodeURIComponent(key)}`)
        .type('form')
        .send(rest)
        .set('Accept-Language', 'en');
      expectRefusal(res, 400, 'GRID_OPEN311_API_KEY_IN_QUERY', /^api_key must not be sent in the URL/);
      // Even with the key in the body as well: the one in the URL is already exposed.
      const both = await t.http
        .post(`${base()}/requests.xml?api_key=${encodeURIComponent(key)}`)
        .type('form')
        .send(good());
      expectXmlRefusal(both, 400, 'GRID_OPEN311_API_KEY_IN_QUERY');
      expect(await filed()).toBe(before);
    });

    it('is refused on every route, whatever the letter case', async () => {
      expectRefusal(await get('services.json?API_KEY=x'), 400, 'GRID_OPEN311_API_KEY_IN_QUERY');
      expectRefusal(await get('requests.json?api_key=x'), 400, 'GRID_OPEN311_API_KEY_IN_QUERY');
      expectXmlRefusal(await get('discovery.xml?api_key=x'), 400, 'GRID_OPEN311_API_KEY_IN_QUERY');
    });
  });

  describe('CORS', () => {
    const origin = 'https://map.example.org';

    it('lets any web page read the public GET answers, refusals included', async () => {
      const res = await get('services.json').set('Origin', origin);
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-expose-headers']).toContain('X-Error-Code');
      const refused = await t.http
        .get('/api/v1/public/no-such-district/plugins/grid/open311/v2/services.json')
        .set('Origin', origin);
      expect({ status: refused.status, acao: refused.headers['access-control-allow-origin'] }).toEqual({
        status: 404,
        acao: '*',
      });
    });

    it('answers a preflight for reads, and none for writes (the api_key belongs on servers)', async () => {
      const preflight = await t.http
        .options(`${base()}/requests.json`)
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'GET')
        .set('Access-Control-Request-Headers', 'accept-language');
      expect(preflight.status).toBe(204);
      expect(preflight.headers).toMatchObject({
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, HEAD',
      });
      expect(preflight.headers['access-control-allow-headers']).toContain('Accept-Language');
      const write = await t.http
        .options(`${base()}/requests.json`)
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'POST');
      expect(write.headers['access-control-allow-origin']).toBeUndefined();
      const posted = await post(good()).set('Origin', origin);
      expect(posted.status).toBe(201);
      expect(posted.headers['access-control-allow-origin']).toBeUndefined();
      // Signed-in routes are not opened to other origins.
      const staff = await t.http.get(`${GRID}/items`).set(bearer(d.admin.token)).set('Origin', origin);
      expect(staff.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
