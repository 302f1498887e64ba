import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvRecord, UTF8_BOM } from './csv-cells';
import type { ExportFormat } from './export-format';

export type SheetCell = string | number | null;

/**
 * Writes rows to the response as they come, a page at a time, and waits while the client has not
 * taken what was written (backpressure): the server holds one page, never the list.
 */
export interface SheetWriter {
  writeRows(rows: readonly SheetCell[][]): Promise<void>;
  finish(): Promise<void>;
  /** The client went away: stop reading. */
  readonly closed: boolean;
}

/** Until the response has room again (or the client is gone). */
async function drained(out: Writable): Promise<void> {
  if (!out.writableNeedDrain || out.destroyed) return;
  await settled(out, 'drain');
}

/** The first of `event` and `close`; the other's listener is removed (no listener piles up per page). */
async function settled(out: Writable, event: string): Promise<void> {
  const done = new AbortController();
  try {
    await Promise.race([once(out, event, { signal: done.signal }), once(out, 'close', { signal: done.signal })]);
  } finally {
    done.abort();
  }
}

/** The client went away before the file's end (a finished response is destroyed too). */
const gone = (out: Writable) => out.destroyed && !out.writableFinished;

export function openSheet(format: ExportFormat, out: Writable, headers: string[], sheetName: string): SheetWriter {
  return format === 'xlsx' ? xlsxSheet(out, headers, sheetName) : csvSheet(out, headers);
}

function csvSheet(out: Writable, headers: string[]): SheetWriter {
  out.write(UTF8_BOM + csvRecord(headers));
  return {
    get closed() {
      return gone(out);
    },
    async writeRows(rows) {
      if (!rows.length) return;
      out.write(rows.map((cells) => csvRecord(cells.map((c) => (c === null ? '' : String(c))))).join(''));
      await drained(out);
    },
    async finish() {
      if (gone(out)) return;
      const ended = settled(out, 'finish');
      out.end();
      await ended;
    },
  };
}

/**
 * exceljs's streaming writer: each committed row goes to the zip stream piped into the response,
 * no shared-strings table (it would hold every distinct text until the end).
 */
function xlsxSheet(out: Writable, headers: string[], sheetName: string): SheetWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(headers).commit();
  return {
    get closed() {
      return gone(out);
    },
    async writeRows(rows) {
      for (const cells of rows) sheet.addRow(cells).commit();
      // Let the zip stream compress what was committed, then wait for the client to take it.
      await new Promise((resolve) => setImmediate(resolve));
      await drained(out);
    },
    async finish() {
      if (gone(out)) return;
      sheet.commit();
      const ended = settled(out, 'finish');
      await workbook.commit();
      await ended;
    },
  };
}
