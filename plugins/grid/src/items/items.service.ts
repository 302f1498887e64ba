import {
  Injectable,
  NotFoundError,
  Tongxin,
  type PluginRequestContext,
  type PluginTx,
  pageOf,
} from '@tongxin/plugin-sdk';
import { ITEM_MANAGE } from '../constants';
import { assertDistrictWide } from '../shared/scope';
import { DEFAULT_ITEMS } from './default-items';
import { GridItem } from './grid-item.entity';
import type { CreateItemDto, ItemView, ListItemsQueryDto, UpdateItemDto } from './items.dto';

/** Twelve weeks of working days: the longest a working-day limit may be (hours go to 90 days). */
export const MAX_WORKING_DAYS = 60;

/** 400 when a working-day limit is longer than MAX_WORKING_DAYS (the DTO caps hours). */
function checkLimit(limit: { timeLimit: number; timeLimitUnit: string }): void {
  if (limit.timeLimitUnit === 'working_days' && limit.timeLimit > MAX_WORKING_DAYS)
    throw itemsErrors.ITEM_TIME_LIMIT_TOO_LONG({ max: MAX_WORKING_DAYS });
}
import { checkedAttributes, inOrder } from './item-attributes';
import { itemsErrors } from './errors';

export function itemView(i: GridItem): ItemView {
  return {
    id: i.id,
    code: i.code,
    category: i.category,
    name: i.name,
    description: i.description,
    timeLimit: i.timeLimit,
    timeLimitUnit: i.timeLimitUnit,
    handlerType: i.handlerType,
    active: i.active,
    public: i.public,
    sortOrder: i.sortOrder,
    attributes: inOrder(i.attributes ?? []),
  };
}

/** Adds the default items a tenant lacks (by code); never touches items a district edited. */
export async function seedDefaultItems(tx: PluginTx): Promise<void> {
  const existing = new Set((await tx.query<{ code: string }>('select code from grid_items')).map((r) => r.code));
  for (const [i, item] of DEFAULT_ITEMS.entries())
    if (!existing.has(item.code))
      await tx.repository(GridItem).insert({
        ...item,
        public: item.public ?? false,
        description: '',
        active: true,
        sortOrder: (i + 1) * 10,
        attributes: [],
      });
}

/**
 * The item that a case is filed under: it must be on the list and active (only listed items
 * enter the grid).
 */
export async function fileableItem(tx: PluginTx, itemId: string): Promise<GridItem> {
  const item = await tx.repository(GridItem).findById(itemId);
  if (!item) throw itemsErrors.ITEM_NOT_ON_LIST({ item: itemId });
  if (!item.active) throw itemsErrors.ITEM_INACTIVE({ item: item.name });
  return item;
}

/** The district's grid item list (入格事项清单): everyone reads it, district admins edit it. */
@Injectable()
export class ItemsService {
  constructor(private readonly tongxin: Tongxin) {}

  list(ctx: PluginRequestContext, query: ListItemsQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const qb = tx.repository(GridItem).queryBuilder('i');
      if (query.category) qb.andWhere('i.category = :category', { category: query.category });
      if (query.active !== undefined) qb.andWhere('i.active = :active', { active: query.active });
      const rows = await qb.orderBy('i.sort_order', 'ASC').addOrderBy('i.code', 'ASC').getMany();
      return pageOf(rows.map(itemView), query);
    });
  }

  create(ctx: PluginRequestContext, dto: CreateItemDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      await assertDistrictWide(this.tongxin, tx, ctx, ITEM_MANAGE);
      const taken = await tx.query('select 1 from grid_items where code = $1', [dto.code]);
      if (taken.length) throw itemsErrors.ITEM_CODE_TAKEN({ code: dto.code });
      checkLimit({ timeLimit: dto.timeLimit, timeLimitUnit: dto.timeLimitUnit ?? 'hours' });
      const item = await tx.repository(GridItem).insert({
        ...dto,
        timeLimitUnit: dto.timeLimitUnit ?? 'hours',
        attributes: checkedAttributes(dto.attributes ?? []),
        description: dto.description ?? '',
        sortOrder: dto.sortOrder ?? 0,
        public: dto.public ?? false,
        active: true,
      });
      await tx.audit('item.create', 'grid_item', item.id, null, itemView(item));
      return itemView(item);
    });
  }

  update(ctx: PluginRequestContext, id: string, dto: UpdateItemDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      await assertDistrictWide(this.tongxin, tx, ctx, ITEM_MANAGE);
      const before = await tx.repository(GridItem).findById(id);
      if (!before) throw new NotFoundError('grid_items');
      const { attributes, ...rest } = dto;
      checkLimit({
        timeLimit: dto.timeLimit ?? before.timeLimit,
        timeLimitUnit: dto.timeLimitUnit ?? before.timeLimitUnit,
      });
      await tx
        .repository(GridItem)
        .update(id, attributes === undefined ? rest : { ...rest, attributes: checkedAttributes(attributes) });
      const after = (await tx.repository(GridItem).findById(id))!;
      await tx.audit('item.update', 'grid_item', id, itemView(before), itemView(after));
      return itemView(after);
    });
  }
}
