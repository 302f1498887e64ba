import { Column, Entity, Index, ScopedEntity, Check } from '@tongxin/plugin-sdk';

/** A GeoJSON Polygon or MultiPolygon in WGS 84 (longitude, latitude). */
export interface GridBoundary {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: number[][][] | number[][][][];
}

/** The profile of one grid (a level-4 网格党支部 unit): what it covers. One per grid. */
@Entity('grid_profiles')
@Index('uq_grid_profiles_unit', ['tenantId', 'unitId'], { unique: true })
@Index('ix_grid_profiles_community', ['tenantId', 'communityId'])
@Index('ix_grid_profiles_street', ['tenantId', 'streetId'])
@Check('ck_grid_profiles_counts', '"households" >= 0 AND "buildings" >= 0 AND "residents" >= 0')
export class GridProfile extends ScopedEntity {
  /** The grid's org unit (level 4). */
  @Column('uuid')
  unitId!: string;

  @Column('integer', { default: 0 })
  households!: number;

  @Column('integer', { default: 0 })
  buildings!: number;

  @Column('integer', { default: 0 })
  residents!: number;

  /** Optional boundary: cases and Open311 requests located inside it are filed to this grid. */
  @Column('jsonb', { nullable: true })
  boundary!: GridBoundary | null;

  @Column('varchar', { length: 500, default: '' })
  notes!: string;
}
