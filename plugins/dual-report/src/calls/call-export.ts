import {
  exportQueryOf,
  type ExportColumnSpec,
  type PluginListExport,
  type PluginRequestContext,
} from '@tongxin/plugin-sdk';
import { ListCallsQueryDto, type CallView } from './calls.dto';
import type { CallsService } from './calls.service';

/** `GET /calls/export`: the list's filters, and `format`. */
export class CallExportQueryDto extends exportQueryOf(ListCallsQueryDto) {}

const KIND = { need: { 'zh-CN': '需求', en: 'need' }, activity: { 'zh-CN': '活动', en: 'activity' } } as const;
const STATUS = {
  open: { 'zh-CN': '报名中', en: 'open' },
  closed: { 'zh-CN': '已截止', en: 'closed' },
  cancelled: { 'zh-CN': '已取消', en: 'cancelled' },
} as const;

const columns = (ctx: PluginRequestContext): ExportColumnSpec<CallView>[] => [
  { 'zh-CN': '发布单位', en: 'Posted by', value: (c) => c.unitName },
  { 'zh-CN': '类型', en: 'Kind', value: (c) => KIND[c.kind]?.[ctx.lang] ?? c.kind },
  { 'zh-CN': '标题', en: 'Title', value: (c) => c.title },
  { 'zh-CN': '地点', en: 'Place', value: (c) => c.place },
  { 'zh-CN': '开始时间', en: 'Starts', value: (c) => new Date(c.startsAt) },
  { 'zh-CN': '结束时间', en: 'Ends', value: (c) => new Date(c.endsAt) },
  { 'zh-CN': '人数', en: 'Capacity', value: (c) => c.capacity },
  { 'zh-CN': '剩余名额', en: 'Places left', value: (c) => c.placesLeft },
  { 'zh-CN': '状态', en: 'Status', value: (c) => STATUS[c.status]?.[ctx.lang] ?? c.status },
];

/** 吹号 as a file: the calls the caller may see, as the list shows them. */
export function callExport(
  ctx: PluginRequestContext,
  calls: CallsService,
  query: CallExportQueryDto,
): PluginListExport<CallView> {
  const { format, ...filters } = query;
  return {
    list: 'calls',
    entity: 'call',
    title: { 'zh-CN': '社区吹号', en: 'Calls' },
    format,
    filters,
    columns: columns(ctx),
    page: (cursor, limit) => calls.list(ctx, { ...filters, cursor, limit }),
  };
}
