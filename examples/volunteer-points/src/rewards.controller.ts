import {
  ApiConflict,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  Body,
  Controller,
  Ctx,
  Get,
  Param,
  Patch,
  Post,
  Query,
  RequirePermission,
  type PluginRequestContext,
} from '@tongxin/plugin-sdk';
import { REDEMPTION_WRITE, REWARD_MANAGE, REWARD_READ } from './constants';
import {
  CreateRewardDto,
  ListRewardsQueryDto,
  RedeemDto,
  RedemptionView,
  RewardPageView,
  RewardView,
  UpdateRewardDto,
} from './rewards.dto';
import { RewardsService } from './rewards.service';
import { pointsErrors } from './errors';

/** Mounted under /api/v1/plugins/volunteer-points/. */
@ApiTags('volunteer-points')
@Controller()
export class RewardsController {
  constructor(private readonly rewards: RewardsService) {}

  @Post('rewards')
  @RequirePermission(REWARD_MANAGE)
  @ApiOperation({ summary: 'Offer a reward at a unit' })
  @ApiCreatedResponse({ type: RewardView })
  @ApiConflict(pointsErrors.REWARD_NAME_TAKEN.code)
  create(@Ctx() ctx: PluginRequestContext, @Body() dto: CreateRewardDto) {
    return this.rewards.create(ctx, dto);
  }

  @Get('rewards')
  @RequirePermission(REWARD_READ)
  @ApiOperation({ summary: 'Rewards redeemable at a unit, or offered in your scope' })
  @ApiOkResponse({ type: RewardPageView })
  list(@Ctx() ctx: PluginRequestContext, @Query() query: ListRewardsQueryDto) {
    return this.rewards.list(ctx, query);
  }

  @Patch('rewards/:id')
  @RequirePermission(REWARD_MANAGE)
  @ApiOperation({ summary: 'Change a reward: name, cost, stock, active' })
  @ApiOkResponse({ type: RewardView })
  @ApiConflict(pointsErrors.REWARD_NAME_TAKEN.code)
  update(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: UpdateRewardDto) {
    return this.rewards.update(ctx, id, dto);
  }

  @Post('redemptions')
  @RequirePermission(REDEMPTION_WRITE)
  @ApiOperation({ summary: 'Spend a volunteer’s points on a reward' })
  @ApiCreatedResponse({ type: RedemptionView })
  @ApiConflict(pointsErrors.REWARD_INACTIVE.code, pointsErrors.OUT_OF_STOCK.code, pointsErrors.INSUFFICIENT_POINTS.code)
  redeem(@Ctx() ctx: PluginRequestContext, @Body() dto: RedeemDto) {
    return this.rewards.redeem(ctx, dto);
  }
}
