import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditQueryDto, AuditQueryService, type AuditEventDto } from '@tongxin/audit';
import { Ctx, RequirePermission, type RequestContext } from '@tongxin/context';
import type { ExportColumn } from '../export-columns';
import { ApiExport, exportQueryOf } from '../export-format';
import { ListExporter } from '../list-exporter';

/** `GET /audit-events/export`: the trail's filters and sort, and `format`. */
export class AuditEventExportQueryDto extends exportQueryOf(AuditQueryDto) {}

/**
 * Who did what, when, from where. The before/after snapshots stay out of the file: they hold
 * the records' personal data in full (phones, names), and a trail exported to count and check
 * actions does not need them; the JSON trail shows them one event at a time.
 */
const columns: ExportColumn<AuditEventDto>[] = [
  { 'zh-CN': '时间', en: 'Time', value: (e) => e.createdAt },
  { 'zh-CN': '操作', en: 'Action', value: (e) => e.action },
  { 'zh-CN': '对象类型', en: 'Entity', value: (e) => e.entity },
  { 'zh-CN': '对象ID', en: 'Entity id', value: (e) => e.entityId },
  { 'zh-CN': '操作人ID', en: 'Actor id', value: (e) => e.actorId },
  { 'zh-CN': '操作人类型', en: 'Actor type', value: (e) => e.actorType },
  { 'zh-CN': '来源地址', en: 'Source address', value: (e) => e.sourceAddress },
  { 'zh-CN': '请求ID', en: 'Request id', value: (e) => e.requestId },
];

/**
 * The audit trail's export. It lives here, not in libs/audit beside the list, because the
 * exporter writes its own audit event through libs/audit: the one route keeps the two libraries
 * from importing each other.
 */
@ApiTags('audit')
@Controller('api/v1/audit-events')
export class AuditEventsExportController {
  constructor(
    private readonly audit: AuditQueryService,
    private readonly exporter: ListExporter,
  ) {}

  @Get('export')
  @RequirePermission('audit.read')
  @ApiExport('Audit events (district-wide readers), as a CSV or XLSX file')
  export(@Ctx() ctx: RequestContext, @Query() query: AuditEventExportQueryDto, @Res() res: Response): Promise<void> {
    const { format, ...filters } = query;
    return this.exporter.send(ctx, res, {
      list: 'audit-events',
      entity: 'audit_event',
      title: { 'zh-CN': '审计日志', en: 'Audit events' },
      format,
      filters,
      columns,
      page: (cursor, limit) => this.audit.list(ctx, { ...filters, cursor, limit }),
    });
  }
}
