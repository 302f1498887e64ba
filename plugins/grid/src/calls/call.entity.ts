import { Check, Column, Entity, ForeignKey, Index, ScopedEntity } from '@tongxin/plugin-sdk';

/** The five fronts of a three-level call (三级呼叫). */
export type CallFront = 'dispute_resolution' | 'public_service' | 'key_task' | 'joint_enforcement' | 'emergency';
export const CALL_FRONTS: readonly CallFront[] = [
  'dispute_resolution',
  'public_service',
  'key_task',
  'joint_enforcement',
  'emergency',
];

/** A street or community "blows the whistle" (吹哨) and departments must report in (报到). */
@Entity('grid_calls')
@Index('ix_grid_calls_street', ['tenantId', 'streetId', 'id'])
@Index('ix_grid_calls_community', ['tenantId', 'communityId', 'id'])
@Check(
  'ck_grid_calls_front',
  `"front" IN ('dispute_resolution', 'public_service', 'key_task', 'joint_enforcement', 'emergency')`,
)
@Check('ck_grid_calls_status', `"status" IN ('open', 'closed')`)
@ForeignKey('User', ['tenantId', 'raisedBy'], ['tenantId', 'id'], { name: 'fk_grid_calls_raised_by' })
export class GridCall extends ScopedEntity {
  /** The calling unit: a street or a community. */
  @Column('uuid')
  unitId!: string;

  @Column('varchar', { length: 20 })
  front!: CallFront;

  @Column('varchar', { length: 100 })
  title!: string;

  @Column('varchar', { length: 2000, default: '' })
  description!: string;

  @Column('varchar', { length: 200, default: '' })
  address!: string;

  /** The case the call is about, if any. */
  @Column('uuid', { nullable: true })
  caseId!: string | null;

  @Column('uuid')
  raisedBy!: string;

  @Column('timestamptz')
  raisedAt!: Date;

  /** Departments must report in by this time (一叫就到). */
  @Column('timestamptz')
  reportInBy!: Date;

  @Column('varchar', { length: 8 })
  status!: 'open' | 'closed';

  @Column('timestamptz', { nullable: true })
  closedAt!: Date | null;
}
