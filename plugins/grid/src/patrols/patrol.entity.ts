import { Check, Column, Entity, ForeignKey, Index, ScopedEntity, numericColumn } from '@tongxin/plugin-sdk';

/** A patrol check-in: who walked which grid when, where, and what they found. */
@Entity('grid_patrols')
@Index('ix_grid_patrols_grid_day', ['tenantId', 'gridId', 'patrolDate'])
@Index('ix_grid_patrols_community_day', ['tenantId', 'communityId', 'patrolDate'])
@Index('ix_grid_patrols_street_day', ['tenantId', 'streetId', 'patrolDate'])
@Check('ck_grid_patrols_half', `"half" IN ('am', 'pm')`)
@ForeignKey('User', ['tenantId', 'workerId'], ['tenantId', 'id'], { name: 'fk_grid_patrols_worker' })
export class GridPatrol extends ScopedEntity {
  @Column('uuid')
  workerId!: string;

  @Column('timestamptz')
  checkedInAt!: Date;

  /** The district day of the check-in. */
  @Column('date')
  patrolDate!: string;

  /** Morning or afternoon round (上下午双巡), in district time. */
  @Column('varchar', { length: 2 })
  half!: 'am' | 'pm';

  @Column('numeric', { precision: 9, scale: 6, nullable: true, transformer: numericColumn })
  latitude!: number | null;

  @Column('numeric', { precision: 9, scale: 6, nullable: true, transformer: numericColumn })
  longitude!: number | null;

  @Column('varchar', { length: 200, default: '' })
  place!: string;

  /** What the patrol found; "nothing unusual" is a finding too. */
  @Column('varchar', { length: 1000, default: '' })
  findings!: string;

  /** Cases filed from this patrol. */
  @Column('uuid', { array: true, default: () => "'{}'" })
  caseIds!: string[];
}
