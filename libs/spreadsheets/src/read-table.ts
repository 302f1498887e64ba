import { parse, type Options } from 'csv-parse/sync';
import { DomainError } from '@tongxin/http';
import { readSheet } from 'read-excel-file/node';
import { charsetOf, decodeText, type TextEncoding } from './decode-text';
import { repackedWithin } from './xlsx-size';

/** The media types of the tables people upload. */
export const CSV_MEDIA_TYPE = 'text/csv';
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A table as uploaded: the header row's column names and one record per data row, every cell as
 * trimmed text ('' when empty), so a CSV and a workbook of the same rows read the same. Wholly
 * empty rows are skipped; `rows[0]` is the first data row ("row 1" in problems reported back).
 */
export interface Table {
  columns: string[];
  rows: Record<string, string>[];
  /** How a CSV's bytes were read; `xlsx` for a workbook. */
  encoding: TextEncoding | 'xlsx';
}

/** A workbook's parts may inflate to this much at most (a 20,000-row import is about 10 MB). */
export const MAX_XLSX_INFLATED_BYTES = 64 * 1024 * 1024;

/**
 * Reads a CSV in any encoding Excel saves (see decodeText), comma- or tab-separated (Excel's
 * "Unicode text" is UTF-16 with tabs): 400 `MALFORMED_CSV` when it does not parse (an unclosed
 * quote, a row with more or fewer cells than the header).
 */
export function readCsv(bytes: Uint8Array, declaredCharset?: string): Table {
  const { text, encoding } = decodeText(bytes, declaredCharset);
  let records: string[][];
  try {
    const newline = text.indexOf('\n');
    const header = newline === -1 ? text : text.slice(0, newline);
    const delimiter = header.includes('\t') && !header.includes(',') ? '\t' : ',';
    const options: Options = { delimiter, skip_empty_lines: true, trim: true };
    records = parse(text, options);
  } catch (error) {
    throw new DomainError('MALFORMED_CSV', 400, { reason: (error as Error).message.slice(0, 200) });
  }
  const [header = [], ...data] = records;
  const columns = header.map((name, i) => name || columnLetter(i));
  const rows = data.map((cells) => Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ''])));
  return { columns, rows, encoding };
}

/**
 * Reads the first sheet of an XLSX workbook: its first non-empty row is the header. Numbers keep
 * the digits the sheet stores (`2`, not `2.0`), dates become ISO 8601, booleans TRUE/FALSE.
 * 400 `MALFORMED_XLSX` for what is not a workbook (an old .xls, a renamed file), 413
 * `XLSX_TOO_LARGE` for one that inflates past MAX_XLSX_INFLATED_BYTES.
 */
export async function readXlsx(bytes: Buffer): Promise<Table> {
  const checked = repackedWithin(bytes, MAX_XLSX_INFLATED_BYTES);
  let sheet: (string | boolean | Date | null)[][];
  try {
    sheet = (await readSheet<string>(checked, 1, { parseNumber: (digits) => digits })) as typeof sheet;
  } catch (error) {
    const e = error as { code?: string; message?: string };
    throw new DomainError('MALFORMED_XLSX', 400, {}, { reason: e.code ?? e.message?.slice(0, 200) ?? 'unreadable' });
  }
  // Checked before empty rows are dropped, so the line is the row number the sheet shows.
  const text = sheet.map((row, i) => checkCells(row.map(cellText), i + 1));
  const [header = [], ...data] = text.filter((row) => row.some((cell) => cell !== ''));
  // A loop, not Math.max(...rows): a sheet may have more rows than a call takes arguments.
  const width = data.reduce((w, r) => Math.max(w, r.length), header.length);
  const columns = Array.from({ length: width }, (_, i) => header[i] || columnLetter(i));
  const rows = data.map((cells) => Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ''])));
  return { columns, rows, encoding: 'xlsx' };
}

/** Reads a CSV or an XLSX upload by its Content-Type; 415 `UNSUPPORTED_MEDIA_TYPE` for anything else. */
export async function readTable(bytes: Buffer, contentType: string | undefined): Promise<Table> {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === CSV_MEDIA_TYPE) return readCsv(bytes, charsetOf(contentType));
  if (type === XLSX_MEDIA_TYPE) return readXlsx(bytes);
  throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 415, {}, { accepted: [CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE] });
}

/** A cell as text: numbers arrive as the digits the sheet stores (parseNumber keeps them). */
function cellText(cell: string | boolean | Date | null | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString();
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return cell.trim();
}

/** Cells of a workbook are XML text, so the checks decodeText makes on a CSV's lines apply to them too. */
function checkCells(cells: string[], line: number): string[] {
  for (const cell of cells) {
    if (cell.includes('\ufffd')) throw new DomainError('FILE_HAS_REPLACEMENT_CHARACTER', 400, { line }, { line });
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(cell))
      throw new DomainError('FILE_NOT_TEXT', 400, { line }, { line });
  }
  return cells;
}

/** A, B, …, Z, AA: what a spreadsheet calls a column with no header. */
function columnLetter(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
