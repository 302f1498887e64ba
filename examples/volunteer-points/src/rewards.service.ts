import {
  Injectable,
  Tongxin,
  type OrgUnitView,
  type PluginRequestContext,
  type PluginTx,
  unitInScope,
  cursorPage,
} from '@tongxin/plugin-sdk';
import { REDEMPTION_WRITE, REWARD_MANAGE, REWARD_READ } from './constants';
import { lockVolunteer, requireVolunteer, serviceUnit, totalsOf } from './ledger';
import { VolunteerPointsEntry } from './points-entry.entity';
import { VolunteerPointsReward } from './reward.entity';
import type { CreateRewardDto, ListRewardsQueryDto, RedeemDto, UpdateRewardDto } from './rewards.dto';
import { pointsErrors } from './errors';

const rewardView = (r: VolunteerPointsReward) => ({
  id: r.id,
  unitId: r.unitId,
  name: r.name,
  description: r.description,
  cost: r.cost,
  stock: r.stock,
  active: r.active,
});

/** The unit and every unit above it: whose rewards can be handed out there. */
const chainOf = (unit: OrgUnitView) =>
  [unit.districtId, unit.streetId, unit.communityId, unit.gridId, unit.groupId].filter((id): id is string => !!id);

/** Rewards on offer, and redeeming them. */
@Injectable()
export class RewardsService {
  constructor(private readonly tongxin: Tongxin) {}

  create(ctx: PluginRequestContext, dto: CreateRewardDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const unit = await unitInScope(this.tongxin, tx, ctx, dto.unitId, REWARD_MANAGE);
      await this.assertNameFree(tx, unit.id, dto.name);
      const reward = await tx.repository(VolunteerPointsReward).insert(
        {
          unitId: unit.id,
          name: dto.name,
          description: dto.description ?? '',
          cost: dto.cost,
          stock: dto.stock,
          active: dto.active ?? true,
        },
        { unitId: unit.id },
      );
      await tx.audit('reward.create', 'reward', reward.id, null, rewardView(reward));
      return rewardView(reward);
    });
  }

  update(ctx: PluginRequestContext, id: string, dto: UpdateRewardDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const reward = await this.findForManage(tx, ctx, id);
      if (dto.name !== undefined && dto.name !== reward.name) await this.assertNameFree(tx, reward.unitId, dto.name);
      const before = rewardView(reward);
      const changes: Partial<VolunteerPointsReward> = {};
      if (dto.name !== undefined) changes.name = dto.name;
      if (dto.description !== undefined) changes.description = dto.description;
      if (dto.cost !== undefined) changes.cost = dto.cost;
      if (dto.stock !== undefined) changes.stock = dto.stock;
      if (dto.active !== undefined) changes.active = dto.active;
      await tx.repository(VolunteerPointsReward).update(reward.id, changes);
      const after = { ...before, ...changes };
      await tx.audit('reward.update', 'reward', reward.id, before, after);
      return after;
    });
  }

  /** With `unitId`: what can be redeemed there. Without: the rewards offered in the caller's scope. */
  list(ctx: PluginRequestContext, query: ListRewardsQueryDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const qb = tx.repository(VolunteerPointsReward).queryBuilder('r');
      if (query.unitId) {
        const unit = await unitInScope(this.tongxin, tx, ctx, query.unitId, REWARD_READ);
        qb.where('r.unit_id IN (:...chain)', { chain: chainOf(unit) });
      } else {
        const scope = this.tongxin.scopeCondition(ctx, REWARD_READ, 'r');
        qb.where(scope.sql, scope.params);
      }
      if (query.active !== undefined) qb.andWhere('r.active = :active', { active: query.active });
      const page = await cursorPage(qb, 'r', query, 'oldest');
      return { items: page.items.map(rewardView), nextCursor: page.nextCursor };
    });
  }

  /**
   * Spends the volunteer's points on a reward available at the unit: one ledger line and the
   * stock taken, in one transaction, or nothing at all (409 OUT_OF_STOCK, INSUFFICIENT_POINTS).
   */
  redeem(ctx: PluginRequestContext, dto: RedeemDto) {
    return this.tongxin.transaction(ctx, async (tx) => {
      const unit = await serviceUnit(this.tongxin, tx, ctx, dto.unitId, REDEMPTION_WRITE);
      await requireVolunteer(tx, dto.volunteerId);
      await lockVolunteer(tx, dto.volunteerId);
      const reward = await tx
        .repository(VolunteerPointsReward)
        .queryBuilder('r')
        .setLock('pessimistic_write')
        .where('r.id = :id', { id: dto.rewardId })
        .getOne();
      if (!reward || !chainOf(unit).includes(reward.unitId)) throw pointsErrors.REWARD_NOT_FOUND();
      if (!reward.active) throw pointsErrors.REWARD_INACTIVE({ reward: reward.name });
      const quantity = dto.quantity ?? 1;
      if (reward.stock < quantity)
        throw pointsErrors.OUT_OF_STOCK({ reward: reward.name, available: reward.stock }, { available: reward.stock });
      const cost = reward.cost * quantity;
      const { balance } = await totalsOf(tx, dto.volunteerId);
      if (balance < cost) throw pointsErrors.INSUFFICIENT_POINTS({ balance, cost }, { balance, cost });

      const entry = await tx.repository(VolunteerPointsEntry).insert(
        {
          volunteerId: dto.volunteerId,
          unitId: unit.id,
          kind: 'redemption',
          hours: 0,
          points: -cost,
          activityDate: await tx.clock.dateOf(tx.now),
          description: `${reward.name} × ${quantity}`,
          rewardId: reward.id,
          quantity,
          recordedBy: ctx.userId,
        },
        { unitId: unit.id },
      );
      await tx.repository(VolunteerPointsReward).update(reward.id, { stock: reward.stock - quantity });
      await tx.audit(
        'redemption.create',
        'entry',
        entry.id,
        { balance, stock: reward.stock },
        { balance: balance - cost, stock: reward.stock - quantity, rewardId: reward.id, quantity },
      );
      return {
        entryId: entry.id,
        volunteerId: dto.volunteerId,
        rewardId: reward.id,
        quantity,
        cost,
        balance: balance - cost,
        stock: reward.stock - quantity,
      };
    });
  }

  /** 404 outside the caller's reading scope, 403 where they may read but not manage. */
  private async findForManage(tx: PluginTx, ctx: PluginRequestContext, id: string): Promise<VolunteerPointsReward> {
    const reward = await tx.repository(VolunteerPointsReward).findById(id);
    const visible =
      reward && (this.tongxin.can(ctx, REWARD_READ, reward) || this.tongxin.can(ctx, REWARD_MANAGE, reward));
    if (!visible) throw pointsErrors.REWARD_NOT_FOUND();
    this.tongxin.assertCan(ctx, REWARD_MANAGE, reward);
    return reward;
  }

  private async assertNameFree(tx: PluginTx, unitId: string, name: string): Promise<void> {
    const taken = await tx.query('select 1 from volunteer_points_rewards where unit_id = $1 and name = $2', [
      unitId,
      name,
    ]);
    if (taken.length) throw pointsErrors.REWARD_NAME_TAKEN({ name });
  }
}
