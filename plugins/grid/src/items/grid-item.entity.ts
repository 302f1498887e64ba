import { Check, Column, Entity, Index, TenantOwnedEntity } from '@tongxin/plugin-sdk';
import type { ItemAttribute } from './item-attributes';

/** The four categories of 番禺's list (入格事项清单). */
export type ItemCategory = 'info_collection' | 'hazard_patrol' | 'publicity' | 'special_task';
export const ITEM_CATEGORIES: readonly ItemCategory[] = [
  'info_collection',
  'hazard_patrol',
  'publicity',
  'special_task',
];

/** Who normally handles an item: the grid itself, the community, the street, or a department. */
export type HandlerType = 'grid' | 'community' | 'street' | 'department';
export const HANDLER_TYPES: readonly HandlerType[] = ['grid', 'community', 'street', 'department'];

/** A time limit counts hours on the clock, or the district's working days (holidays and 调休 respected). */
export type TimeLimitUnit = 'hours' | 'working_days';
export const TIME_LIMIT_UNITS: readonly TimeLimitUnit[] = ['hours', 'working_days'];

/** One item of the district's grid item list; only active items can be filed as cases. */
@Entity('grid_items')
@Index('uq_grid_items_code', ['tenantId', 'code'], { unique: true })
@Check('ck_grid_items_category', `"category" IN ('info_collection', 'hazard_patrol', 'publicity', 'special_task')`)
@Check('ck_grid_items_handler_type', `"handler_type" IN ('grid', 'community', 'street', 'department')`)
@Check('ck_grid_items_time_limit', '"time_limit" > 0')
@Check('ck_grid_items_time_limit_unit', `"time_limit_unit" IN ('hours', 'working_days')`)
export class GridItem extends TenantOwnedEntity {
  /** Stable code, also the Open311 service_code. */
  @Column('varchar', { length: 32 })
  code!: string;

  @Column('varchar', { length: 20 })
  category!: ItemCategory;

  @Column('varchar', { length: 100 })
  name!: string;

  @Column('varchar', { length: 500, default: '' })
  description!: string;

  /** From dispatch to closure, in `timeLimitUnit`s. */
  @Column('integer')
  timeLimit!: number;

  @Column('varchar', { length: 12, default: 'hours' })
  timeLimitUnit!: TimeLimitUnit;

  @Column('varchar', { length: 12 })
  handlerType!: HandlerType;

  @Column('boolean', { default: true })
  active!: boolean;

  /**
   * Offered to the public through Open311 (a resident can report it). Internal work such as
   * population registers or special-population follow-up never is.
   */
  @Column('boolean', { default: false })
  public!: boolean;

  @Column('integer', { default: 0 })
  sortOrder!: number;

  /** What a report of this item asks for besides the description (Open311 service attributes). */
  @Column('jsonb', { default: () => "'[]'" })
  attributes!: ItemAttribute[];
}
