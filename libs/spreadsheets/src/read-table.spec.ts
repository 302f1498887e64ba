import { readFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { DomainError } from '@tongxin/http';
import { decodeText } from './decode-text';
import { MAX_XLSX_INFLATED_BYTES, readCsv, readTable, readXlsx, XLSX_MEDIA_TYPE } from './read-table';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, '../../../tests/fixtures/imports', name));

/** The refusal a call throws, as `{ status, code, params }`. */
async function refusal(call: () => unknown): Promise<Pick<DomainError, 'status' | 'code' | 'params'>> {
  try {
    await call();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { status: error.status, code: error.code, params: error.params };
  }
  throw new Error('no refusal');
}

const TEXT = 'code,name\r\nZH-1,湛河区委·堃\r\n';
/** TEXT as Python's `encode('gbk')` writes it (堃 is GBK, beyond GB2312). */
const TEXT_IN_GBK = '636f64652c6e616d650d0a5a482d312cd5bfbad3c7f8ceafa1a488d20d0a';

describe('decodeText', () => {
  it.each([
    ['UTF-8 without a byte-order mark', Buffer.from(TEXT, 'utf8'), 'utf-8'],
    ['UTF-8 with a byte-order mark (Excel "CSV UTF-8")', Buffer.from('\ufeff' + TEXT, 'utf8'), 'utf-8'],
    ['UTF-16 LE with a byte-order mark (Excel "Unicode text")', Buffer.from('\ufeff' + TEXT, 'utf16le'), 'utf-16le'],
    ['UTF-16 BE with a byte-order mark', Buffer.from('\ufeff' + TEXT, 'utf16le').swap16(), 'utf-16be'],
    ['GBK (Chinese Excel "CSV")', Buffer.from(TEXT_IN_GBK, 'hex'), 'gb18030'],
  ])('reads %s', (_, bytes, encoding) => {
    expect(decodeText(bytes)).toEqual({ text: TEXT, encoding });
  });

  it('reads the GBK fixture Chinese Excel would save, characters beyond GB2312 included', () => {
    const { text, encoding } = decodeText(fixture('org-units-gbk.csv'));
    expect(encoding).toBe('gb18030');
    expect(text).toContain('曙光街社区党委（堃园）');
    expect(text).toContain('第一党小组·龙腾苑');
  });

  it('honours a declared GBK charset and ignores a declared UTF-8 that the bytes are not', () => {
    const gbk = fixture('org-units-gbk.csv');
    expect(decodeText(gbk, 'GBK').encoding).toBe('gb18030');
    expect(decodeText(gbk, '"gb2312"').encoding).toBe('gb18030');
    expect(decodeText(gbk, 'utf-8').encoding).toBe('gb18030');
  });

  it('refuses a declared charset it cannot read without guessing (415 UNSUPPORTED_CHARSET)', async () => {
    expect(await refusal(() => decodeText(Buffer.from(TEXT), 'iso-8859-1'))).toEqual({
      status: 415,
      code: 'UNSUPPORTED_CHARSET',
      params: { charset: 'iso-8859-1' },
    });
  });

  it('refuses bytes that are neither UTF-8 nor GB18030 (400 FILE_ENCODING_UNKNOWN)', async () => {
    expect(await refusal(() => decodeText(fixture('org-units-invalid-bytes.csv')))).toMatchObject({
      status: 400,
      code: 'FILE_ENCODING_UNKNOWN',
    });
    // Declared GBK does not make undecodable bytes readable either.
    expect((await refusal(() => decodeText(fixture('org-units-invalid-bytes.csv'), 'gbk'))).code).toBe(
      'FILE_ENCODING_UNKNOWN',
    );
  });

  it('refuses Big5 rather than storing it as GBK mojibake (it decodes into GBK’s private-use area)', async () => {
    // "中文測試，社區黨委網格" in Big5: valid GB18030 bytes, but not the characters they were.
    const big5 = Buffer.from('a4a4a4e5b4fab8d5a141aac0b0cfc4d2a965baf4aee6', 'hex');
    expect((await refusal(() => decodeText(big5))).code).toBe('FILE_ENCODING_UNKNOWN');
  });

  it('refuses text already damaged into U+FFFD, naming the line (400 FILE_HAS_REPLACEMENT_CHARACTER)', async () => {
    const damaged = Buffer.from('code,name\nA,好\nB,\ufffd\ufffd社区\n', 'utf8');
    expect(await refusal(() => decodeText(damaged))).toEqual({
      status: 400,
      code: 'FILE_HAS_REPLACEMENT_CHARACTER',
      params: { line: 3 },
    });
  });

  it('refuses a binary file or UTF-16 without its mark, naming the line (400 FILE_NOT_TEXT)', async () => {
    expect(await refusal(() => decodeText(Buffer.from('code,name\nA,a\u0000b\n')))).toEqual({
      status: 400,
      code: 'FILE_NOT_TEXT',
      params: { line: 2 },
    });
    // UTF-16 without its mark: Latin text is NUL-riddled UTF-8; Chinese text no encoding at all.
    expect((await refusal(() => decodeText(Buffer.from('code,name\r\n', 'utf16le')))).code).toBe('FILE_NOT_TEXT');
    expect((await refusal(() => decodeText(Buffer.from(TEXT, 'utf16le')))).code).toBe('FILE_ENCODING_UNKNOWN');
    expect((await refusal(() => decodeText(fixture('org-units.xlsx')))).code).toMatch(/^FILE_/);
  });
});

