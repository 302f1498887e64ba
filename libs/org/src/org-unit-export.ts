import type { RequestContext } from '@tongxin/context';
import type { TenantTransaction } from '@tongxin/database';
import { exportQueryOf, unitNames, type ExportColumn, type ListExport } from '@tongxin/exports';
import type { Page } from '@tongxin/http';
import { OrgUnitQueryDto, type OrgUnitDto } from './org-unit.dto';
import type { OrgUnitService } from './org-unit.service';

/** `GET /org-units/export`: the list's filters and sort, and `format`. */
export class OrgUnitExportQueryDto extends exportQueryOf(OrgUnitQueryDto) {}

type OrgUnitRow = OrgUnitDto & { parentName: string };

const columns: ExportColumn<OrgUnitRow>[] = [
  { 'zh-CN': '代码', en: 'Code', value: (u) => u.code },
  { 'zh-CN': '名称', en: 'Name', value: (u) => u.name },
  { 'zh-CN': '层级', en: 'Level', value: (u) => u.levelName },
  { 'zh-CN': '上级单位', en: 'Parent unit', value: (u) => u.parentName },
  { 'zh-CN': '创建时间', en: 'Created', value: (u) => u.createdAt },
];

export function orgUnitExport(
  ctx: RequestContext,
  units: OrgUnitService,
  tx: TenantTransaction,
  query: OrgUnitExportQueryDto,
): ListExport<OrgUnitRow> {
  const { format, ...filters } = query;
  return {
    list: 'org-units',
    entity: 'org_unit',
    title: { 'zh-CN': '组织架构', en: 'Org units' },
    format,
    filters,
    columns,
    page: async (cursor, limit): Promise<Page<OrgUnitRow>> => {
      const page = await units.list(ctx, { ...filters, cursor, limit });
      const names = await tx.run(ctx.tenantId, (em) =>
        unitNames(
          em,
          page.items.map((u) => u.parentId),
        ),
      );
      const parentName = (u: OrgUnitDto) => (u.parentId ? (names.get(u.parentId) ?? '') : '');
      return { ...page, items: page.items.map((u) => ({ ...u, parentName: parentName(u) })) };
    },
  };
}
