import { Check, Column, Entity, ForeignKey, Index, numericColumn, ScopedEntity } from '@tongxin/plugin-sdk';
import { VolunteerPointsReward } from './reward.entity';

export type EntryKind = 'service' | 'redemption' | 'adjustment';
export const ENTRY_KINDS: readonly EntryKind[] = ['service', 'redemption', 'adjustment'];

/**
 * One line of a volunteer's points ledger, never changed once written: service earns points,
 * a redemption spends them, an adjustment corrects either way. A balance is the sum of its lines.
 */
@Entity('volunteer_points_entries')
@Index('ix_volunteer_points_entries_volunteer', ['tenantId', 'volunteerId'])
@Index('ix_volunteer_points_entries_street', ['tenantId', 'streetId'])
@Index('ix_volunteer_points_entries_community', ['tenantId', 'communityId', 'activityDate'])
@Index('ix_volunteer_points_entries_grid', ['tenantId', 'gridId'])
@Check('ck_volunteer_points_entries_kind', `"kind" IN ('service', 'redemption', 'adjustment')`)
@Check('ck_volunteer_points_entries_hours', '"hours" >= 0')
@ForeignKey('User', ['tenantId', 'volunteerId'], ['tenantId', 'id'], { name: 'fk_volunteer_points_entries_volunteer' })
@ForeignKey('User', ['tenantId', 'recordedBy'], ['tenantId', 'id'], { name: 'fk_volunteer_points_entries_recorded_by' })
@ForeignKey(() => VolunteerPointsReward, ['tenantId', 'rewardId'], ['tenantId', 'id'], {
  name: 'fk_volunteer_points_entries_reward',
})
export class VolunteerPointsEntry extends ScopedEntity {
  /** The volunteer: a user of the tenant. */
  @Column('uuid')
  volunteerId!: string;

  /** Where the service was done or the reward handed out: a community, grid or party group. */
  @Column('uuid')
  unitId!: string;

  @Column('varchar', { length: 16 })
  kind!: EntryKind;

  /** Hours served (0 for redemptions and adjustments). */
  @Column('numeric', { precision: 5, scale: 2, default: 0, transformer: numericColumn })
  hours!: number;

  /** Positive for service, negative for a redemption; either for an adjustment. */
  @Column('integer')
  points!: number;

  /** The day of the service (or of the redemption), in the district's time zone (its profile's, `tx.clock`). */
  @Column('date')
  activityDate!: string;

  @Column('varchar', { length: 500 })
  description!: string;

  @Column('uuid', { nullable: true })
  rewardId!: string | null;

  @Column('integer', { nullable: true })
  quantity!: number | null;

  /** The staff member who recorded it. */
  @Column('uuid')
  recordedBy!: string;
}
