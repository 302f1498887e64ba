import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  bearer,
  buildDistrict,
  provisionTenant,
  startTestApp,
  type TestApp,
  type TestTenant,
} from './support/test-app';
import { expectError, expectStatus, listAll } from './support/expect';

/**
 * The hierarchy import as a district's IT staff uses it: files as Excel saves them (GBK CSV,
 * UTF-16 "Unicode text", XLSX workbooks), never stored as mojibake, refused with a message
 * saying what to do when they cannot be read. Fixtures: tests/fixtures/imports (README there).
 */
const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures/imports', name));
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The four units of each good fixture, under the root (410411), with the code prefix of its file. */
const branch = (prefix: string) => [
  { code: `${prefix}-1`, name: '姚孟街道党工委', level: 2 },
  { code: `${prefix}-1-1`, name: '曙光街社区党委（堃园）', level: 3 },
  { code: `${prefix}-1-1-1`, name: '曙光街社区第一网格党支部', level: 4 },
  { code: `${prefix}-1-1-1-1`, name: '第一党小组·龙腾苑', level: 5 },
];

describe('importing the hierarchy from files', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await provisionTenant(t, 'files');
    admin = tenant.adminToken;
  });
  afterAll(() => t.close());

  const post = (route: 'csv' | 'xlsx', contentType: string, body: Buffer, token = admin) =>
    t.http.post(`/api/v1/org-units/import/${route}`).set(bearer(token)).set('Content-Type', contentType).send(body);
  const units = async () =>
    (await listAll(t, admin, '/api/v1/org-units')).map((u) => ({ code: u.code, name: u.name, level: u.level }));
  const unitsCoded = async (prefix: string) => (await units()).filter((u) => String(u.code).startsWith(`${prefix}-`));

  it.each([
    ['a GBK CSV as Chinese Excel saves it', 'org-units-gbk.csv', 'text/csv', 'GBK', 'gb18030'],
    [
      'a UTF-16 "Unicode text" file (tab-separated, with a byte-order mark)',
      'org-units-utf16.txt',
      'text/csv',
      'U16',
      'utf-16le',
    ],
    ['an XLSX workbook', 'org-units.xlsx', XLSX, 'XLSX', 'xlsx'],
  ])('imports %s with the names as typed', async (_, file, contentType, prefix, encoding) => {
    const res = await post(contentType === XLSX ? 'xlsx' : 'csv', contentType, fixture(file));
    expectStatus(res, 201);
    expect(res.body).toEqual({ created: 4, byLevel: { '2': 1, '3': 1, '4': 1, '5': 1 }, encoding });
    expect(await unitsCoded(prefix)).toEqual(expect.arrayContaining(branch(prefix)));
    expect(await unitsCoded(prefix)).toHaveLength(4);
  });

  it('reads a GBK CSV whose client declares charset=utf-8, as many tools do whatever the file is', async () => {
    const gbk = fixture('org-units-gbk.csv').toString('latin1').replaceAll('GBK-', 'DCL-');
    const res = await post('csv', 'text/csv; charset=utf-8', Buffer.from(gbk, 'latin1'));
    expectStatus(res, 201);
    expect(res.body.encoding).toBe('gb18030');
    expect(await unitsCoded('DCL')).toEqual(expect.arrayContaining(branch('DCL')));
  });

  it('refuses bytes in no encoding it can read, in Chinese and in English, writing nothing', async () => {
    const before = await units();
    const zh = await post('csv', 'text/csv', fixture('org-units-invalid-bytes.csv'));
    expectError(zh, 400, 'FILE_ENCODING_UNKNOWN');
    expect(zh.body.message).toContain('无法识别文件的字符编码');
    expect(zh.body.message).toContain('CSV UTF-8');
    const en = await post('csv', 'text/csv', fixture('org-units-invalid-bytes.csv')).set('Accept-Language', 'en');
    expectError(en, 400, 'FILE_ENCODING_UNKNOWN');
    expect(en.body.message).toMatch(/^The file’s character encoding is not recognised/);
    // A charset it will not guess at, and text an earlier tool already turned into U+FFFD.
    const latin1 = await post('csv', 'text/csv; charset=iso-8859-1', fixture('org-units-gbk.csv'));
    expectError(latin1, 415, 'UNSUPPORTED_CHARSET');
    expect(latin1.body.message).toBe('不支持字符集“iso-8859-1”：请使用 UTF-8、UTF-16、GBK 或 GB18030');
    const damaged = Buffer.from('code,name,parent_code\r\nFFFD-1,曙光\ufffd\ufffd社区,410411\r\n');
    const replaced = await post('csv', 'text/csv', damaged);
    expectError(replaced, 400, 'FILE_HAS_REPLACEMENT_CHARACTER');
    expect(replaced.body.message).toMatch(/^文件第 2 行含有替换字符/);
    expect(await units()).toEqual(before);
  });

  it('reports the same problems, row for row, for a workbook as for the same rows in a CSV', async () => {
    const before = await units();
    const csv = await post('csv', 'text/csv', fixture('org-units-bad-rows.csv'));
    const xlsx = await post('xlsx', XLSX, fixture('org-units-bad-rows.xlsx'));
    expectError(csv, 400, 'IMPORT_INVALID');
    expectError(xlsx, 400, 'IMPORT_INVALID');
    expect(xlsx.body.details).toEqual(csv.body.details);
    expect(xlsx.body.message).toBe('导入数据有 6 行错误，未写入任何数据');
    expect(
      (xlsx.body.details as { row: number; code: string; field: string }[]).map(({ row, code, field }) => ({
        row,
        code,
        field,
      })),
    ).toEqual([
      { row: 1, code: 'PARENT_NOT_FOUND', field: 'parentCode' },
      { row: 2, code: 'CODE_INVALID', field: 'code' },
      { row: 3, code: 'LEVEL_MISMATCH', field: 'level' },
      { row: 4, code: 'NAME_INVALID', field: 'name' },
      { row: 5, code: 'LEVEL_INVALID', field: 'level' },
      { row: 7, code: 'DUPLICATE_IN_FILE', field: 'code' },
    ]);
    expect(await units()).toEqual(before);
  });

  it('refuses what is not a workbook and says which types the route takes', async () => {
    const notZip = await post('xlsx', XLSX, fixture('org-units-gbk.csv'));
    expectError(notZip, 400, 'MALFORMED_XLSX');
    expect(notZip.body.message).toContain('.xls');
    const xls = await post('xlsx', 'application/vnd.ms-excel', fixture('org-units.xlsx'));
    expectError(xls, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(xls.body.details).toEqual({ accepted: [XLSX] });
    // A workbook sent to the CSV route is binary, not text.
    expectError(await post('csv', 'text/csv', fixture('org-units.xlsx')), 400, [
      'FILE_NOT_TEXT',
      'FILE_ENCODING_UNKNOWN',
    ]);
  });

  it('keeps a workbook import inside the caller’s permission and scope', async () => {
    const d = await buildDistrict(t, tenant);
    const worker = await post('xlsx', XLSX, fixture('org-units.xlsx'), d.gridWorkerA.token);
    expectError(worker, 403, 'FORBIDDEN');
    // Street staff of street A cannot hang units under the root: the parent is out of their scope.
    const street = await post('xlsx', XLSX, fixture('org-units-bad-rows.xlsx'), d.streetStaffA.token);
    expectError(street, 400, 'IMPORT_INVALID');
    expect(street.body.details).toContainEqual(
      expect.objectContaining({ row: 6, code: expect.stringMatching(/^PARENT_(OUT_OF_SCOPE|NOT_FOUND)$/) }),
    );
  });
});
