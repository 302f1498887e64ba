import { inspectImage } from '@tongxin/plugin-sdk';
import { expectStatus } from '../../../tests/support/expect';
import { OwnerDb } from '../../../tests/support/owner-db';
import { bearer, type TestApp } from '../../../tests/support/test-app';
import { createdSchema, requestsSchema } from './georeport-v2-schemas';
import {
  expectRefusal,
  expectValid,
  expectXmlRefusal,
  image,
  JPEG,
  JPEG_THEN_HTML,
  open311Base,
  open311Cases,
  PNG,
  PUBLIC_URL,
  startOpen311App,
  xmlData,
} from './open311-support';
import { act, fileCase, GRID, gridDistrict, type GridDistrict } from './support';

/**
 * Open311 driven the way FixMyStreet's client drives it (perllib/Open311.pm in
 * mysociety/fixmystreet): XML endpoints with `jurisdiction_id` on every call; `POST requests.xml`
 * as multipart/form-data whenever photos are uploaded (`photo1`, `photo2`, … files, fields
 * `api_key`, `service_code`, `description` = title, detail and report URL, `first_name`,
 * `last_name`, `email`, `lat`, `long`, `attribute[…]`); the id read from
 * `service_requests/request[0]/service_request_id`; updates fetched by Open311::GetUpdates as
 * `GET requests.xml?service_request_id=a,b`, taking `status`, `status_notes` (the update's text),
 * `updated_datetime` and `media_url` (which it downloads). The same flow in JSON for JSON clients.
 * The real `open311` npm package was not used: it needs `request` 2.11, a git dependency and a
 * native XML binding that do not install on Node 20.
 */
