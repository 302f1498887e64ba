import type { RequestContext } from '@tongxin/context';
import type { TenantTransaction } from '@tongxin/database';
import { exportQueryOf, unitNames, type ExportColumn, type ListExport } from '@tongxin/exports';
import type { Page } from '@tongxin/http';
import { UserQueryDto, type UserDto } from './user.dto';
import type { UserService } from './user.service';

/** `GET /users/export`: the list's filters and sort, and `format`. */
export class UserExportQueryDto extends exportQueryOf(UserQueryDto) {}

type UserRow = UserDto & { orgUnitName: string };

const STATUS = { active: { 'zh-CN': '启用', en: 'active' }, disabled: { 'zh-CN': '停用', en: 'disabled' } } as const;

/** The phone is as the list shows it: masked by UserService for callers who do not manage the account. */
const columns = (ctx: RequestContext): ExportColumn<UserRow>[] => [
  { 'zh-CN': '用户名', en: 'Username', value: (u) => u.username },
  { 'zh-CN': '姓名', en: 'Name', value: (u) => u.displayName },
  { 'zh-CN': '手机号', en: 'Phone', value: (u) => u.phone },
  { 'zh-CN': '所属单位', en: 'Unit', value: (u) => u.orgUnitName },
  { 'zh-CN': '状态', en: 'Status', value: (u) => STATUS[u.status as keyof typeof STATUS]?.[ctx.lang] ?? u.status },
  { 'zh-CN': '创建时间', en: 'Created', value: (u) => u.createdAt },
];

export function userExport(
  ctx: RequestContext,
  users: UserService,
  tx: TenantTransaction,
  query: UserExportQueryDto,
): ListExport<UserRow> {
  const { format, ...filters } = query;
  return {
    list: 'users',
    entity: 'user',
    title: { 'zh-CN': '用户', en: 'Users' },
    format,
    filters,
    columns: columns(ctx),
    page: async (cursor, limit): Promise<Page<UserRow>> => {
      const page = await users.list(ctx, { ...filters, cursor, limit });
      const names = await tx.run(ctx.tenantId, (em) =>
        unitNames(
          em,
          page.items.map((u) => u.orgUnitId),
        ),
      );
      return { ...page, items: page.items.map((u) => ({ ...u, orgUnitName: names.get(u.orgUnitId) ?? '' })) };
    },
  };
}
