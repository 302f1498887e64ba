import {
  exportQueryOf,
  type PluginListExport,
  type PluginRequestContext,
  type Tongxin,
  type ExportColumnSpec,
} from '@tongxin/plugin-sdk';
import { CASE_DISPATCH } from '../constants';
import { CASE_STATE_NAMES } from './case-workflow';
import { ListCasesQueryDto, type CaseSummaryView } from './cases.dto';
import type { CasesService } from './cases.service';

/** `GET /cases/export`: the case list's filters and sort, and `format`. */
export class CaseExportQueryDto extends exportQueryOf(ListCasesQueryDto) {}

const columns = (ctx: PluginRequestContext): ExportColumnSpec<CaseSummaryView>[] => [
  { 'zh-CN': '案件编号', en: 'Number', value: (c) => c.number },
  { 'zh-CN': '状态', en: 'State', value: (c) => CASE_STATE_NAMES[c.state]?.[ctx.lang] ?? c.state },
  { 'zh-CN': '事项', en: 'Item', value: (c) => c.itemName },
  { 'zh-CN': '来源', en: 'Source', value: (c) => c.source },
  { 'zh-CN': '问题描述', en: 'Description', value: (c) => c.description },
  { 'zh-CN': '地址', en: 'Address', value: (c) => c.address, personal: 'address' },
  { 'zh-CN': '处置人或单位', en: 'Handler', value: (c) => c.handler?.name ?? '' },
  { 'zh-CN': '上报时间', en: 'Filed', value: (c) => new Date(c.createdAt) },
  { 'zh-CN': '办理时限', en: 'Deadline', value: (c) => (c.deadlineAt ? new Date(c.deadlineAt) : null) },
  { 'zh-CN': '办结时间', en: 'Closed', value: (c) => (c.closedAt ? new Date(c.closedAt) : null) },
  { 'zh-CN': '是否超期', en: 'Overdue', value: (c) => c.overdueAt !== null },
];

/**
 * The case list as a file. Addresses find the household that reported: in full for dispatchers
 * (who send someone there), as `南环路**号` for everyone else who may read the cases.
 */
export function caseExport(
  ctx: PluginRequestContext,
  tongxin: Tongxin,
  cases: CasesService,
  query: CaseExportQueryDto,
): PluginListExport<CaseSummaryView> {
  const { format, ...filters } = query;
  const dispatcher = tongxin.can(ctx, CASE_DISPATCH);
  return {
    list: 'cases',
    entity: 'case',
    title: { 'zh-CN': '网格案件', en: 'Grid cases' },
    format,
    filters,
    columns: columns(ctx),
    page: (cursor, limit) => cases.list(ctx, { ...filters, cursor, limit }),
    unmasked: () => dispatcher,
  };
}
