import {
  exportQueryOf,
  type ExportColumnSpec,
  type PluginListExport,
  type PluginRequestContext,
} from '@tongxin/plugin-sdk';
import { ListPairingsQueryDto, type PairingView } from './pairings.dto';
import type { PairingsService } from './pairings.service';

/** `GET /pairings/export`: the list's filters, and `format`. */
export class PairingExportQueryDto extends exportQueryOf(ListPairingsQueryDto) {}

const STATUS = { active: { 'zh-CN': '结对中', en: 'active' }, ended: { 'zh-CN': '已结束', en: 'ended' } } as const;

const columns = (ctx: PluginRequestContext): ExportColumnSpec<PairingView>[] => [
  { 'zh-CN': '社区', en: 'Community', value: (p) => p.communityName },
  { 'zh-CN': '共建单位', en: 'Unit', value: (p) => p.partnerName },
  { 'zh-CN': '签约日期', en: 'Signed on', value: (p) => p.signedOn },
  { 'zh-CN': '协议开始', en: 'Term start', value: (p) => p.termStart },
  { 'zh-CN': '协议结束', en: 'Term end', value: (p) => p.termEnd },
  { 'zh-CN': '状态', en: 'Status', value: (p) => STATUS[p.status]?.[ctx.lang] ?? p.status },
];

/** 结对共建 as a file: the pairings of the communities in the caller's scope. */
export function pairingExport(
  ctx: PluginRequestContext,
  pairings: PairingsService,
  query: PairingExportQueryDto,
): PluginListExport<PairingView> {
  const { format, ...filters } = query;
  return {
    list: 'pairings',
    entity: 'pairing',
    title: { 'zh-CN': '结对共建', en: 'Pairings' },
    format,
    filters,
    columns: columns(ctx),
    page: (cursor, limit) => pairings.list(ctx, { ...filters, cursor, limit }),
  };
}
