import { expectError, expectStatus } from '../../../tests/support/expect';
import { OwnerDb } from '../../../tests/support/owner-db';
import { bearer, type TestApp } from '../../../tests/support/test-app';
import { requestsSchema } from './georeport-v2-schemas';
import { expectValid, open311Base, startOpen311App, xmlData } from './open311-support';
import { act, GRID, gridDistrict, type GridDistrict } from './support';

/**
 * Finding 4: notes staff write on transitions were published to anyone as `status_notes`. A note
 * naming the reporter, their phone and a health detail must never reach a public answer; only a
 * reply written for the public (or the state's fixed text) is published.
 */
describe('grid plugin: Open311 publishes public replies, never staff notes', () => {
  let t: TestApp;
  let d: GridDistrict;
  let apiKey: string;
  const db = new OwnerDb();
  const base = () => open311Base(d.tenant.code);
  // What a dispatcher really wrote (the finding's note): a name, a phone number and a health detail.
  const PRIVATE = ['王秀英', '13912345678', '精神分裂症'];
  const NOTE = `报案人${PRIVATE[0]}（${PRIVATE[1]}）称邻居患${PRIVATE[2]}，请上门时注意`;

  /** Every public view of a request: the list, by id, by ids, its token; JSON and XML. */
  async function publicViews(number: string): Promise<string[]> {
    const paths = [
      'requests.json',
      `requests.json?service_request_id=${number}`,
      `requests/${number}.json`,
      `tokens/${number}.json`,
      'requests.xml',
      `requests/${number}.xml`,
      `tokens/${number}.xml`,
    ];
    const answers = await Promise.all(paths.map((p) => t.http.get(`${base()}/${p}`)));
    for (const a of answers) expect(a.status).toBe(200);
    return answers.map((a) => a.text);
  }
  const statusNotes = async (number: string, lang = 'zh-CN') => {
    const res = await t.http.get(`${base()}/requests/${number}.json`).set('Accept-Language', lang);
    expectValid(requestsSchema, res.body);
    return (res.body as { status: string; status_notes: string }[])[0]!;
  };
  const xmlNotes = async (number: string) =>
    (
      xmlData(await t.http.get(`${base()}/requests/${number}.xml`)) as {
        service_requests: { request: { status_notes: string }[] };
      }
    ).service_requests.request[0]!.status_notes;

  async function file(): Promise<{ number: string; id: string }> {
    const res = await t.http
      .post(`${base()}/requests.json`)
      .type('form')
      .send({ api_key: apiKey, service_code: 'HP-09', address_string: '沿河路7号', description: '楼道堆满杂物' });
    expect(res.status).toBe(201);
    const number = res.body[0].service_request_id as string;
    const [row] = await db.query<{ id: string }>(d.tenant.id, 'select id from grid_cases where number = $1', [number]);
    return { number, id: row!.id };
  }

  beforeAll(async () => {
    t = await startOpen311App();
    d = await gridDistrict(t, 'o311n');
    const issued = await t.http
      .post(`${GRID}/open311/keys`)
      .set(bearer(d.admin.token))
      .send({ clientName: '市民小程序', unitId: d.gridA.id });
    expectStatus(issued, 201);
    apiKey = issued.body.apiKey as string;
  }, 120_000);

  afterAll(async () => {
    await db.close();
    await t?.close();
  });

  it('never publishes a note written on any transition, in any view or format', async () => {
    const { number, id } = await file();
    // The whole loop, every transition with the private note, none with a public reply.
    const steps: [keyof GridDistrict, string, Record<string, unknown>][] = [
      ['communityStaffA', 'escalate', { note: NOTE }],
      ['streetStaffA', 'dispatch', { unitId: d.gridA.id, note: NOTE }],
      ['gridWorkerA', 'return', { note: NOTE }],
      ['streetStaffA', 'dispatch', { unitId: d.gridA.id, note: NOTE }],
      ['gridWorkerA', 'accept', { note: NOTE }],
      ['gridWorkerA', 'resolve', { note: NOTE }],
      ['streetStaffA', 'reject', { note: NOTE }],
      ['gridWorkerA', 'resolve', { note: NOTE }],
      ['streetStaffA', 'verify', { note: NOTE }],
      ['streetStaffA', 'reopen', { note: NOTE }],
      ['streetStaffA', 'cancel', { note: NOTE }],
    ];
    const seen: string[] = [];
    for (const [who, action, body] of steps) {
      expectStatus(await act(t, d[who] as { id: string; token: string }, id, action, body), 200);
      for (const text of await publicViews(number)) for (const secret of PRIVATE) expect(text).not.toContain(secret);
      seen.push((await statusNotes(number)).status_notes);
    }
    // What residents read instead: the state's fixed text, naming nobody.
    expect(seen).toEqual([
      '已提交上级，等待分派承办单位',
      '已派单，等待承办单位签收',
      '正在重新分派承办单位',
      '已派单，等待承办单位签收',
      '承办单位正在处理',
      '已处置，正在核实',
      '承办单位正在处理',
      '已处置，正在核实',
      '已办结',
      '已重新办理，等待分派承办单位',
      '已撤销',
    ]);
    expect(await statusNotes(number, 'en')).toEqual(
      expect.objectContaining({ status: 'closed', status_notes: 'Cancelled' }),
    );
    // Staff still read their notes in the history.
    const history = await t.http.get(`${GRID}/cases/${id}/history`).set(bearer(d.admin.token));
    expect((history.body.items as { note: string }[]).filter((e) => e.note === NOTE)).toHaveLength(steps.length);
  });

  it('publishes the reply written for the public on the transition into the current state, apart from the note', async () => {
    const { number, id } = await file();
    expectStatus(
      await act(t, d.communityStaffA, id, 'dispatch', {
        unitId: d.gridA.id,
        note: NOTE,
        publicReply: '已安排网格员今日上门处理',
      }),
      200,
    );
    expect(await statusNotes(number)).toEqual(
      expect.objectContaining({ status: 'open', status_notes: '已安排网格员今日上门处理' }),
    );
    expect(await xmlNotes(number)).toBe('已安排网格员今日上门处理');
    // A later transition without a reply says its own state's text, not the earlier reply.
    expectStatus(await act(t, d.gridWorkerA, id, 'accept'), 200);
    expect((await statusNotes(number)).status_notes).toBe('承办单位正在处理');
    expectStatus(
      await act(t, d.gridWorkerA, id, 'resolve', { note: `已联系${PRIVATE[0]}`, publicReply: '杂物已清运' }),
      200,
    );
    expect((await statusNotes(number)).status_notes).toBe('杂物已清运');
    for (const text of await publicViews(number)) for (const secret of PRIVATE) expect(text).not.toContain(secret);

    // Staff see each line's note and reply apart.
    const history = await t.http.get(`${GRID}/cases/${id}/history`).set(bearer(d.admin.token));
    const resolve = (history.body.items as { action: string; note: string; publicReply: string }[]).find(
      (e) => e.action === 'resolve',
    );
    expect(resolve).toMatchObject({ note: `已联系${PRIVATE[0]}`, publicReply: '杂物已清运' });
  });

  it('takes no public reply on transitions between staff (return, reject) or an empty one', async () => {
    const { id } = await file();
    expectStatus(await act(t, d.communityStaffA, id, 'dispatch', { unitId: d.gridA.id }), 200);
    const refused = await act(t, d.gridWorkerA, id, 'return', { note: '不属于本网格', publicReply: '已退回' });
    expectError(refused, 400, 'VALIDATION_FAILED');
    expect(refused.body.details).toEqual([
      expect.objectContaining({ field: 'publicReply', constraint: 'whitelistValidation' }),
    ]);
    expectError(await act(t, d.gridWorkerA, id, 'accept', { publicReply: '' }), 400, 'VALIDATION_FAILED');
    const [c] = await db.query<{ state: string }>(d.tenant.id, 'select state from grid_cases where id = $1', [id]);
    expect(c!.state).toBe('dispatched');
  });
});
