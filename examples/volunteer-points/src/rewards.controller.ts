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

/** Mounted under /api/v1/plugins/volunteer-points/. */
@ApiTags('volunteer-points')
@Controller()
export class RewardsController {
  constructor(private readonly rewards: RewardsService) {}

  @Post('rewards')
  @RequirePermission(REWARD_MANAGE)
  @ApiOperation({ summary: 'Offer a reward at a unit' })
  @ApiCreatedResponse({ type: RewardView })
  @ApiConflict('REWARD_NAME_TAKEN')
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
  @ApiConflict('REWARD_NAME_TAKEN')
  update(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: UpdateRewardDto) {
    return this.rewards.update(ctx, id, dto);
  }

  @Post('redemptions')
  @RequirePermission(REDEMPTION_WRITE)
  @ApiOperation({ summary: 'Spend a volunteer’s points on a reward' })
  @ApiCreatedResponse({ type: RedemptionView })
  @ApiConflict('REWARD_INACTIVE', 'OUT_OF_STOCK', 'INSUFFICIENT_POINTS')
  redeem(@Ctx() ctx: PluginRequestContext, @Body() dto: RedeemDto) {
    return this.rewards.redeem(ctx, dto);
  }
}
