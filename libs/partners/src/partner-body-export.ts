import type { RequestContext } from '@tongxin/context';
import type { TenantTransaction } from '@tongxin/database';
import { exportQueryOf, unitNames, type ExportColumn, type ListExport } from '@tongxin/exports';
import type { Page } from '@tongxin/http';
import { PartnerBodyQueryDto, type PartnerBodyDto } from './partner-body.dto';
import type { PartnerBodyService } from './partner-body.service';

/** `GET /partner-bodies/export`: the list's filters and sort, and `format`. */
export class PartnerBodyExportQueryDto extends exportQueryOf(PartnerBodyQueryDto) {}

type PartnerBodyRow = PartnerBodyDto & { typeName: string; orgUnitName: string };

/** The contact phone is as the list shows it: masked by PartnerBodyService for those who only read. */
const columns: ExportColumn<PartnerBodyRow>[] = [
  { 'zh-CN': '名称', en: 'Name', value: (p) => p.name },
  { 'zh-CN': '类型', en: 'Type', value: (p) => p.typeName },
  { 'zh-CN': '统一社会信用代码', en: 'Credit code', value: (p) => p.creditCode },
  { 'zh-CN': '联系人', en: 'Contact', value: (p) => p.contactName },
  { 'zh-CN': '联系电话', en: 'Contact phone', value: (p) => p.contactPhone },
  { 'zh-CN': '所属单位', en: 'Unit', value: (p) => p.orgUnitName },
  { 'zh-CN': '创建时间', en: 'Created', value: (p) => p.createdAt },
];

export function partnerBodyExport(
  ctx: RequestContext,
  partners: PartnerBodyService,
  tx: TenantTransaction,
  query: PartnerBodyExportQueryDto,
): ListExport<PartnerBodyRow> {
  const { format, ...filters } = query;
  const typeNames = new Map(partners.listTypes(ctx, { limit: 200 }).items.map((t) => [t.key, t.name]));
  return {
    list: 'partner-bodies',
    entity: 'partner_body',
    title: { 'zh-CN': '共建单位', en: 'Partner bodies' },
    format,
    filters,
    columns,
    page: async (cursor, limit): Promise<Page<PartnerBodyRow>> => {
      const page = await partners.list(ctx, { ...filters, cursor, limit });
      const names = await tx.run(ctx.tenantId, (em) =>
        unitNames(
          em,
          page.items.map((p) => p.orgUnitId),
        ),
      );
      return {
        ...page,
        items: page.items.map((p) => ({
          ...p,
          typeName: typeNames.get(p.type) ?? p.type,
          orgUnitName: p.orgUnitId ? (names.get(p.orgUnitId) ?? '') : '',
        })),
      };
    },
  };
}
