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
  Post,
  Query,
  RequirePermission,
  type PluginRequestContext,
} from '@tongxin/plugin-sdk';
import { ENTRY_ADJUST, ENTRY_READ, ENTRY_WRITE } from './constants';
import {
  AdjustPointsDto,
  BalanceView,
  EntryPageView,
  EntryView,
  LeaderboardQueryDto,
  LeaderboardView,
  ListEntriesQueryDto,
  RecordServiceDto,
} from './points.dto';
import { PointsService } from './points.service';
import { pointsErrors } from './errors';

/** Mounted under /api/v1/plugins/volunteer-points/. */
@ApiTags('volunteer-points')
@Controller()
export class PointsController {
  constructor(private readonly points: PointsService) {}

  @Post('entries')
  @RequirePermission(ENTRY_WRITE)
  @ApiOperation({ summary: 'Record volunteer service (earns hours × pointsPerHour points)' })
  @ApiCreatedResponse({ type: EntryView })
  record(@Ctx() ctx: PluginRequestContext, @Body() dto: RecordServiceDto) {
    return this.points.recordService(ctx, dto);
  }

  @Get('entries')
  @RequirePermission(ENTRY_READ)
  @ApiOperation({ summary: 'Ledger lines in your scope' })
  @ApiOkResponse({ type: EntryPageView })
  list(@Ctx() ctx: PluginRequestContext, @Query() query: ListEntriesQueryDto) {
    return this.points.list(ctx, query);
  }

  @Post('adjustments')
  @RequirePermission(ENTRY_ADJUST)
  @ApiOperation({ summary: 'Correct a volunteer’s points, with a reason' })
  @ApiCreatedResponse({ type: EntryView })
  @ApiConflict(pointsErrors.INSUFFICIENT_POINTS.code)
  adjust(@Ctx() ctx: PluginRequestContext, @Body() dto: AdjustPointsDto) {
    return this.points.adjust(ctx, dto);
  }

  @Get('balances/:userId')
  @RequirePermission(ENTRY_READ)
  @ApiOperation({ summary: 'A volunteer’s points balance' })
  @ApiOkResponse({ type: BalanceView })
  balance(@Ctx() ctx: PluginRequestContext, @Param('userId') userId: string) {
    return this.points.balance(ctx, userId);
  }

  @Get('leaderboard')
  @RequirePermission(ENTRY_READ)
  @ApiOperation({ summary: 'Top volunteers of a community by points earned in a period' })
  @ApiOkResponse({ type: LeaderboardView })
  leaderboard(@Ctx() ctx: PluginRequestContext, @Query() query: LeaderboardQueryDto) {
    return this.points.leaderboard(ctx, query);
  }
}
