import type { Response } from 'express';
import type { Page } from '@tongxin/http';

/** Personal data a column carries: masked in the file unless the export unmasks the row. */
export type ExportPersonalData = 'phone' | 'idNumber' | 'address';

/**
 * One column of a list's export: the header in both languages, the cell of a row (text, number,
 * yes/no, or an instant written as district time `YYYY-MM-DD HH:mm`).
 */
export interface ExportColumnSpec<R> {
  'zh-CN': string;
  en: string;
  value(row: R): string | number | boolean | Date | null | undefined;
  /** `phone` → `138****5678`, `idNumber` → `4104**********123X`, `address` → `南环路**号`, unless unmasked. */
  personal?: ExportPersonalData;
}

/** What `tongxin.exportList` streams (docs/plugins.md, Exports). */
export interface PluginListExport<R> {
  /** The list's name (`cases`): the audit event names the list `<plugin>.cases`. */
  list: string;
  /** The rows' entity (`case`): the audit event is `<plugin>.case.export` on `<plugin>.case`. */
  entity: string;
  /** The file's name without date and extension, in both languages. */
  title: { 'zh-CN': string; en: string };
  /** From the route's `?format=` (`exportQueryOf`); CSV when absent. */
  format?: 'csv' | 'xlsx';
  /** The filters as the caller gave them, written into the audit event. */
  filters: object;
  columns: readonly ExportColumnSpec<R>[];
  /**
   * A page of the list exactly as its JSON route answers it: call your list service with the
   * filters, this cursor and this limit. Its `tongxin.transaction` joins the export's one.
   */
  page(cursor: string | undefined, limit: number): Promise<Page<R>>;
  /** May the caller see this row's personal columns in full? Default: no. */
  unmasked?(row: R): boolean;
}

export type { Response as ExportResponse };
