import {
  exportQueryOf,
  type ExportColumnSpec,
  type PluginListExport,
  type PluginRequestContext,
} from '@tongxin/plugin-sdk';
import { ListRegistrationsQueryDto, REGISTRATION_STATUS_NAMES, type RegistrationView } from './registrations.dto';
import type { RegistrationsService } from './registrations.service';

/** `GET /registrations/export`: the list's filters, and `format`. */
export class RegistrationExportQueryDto extends exportQueryOf(ListRegistrationsQueryDto) {}

const columns = (ctx: PluginRequestContext): ExportColumnSpec<RegistrationView>[] => [
  { 'zh-CN': '党员', en: 'Member', value: (r) => r.memberName },
  { 'zh-CN': '报到社区', en: 'Community', value: (r) => r.communityName },
  { 'zh-CN': '所在单位', en: 'Unit', value: (r) => r.partnerName },
  { 'zh-CN': '状态', en: 'Status', value: (r) => REGISTRATION_STATUS_NAMES[r.status]?.[ctx.lang] ?? r.status },
  { 'zh-CN': '特长', en: 'Skills', value: (r) => r.skills.join('、') },
  { 'zh-CN': '申请时间', en: 'Applied', value: (r) => new Date(r.appliedAt) },
  { 'zh-CN': '审核时间', en: 'Decided', value: (r) => (r.decidedAt ? new Date(r.decidedAt) : null) },
];

/** 在职党员报到 as a file: the rows the list shows the caller (a community: its own members). */
export function registrationExport(
  ctx: PluginRequestContext,
  registrations: RegistrationsService,
  query: RegistrationExportQueryDto,
): PluginListExport<RegistrationView> {
  const { format, ...filters } = query;
  return {
    list: 'registrations',
    entity: 'registration',
    title: { 'zh-CN': '在职党员报到', en: 'Member registrations' },
    format,
    filters,
    columns: columns(ctx),
    page: (cursor, limit) => registrations.list(ctx, { ...filters, cursor, limit }),
  };
}
