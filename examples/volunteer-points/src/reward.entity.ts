import { Check, Column, Entity, Index, ScopedEntity } from '@tongxin/plugin-sdk';

/**
 * Something volunteers can exchange points for (a haircut voucher, goods from the charity shop),
 * offered by one unit: the district's rewards are redeemable everywhere, a community's only there.
 */
@Entity('volunteer_points_rewards')
@Index('uq_volunteer_points_rewards_name', ['tenantId', 'unitId', 'name'], { unique: true })
@Index('ix_volunteer_points_rewards_street', ['tenantId', 'streetId'])
@Index('ix_volunteer_points_rewards_community', ['tenantId', 'communityId'])
@Check('ck_volunteer_points_rewards_cost', '"cost" > 0')
@Check('ck_volunteer_points_rewards_stock', '"stock" >= 0')
export class VolunteerPointsReward extends ScopedEntity {
  /** The unit offering it (any level); the scope columns are this unit and its ancestors. */
  @Column('uuid')
  unitId!: string;

  @Column('varchar', { length: 100 })
  name!: string;

  @Column('varchar', { length: 500, default: '' })
  description!: string;

  /** Points per item. */
  @Column('integer')
  cost!: number;

  /** Items left; a redemption takes from it in the same transaction as the points. */
  @Column('integer')
  stock!: number;

  @Column('boolean', { default: true })
  active!: boolean;
}
