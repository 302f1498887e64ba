import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { AuditService } from '@tongxin/audit';
import { TenantTransaction } from '@tongxin/database';
import { DistrictClockService } from '@tongxin/district';
import { logger, type Language, type Page } from '@tongxin/http';
import { attachment } from './content-disposition';
import { cellsOf, headersOf, type ExportColumn } from './export-columns';
import { EXPORT_MEDIA_TYPES, type ExportFormat } from './export-format';
import { openSheet, type SheetCell } from './sheet-writers';

/** Rows read per page: enough that 100k rows are 200 queries, few enough that a page weighs little. */
export const EXPORT_PAGE_SIZE = 500;

/** Who exports: written into the audit event. */
export interface ExportCaller {
  tenantId: string;
  userId: string;
  requestId: string;
  sourceAddress?: string | null;
  lang: Language;
}

/** One export of a list. */
export interface ListExport<R> {
  /** The list, as the audit event names it (`users`, `grid.cases`). */
  list: string;
  /** The entity of the audit event (`user`, `grid.case`); its action is `<entity>.export`. */
  entity: string;
  /** The file's name without date and extension, in both languages (`用户`, `Users`). */
  title: Record<Language, string>;
  format?: ExportFormat;
  /** The filters as the caller gave them, for the audit event. */
  filters: object;
  columns: readonly ExportColumn<R>[];
  /**
   * A page of the list as its JSON route answers it: call the list's own service with the
   * filters, this cursor and this limit, so the export has its filters, scope, order and masking.
   */
  page(cursor: string | undefined, limit: number): Promise<Page<R>>;
  /** May the caller see this row's personal columns in full? Default: no. */
  unmasked?(row: R): boolean;
}

/**
 * Streams a list as CSV or XLSX (docs/adr/019-exports.md). One repeatable-read tenant transaction
 * holds every page, which the list's own service reads inside it (TenantTransaction.runShared);
 * each page is written, and the client must take it, before the next is read. A refusal of the
 * first page (an unknown filter, a unit out of scope) is the list's own 4xx, sent before any
 * byte of the file; the export is audited once it ended, with the rows the client received.
 */
@Injectable()
export class ListExporter {
  constructor(
    private readonly tx: TenantTransaction,
    private readonly audit: AuditService,
    private readonly clock: DistrictClockService,
  ) {}

  async send<R>(caller: ExportCaller, res: Response, spec: ListExport<R>): Promise<void> {
    const format = spec.format ?? 'csv';
    let started = false;
    try {
      await this.tx.runShared(caller.tenantId, async (em) => {
        const calendar = await this.clock.calendar(em, caller.tenantId);
        const cells = (rows: R[]): SheetCell[][] =>
          rows.map((row) =>
            cellsOf(spec.columns, row, spec.unmasked?.(row) ?? false, caller.lang).map((c) =>
              c instanceof Date ? calendar.format(c) : c,
            ),
          );
        let page = await spec.page(undefined, EXPORT_PAGE_SIZE);

        const date = calendar.dateOf(new Date()).replace(/-/g, '');
        const title = spec.title[caller.lang];
        res.status(200);
        res.setHeader('Content-Type', EXPORT_MEDIA_TYPES[format]);
        res.setHeader(
          'Content-Disposition',
          attachment(`${title}-${date}.${format}`, `${spec.list}-${date}.${format}`),
        );
        // Personal data: no browser or proxy keeps a copy.
        res.setHeader('Cache-Control', 'no-store');
        res.setHeader('Pragma', 'no-cache');
        started = true;
        const sheet = openSheet(format, res, headersOf(spec.columns, caller.lang), title);
        let rows = 0;
        for (;;) {
          await sheet.writeRows(cells(page.items));
          if (!sheet.closed) rows += page.items.length;
          if (!page.nextCursor || sheet.closed) break;
          page = await spec.page(page.nextCursor, EXPORT_PAGE_SIZE);
        }
        await sheet.finish();
        await this.audit.record(
          em,
          { ...caller, sourceAddress: caller.sourceAddress ?? null },
          {
            action: `${spec.entity}.export`,
            entity: spec.entity,
            entityId: null,
            after: { list: spec.list, format, filters: spec.filters, rows, complete: res.writableFinished },
          },
        );
      });
    } catch (error) {
      if (!started) throw error;
      // Past the headers the answer is the file: a failure can only cut it short, never become JSON.
      logger.error({ err: error, requestId: caller.requestId, list: spec.list }, 'export failed while streaming');
      res.destroy(error as Error);
    }
  }
}