describe('grid plugin: Open311 with FixMyStreet’s client', () => {
  let t: TestApp;
  let d: GridDistrict;
  let apiKey: string;
  const db = new OwnerDb();
  const endpoint = () => open311Base(d.tenant.code);
  const jurisdiction = () => ({ jurisdiction_id: d.tenant.code });

  /** FixMyStreet's _post with uploads: HTTP::Request::Common POST, Content_Type => 'form-data'. */
  function fmsPost(format: 'xml' | 'json', fields: Record<string, string>, photos: [string, Buffer, string][] = []) {
    const req = t.http.post(`${endpoint()}/requests.${format}`);
    for (const [name, value] of Object.entries({ ...fields, ...jurisdiction(), api_key: apiKey }))
      req.field(name, value);
    for (const [field, body, type] of photos)
      req.attach(field, body, { filename: `4711.${field.slice(5)}.full.jpeg`, contentType: type });
    return req;
  }
  const report = (extra: Record<string, string> = {}) => ({
    service_code: 'HP-09',
    description: '垃圾堆放\n\n小区东门外垃圾堆积三天无人清运\n\nhttps://fms.example.org/report/4711\n',
    first_name: '秀英',
    last_name: '王',
    email: 'resident@example.org',
    lat: '22.95',
    long: '113.35',
    ...extra,
  });
  /** Open311::GetUpdates: the reports' current state by their ids. */
  async function getUpdates(format: 'xml' | 'json', ids: string[]) {
    const res = await t.http
      .get(`${endpoint()}/requests.${format}`)
      .query({ ...jurisdiction(), service_request_id: ids.join(',') });
    expect(res.status).toBe(200);
    if (format === 'json') {
      expectValid(requestsSchema, res.body);
      return res.body as Record<string, string>[];
    }
    const data = xmlData(res) as { service_requests: { request: Record<string, string>[] } | '' };
    return data.service_requests === '' ? [] : data.service_requests.request;
  }
  const caseId = async (number: string) =>
    (await db.query<{ id: string }>(d.tenant.id, 'select id from grid_cases where number = $1', [number]))[0]!.id;

  beforeAll(async () => {
    t = await startOpen311App();
    d = await gridDistrict(t, 'o311f');
    const issued = await t.http
      .post(`${GRID}/open311/keys`)
      .set(bearer(d.admin.token))
      .send({ clientName: 'FixMyStreet', unitId: d.gridA.id });
    expectStatus(issued, 201);
    apiKey = issued.body.apiKey as string;
  }, 120_000);

  afterAll(async () => {
    await db.close();
    await t?.close();
  });

  describe.each(['xml', 'json'] as const)('in %s', (format) => {
    let number: string;

    it('lists services and posts a report with a photo as multipart/form-data', async () => {
      const services = await t.http.get(`${endpoint()}/services.${format}`).query(jurisdiction());
      expect(services.status).toBe(200);
      const created = await fmsPost(format, report(), [['photo1', JPEG, 'image/jpeg']]);
      expect(created.status).toBe(201);
      if (format === 'xml') {
        const obj = xmlData(created) as { service_requests: { request: { service_request_id: string }[] } };
        number = obj.service_requests.request[0]!.service_request_id;
      } else {
        expectValid(createdSchema, created.body);
        number = created.body[0].service_request_id as string;
      }
      expect(number).toMatch(/^\d{8}-\d{4}$/);

      // Staff see the report with its photo, its reporter and the client's extras.
      const c = await t.http.get(`${GRID}/cases/${await caseId(number)}`).set(bearer(d.admin.token));
      expect(c.body).toMatchObject({
        source: 'open311',
        state: 'reported',
        reporterName: '王秀英',
        description: report().description.trim(),
        photos: [{ stage: 'report', published: true, contentType: 'image/jpeg', size: JPEG.length }],
      });
      const staffCopy = await t.http.get(c.body.photos[0].url as string).set(bearer(d.admin.token));
      expect(Buffer.compare(staffCopy.body as Buffer, JPEG)).toBe(0);
    });

    it('publishes the photo as media_url at PUBLIC_URL, served as an image that can never run as a page', async () => {
      const [request] = await getUpdates(format, [number]);
      expect(request).toMatchObject({ service_request_id: number, status: 'open' });
      const mediaUrl = request!.media_url!;
      expect(mediaUrl).toMatch(new RegExp(`^${PUBLIC_URL}${endpoint()}/media/[0-9a-f-]{36}$`));
      // FixMyStreet's add_media downloads it and keeps it only if it is an image.
      const photo = await t.http.get(mediaUrl.slice(PUBLIC_URL.length));
      expect(photo.status).toBe(200);
      expect(photo.headers).toMatchObject({
        'content-type': 'image/jpeg',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'access-control-allow-origin': '*',
      });
      expect(photo.headers['content-disposition']).toMatch(
        new RegExp(`^inline; filename="${number}-[0-9a-f-]+\\.jpg"$`),
      );
      expect(Buffer.compare(photo.body as Buffer, JPEG)).toBe(0);
    });

    it('shows what staff do as updates: status, public replies as status_notes, updated_datetime', async () => {
      const id = await caseId(number);
      const seen: { status: string; notes: string; updated: string }[] = [];
      const poll = async () => {
        const [r] = await getUpdates(format, [number]);
        seen.push({ status: r!.status!, notes: r!.status_notes!, updated: r!.updated_datetime! });
      };
      await poll();
      expectStatus(
        await act(t, d.communityStaffA, id, 'dispatch', {
          unitId: d.gridA.id,
          note: '王秀英反映，电话 13700001111',
          publicReply: '已派网格员处理',
        }),
        200,
      );
      await poll();
      expectStatus(await act(t, d.gridWorkerA, id, 'accept'), 200);
      expectStatus(await act(t, d.gridWorkerA, id, 'resolve', { note: '已清运', publicReply: '垃圾已清运完毕' }), 200);
      await poll();
      expectStatus(await act(t, d.communityStaffA, id, 'verify'), 200);
      await poll();
      expect(seen.map(({ status, notes }) => ({ status, notes }))).toEqual([
        { status: 'open', notes: '已受理，等待分派承办单位' },
        { status: 'open', notes: '已派网格员处理' },
        { status: 'open', notes: '垃圾已清运完毕' },
        { status: 'closed', notes: '已办结' },
      ]);
      // Each update is newer than the one before (GetUpdates skips updates older than its last).
      const times = seen.map((s) => Date.parse(s.updated));
      expect(times.every((x) => Number.isFinite(x))).toBe(true);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      expect(JSON.stringify(seen)).not.toContain('13700001111');
    });
  });

  it('takes the spec’s `media` field and PNG or WebP photos, several at once', async () => {
    const res = await fmsPost('json', report(), [
      ['media', PNG, 'image/png'],
      ['photo2', image('lossy.webp'), 'application/octet-stream'],
    ]);
    expect(res.status).toBe(201);
    const c = await t.http
      .get(`${GRID}/cases/${await caseId(res.body[0].service_request_id as string)}`)
      .set(bearer(d.admin.token));
    expect((c.body.photos as { contentType: string }[]).map((p) => p.contentType)).toEqual(['image/png', 'image/webp']);
  });

  it('keeps no GPS position, camera, owner or comment of a phone’s photo: not stored, not published', async () => {
    // What ExifTool wrote into the fixtures (tests/fixtures/images/README.md), as it appears in their bytes.
    const personal = ['TongxinTestCam', 'ResidentName', '13800138000', 'http://ns.adobe.com/xap'];
    const phone = image('with-metadata.jpg');
    expect(phone.includes('TongxinTestCam')).toBe(true);
    const res = await fmsPost('json', report(), [
      ['photo1', phone, 'image/jpeg'],
      ['photo2', image('with-metadata.png'), 'image/png'],
      ['photo3', image('with-metadata.webp'), 'image/webp'],
    ]);
    expect(res.status).toBe(201);
    const number = res.body[0].service_request_id as string;
    const id = await caseId(number);
    // A grid worker's own photo, sent as base64 JSON, is cleaned the same way.
    expectStatus(
      await t.http
        .post(`${GRID}/cases/${id}/photos`)
        .set(bearer(d.gridWorkerA.token))
        .send({ contentType: 'image/jpeg', data: phone.toString('base64') }),
      201,
    );
    const c = await t.http.get(`${GRID}/cases/${id}`).set(bearer(d.admin.token));
    const photos = c.body.photos as { url: string; contentType: string; size: number }[];
    expect(photos.map((p) => p.contentType)).toEqual(['image/jpeg', 'image/png', 'image/webp', 'image/jpeg']);
    const [published] = (await t.http.get(`${endpoint()}/requests/${number}.json`)).body as { media_url: string }[];
    const served = [
      ...(await Promise.all(photos.map((p) => t.http.get(p.url).set(bearer(d.admin.token))))),
      await t.http.get(published!.media_url.slice(PUBLIC_URL.length)),
    ];
    for (const file of served) {
      expect(file.status).toBe(200);
      const body = file.body as Buffer;
      expect(inspectImage(body)).toMatchObject({ width: 4, height: 3 });
      for (const text of personal) expect(body.includes(text)).toBe(false);
    }
    expect(photos[0]!.size).toBeLessThan(phone.length);
  });

  it('refuses what is not a photo, or too many or too large, in the spec’s format, filing and keeping nothing', async () => {
    const before = await open311Cases(db, d.tenant.id);
    const files = async () =>
      (await db.query<{ n: number }>(d.tenant.id, 'select count(*)::int as n from grid_case_photos'))[0]!.n;
    const photosBefore = await files();
    expectXmlRefusal(
      await fmsPost('xml', report(), [['photo1', JPEG_THEN_HTML, 'image/jpeg']]),
      400,
      'GRID_PHOTO_TYPE_NOT_ALLOWED',
    );
    // A good photo first and a bad one after: nothing of it is kept.
    expectRefusal(
      await fmsPost('json', report(), [
        ['photo1', JPEG, 'image/jpeg'],
        ['photo2', JPEG_THEN_HTML, 'image/jpeg'],
      ]),
      400,
      'GRID_PHOTO_TYPE_NOT_ALLOWED',
    );
    expectRefusal(await fmsPost('json', report(), [['photo1', PNG, 'image/jpeg']]), 400, 'GRID_PHOTO_TYPE_NOT_ALLOWED');
    const eleven = Array.from({ length: 11 }, (_, i): [string, Buffer, string] => [
      `photo${i + 1}`,
      JPEG,
      'image/jpeg',
    ]);
    expectRefusal(await fmsPost('json', report(), eleven), 413, 'UPLOAD_TOO_MANY_FILES');
    const ten = eleven.slice(0, 10);
    expectRefusal(await fmsPost('json', report(), ten), 409, 'GRID_PHOTO_LIMIT');
    expectStatus(
      await t.http.patch(`${GRID}/settings`).set(bearer(d.admin.token)).send({ maxPhotoBytes: 10_000 }),
      200,
    );
    const big = Buffer.concat([JPEG, Buffer.alloc(20_000)]);
    expectRefusal(await fmsPost('json', report(), [['photo1', big, 'image/jpeg']]), 413, 'GRID_PHOTO_TOO_LARGE');
    expectStatus(
      await t.http.patch(`${GRID}/settings`).set(bearer(d.admin.token)).send({ maxPhotoBytes: 3_000_000 }),
      200,
    );
    expect(await open311Cases(db, d.tenant.id)).toBe(before);
    expect(await files()).toBe(photosBefore);
  });

  it('never serves photos staff took: of their own cases, or added to an Open311 case', async () => {
    const created = await fmsPost('json', report());
    expect(created.status).toBe(201);
    const number = created.body[0].service_request_id as string;
    const id = await caseId(number);
    const upload = (caseUuid: string) =>
      t.http
        .post(`${GRID}/cases/${caseUuid}/photos`)
        .set(bearer(d.gridWorkerA.token))
        .send({ contentType: 'image/png', data: PNG.toString('base64') });
    const onOpen311 = await upload(id);
    expectStatus(onOpen311, 201);
    const staffCase = await fileCase(t, d);
    const onStaffCase = await upload(staffCase.id);
    expectStatus(onStaffCase, 201);
    const [r] = (await t.http.get(`${endpoint()}/requests/${number}.json`)).body as { media_url: string | null }[];
    expect(r!.media_url).toBeNull();
    for (const photoId of [onOpen311.body.id as string, onStaffCase.body.id as string, 'not-a-uuid'])
      expectRefusal(await t.http.get(`${endpoint()}/media/${photoId}`), 404, 'GRID_OPEN311_MEDIA_NOT_FOUND');
  });
});
