import {
  exportQueryOf,
  type ExportColumnSpec,
  type PluginListExport,
  type PluginRequestContext,
} from '@tongxin/plugin-sdk';
import { ListEvaluationsQueryDto, type EvaluationView } from './evaluations.dto';
import type { EvaluationsService } from './evaluations.service';

/** `GET /evaluations/export`: the list's filters, and `format`. */
export class EvaluationExportQueryDto extends exportQueryOf(ListEvaluationsQueryDto) {}

const DIRECTION = {
  community_to_member: { 'zh-CN': '社区评党员', en: 'community rates member' },
  community_to_unit: { 'zh-CN': '社区评单位', en: 'community rates unit' },
  unit_to_community: { 'zh-CN': '单位评社区', en: 'unit rates community' },
} as const;

const columns = (ctx: PluginRequestContext): ExportColumnSpec<EvaluationView>[] => [
  { 'zh-CN': '年度', en: 'Year', value: (e) => e.year },
  { 'zh-CN': '评价方向', en: 'Direction', value: (e) => DIRECTION[e.direction]?.[ctx.lang] ?? e.direction },
  { 'zh-CN': '社区', en: 'Community', value: (e) => e.communityName },
  { 'zh-CN': '党员', en: 'Member', value: (e) => e.memberName },
  { 'zh-CN': '单位', en: 'Unit', value: (e) => e.partnerName },
  { 'zh-CN': '评分', en: 'Score', value: (e) => e.score },
  { 'zh-CN': '评语', en: 'Comment', value: (e) => e.comment },
  { 'zh-CN': '评价时间', en: 'Rated', value: (e) => new Date(e.evaluatedAt) },
];

/** Year-end ratings as a file: those the list shows the caller. */
export function evaluationExport(
  ctx: PluginRequestContext,
  evaluations: EvaluationsService,
  query: EvaluationExportQueryDto,
): PluginListExport<EvaluationView> {
  const { format, ...filters } = query;
  return {
    list: 'evaluations',
    entity: 'evaluation',
    title: { 'zh-CN': '双报到评价', en: 'Ratings' },
    format,
    filters,
    columns: columns(ctx),
    page: (cursor, limit) => evaluations.list(ctx, { ...filters, cursor, limit }),
  };
}