describe('readCsv and readXlsx', () => {
  const rows = (prefix: string) => [
    { code: `${prefix}-1`, name: '姚孟街道党工委', parent_code: '410411', level: '2' },
    { code: `${prefix}-1-1`, name: '曙光街社区党委（堃园）', parent_code: `${prefix}-1`, level: '3' },
    { code: `${prefix}-1-1-1`, name: '曙光街社区第一网格党支部', parent_code: `${prefix}-1-1`, level: '' },
    { code: `${prefix}-1-1-1-1`, name: '第一党小组·龙腾苑', parent_code: `${prefix}-1-1-1`, level: '5' },
  ];
  const columns = ['code', 'name', 'parent_code', 'level'];

  it('reads a GBK CSV, a tab-separated UTF-16 "Unicode text" and a workbook into the same rows', async () => {
    expect(readCsv(fixture('org-units-gbk.csv'))).toEqual({ columns, rows: rows('GBK'), encoding: 'gb18030' });
    expect(readCsv(fixture('org-units-utf16.txt'))).toEqual({ columns, rows: rows('U16'), encoding: 'utf-16le' });
    expect(await readXlsx(fixture('org-units.xlsx'))).toEqual({ columns, rows: rows('XLSX'), encoding: 'xlsx' });
  });

  it('reads the bad-rows CSV and workbook alike, cell for cell', async () => {
    const csv = readCsv(fixture('org-units-bad-rows.csv'));
    expect(await readXlsx(fixture('org-units-bad-rows.xlsx'))).toEqual({ ...csv, encoding: 'xlsx' });
    expect(csv.rows).toHaveLength(7);
  });

  it('reads a workbook of 20,000 rows, the most one import takes', async () => {
    // Large enough that the unzipper would hand it to a worker thread; it must not matter.
    const table = await readXlsx(fixture('org-units-20000-rows.xlsx'));
    expect(table.rows).toHaveLength(20_000);
    expect(table.rows[0]).toEqual({ code: 'ZH-0', name: '曙光街社区第0网格党支部', parent_code: 'ZH', level: '4' });
    expect(table.rows[19_999]?.code).toBe('ZH-19999');
  });

  it('dispatches on the Content-Type and refuses others with 415', async () => {
    expect((await readTable(fixture('org-units.xlsx'), XLSX_MEDIA_TYPE)).encoding).toBe('xlsx');
    expect((await readTable(fixture('org-units-gbk.csv'), 'text/csv; charset=gbk')).encoding).toBe('gb18030');
    expect((await refusal(() => readTable(fixture('org-units.xlsx'), 'application/vnd.ms-excel'))).status).toBe(415);
  });

  it('refuses what is not a workbook (400 MALFORMED_XLSX)', async () => {
    expect((await refusal(() => readXlsx(fixture('org-units-gbk.csv')))).code).toBe('MALFORMED_XLSX');
    const truncated = fixture('org-units.xlsx').subarray(0, 1500);
    expect((await refusal(() => readXlsx(truncated))).code).toBe('MALFORMED_XLSX');
  });

  it('refuses a workbook that inflates past the cap before unpacking it (413 XLSX_TOO_LARGE)', async () => {
    const bomb = zipOf('xl/worksheets/sheet1.xml', Buffer.alloc(MAX_XLSX_INFLATED_BYTES + 1, 0x20));
    expect(bomb.length).toBeLessThan(200_000);
    expect(await refusal(() => readXlsx(bomb))).toEqual({
      status: 413,
      code: 'XLSX_TOO_LARGE',
      params: { max: MAX_XLSX_INFLATED_BYTES },
    });
  });
});

/** A one-entry zip archive, deflated: enough to hand the reader a workbook part of any size. */
function zipOf(name: string, content: Buffer): Buffer {
  const data = deflateRawSync(content);
  const fileName = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc32(content), 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc32(content), 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  central.writeUInt32LE(0, 42);
  const centralAt = local.length + fileName.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(centralAt, 16);
  return Buffer.concat([local, fileName, data, central, fileName, end]);
}
