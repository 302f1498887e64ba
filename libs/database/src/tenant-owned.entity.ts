import { Column, CreateDateColumn, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Every tenant-owned row: primary key (tenant_id, id), uuid v7 ids, timestamptz times. */
export abstract class TenantOwnedEntity {
  @PrimaryColumn('uuid')
  tenantId!: string;

  @PrimaryColumn('uuid')
  id!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/**
 * A row that belongs somewhere in the five-level hierarchy: its owning unit and that unit's
 * ancestors, one column per level, so "everything in my community" is `community_id = $1`,
 * an equality that keeps its index under row-level security (an ltree `<@` would not).
 */
export abstract class ScopedEntity extends TenantOwnedEntity {
  @Column('uuid')
  districtId!: string;

  @Column('uuid', { nullable: true })
  streetId!: string | null;

  @Column('uuid', { nullable: true })
  communityId!: string | null;

  @Column('uuid', { nullable: true })
  gridId!: string | null;

  @Column('uuid', { nullable: true })
  groupId!: string | null;
}

export type ScopeColumn = 'districtId' | 'streetId' | 'communityId' | 'gridId' | 'groupId';
export const SCOPE_COLUMNS: readonly ScopeColumn[] = ['districtId', 'streetId', 'communityId', 'gridId', 'groupId'];
export const SCOPE_SQL_COLUMNS: Record<ScopeColumn, string> = {
  districtId: 'district_id',
  streetId: 'street_id',
  communityId: 'community_id',
  gridId: 'grid_id',
  groupId: 'group_id',
};

/** The scope column that names a unit of this level (1 = district … 5 = group). */
export function scopeColumnOfLevel(level: number): ScopeColumn {
  const column = SCOPE_COLUMNS[level - 1];
  if (!column) throw new Error(`no scope column for level ${level}`);
  return column;
}

export type Scope = Pick<ScopedEntity, ScopeColumn>;

/** Copy a unit's scope columns (the unit and its ancestors) onto a row it owns. */
export function scopeOf(unit: Scope): Scope {
  return {
    districtId: unit.districtId,
    streetId: unit.streetId,
    communityId: unit.communityId,
    gridId: unit.gridId,
    groupId: unit.groupId,
  };
}
