import {
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  Controller,
  Ctx,
  Get,
  Param,
  Query,
  RequirePermission,
  type PluginRequestContext,
} from '@tongxin/plugin-sdk';
import { REGISTRATION_READ, UNIT_REPORT } from '../constants';
import {
  PeriodQueryDto,
  ServiceRecordPageView,
  UnitMemberPageView,
  UnitMembersQueryDto,
  UnitRecordsQueryDto,
  UnitSummaryView,
} from './reports.dto';
import { ReportsService } from './reports.service';

/** 双报告 under /api/v1/plugins/dual-report/units (`mine` before `:partnerId`). */
@ApiTags('dual-report')
@Controller('units')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('mine/members')
  @RequirePermission(UNIT_REPORT)
  @ApiOperation({ summary: 'Your unit’s members: where they reported and what they served in the period' })
  @ApiOkResponse({ type: UnitMemberPageView })
  members(@Ctx() ctx: PluginRequestContext, @Query() query: UnitMembersQueryDto) {
    return this.reports.members(ctx, query);
  }

  @Get('mine/records')
  @RequirePermission(UNIT_REPORT)
  @ApiOperation({ summary: 'Your unit’s members’ service records, across communities, newest first' })
  @ApiOkResponse({ type: ServiceRecordPageView })
  records(@Ctx() ctx: PluginRequestContext, @Query() query: UnitRecordsQueryDto) {
    return this.reports.records(ctx, query);
  }

  @Get('mine/summary')
  @RequirePermission(UNIT_REPORT)
  @ApiOperation({ summary: 'Your unit’s summary for the period: members reported, service, ratings' })
  @ApiOkResponse({ type: UnitSummaryView })
  mySummary(@Ctx() ctx: PluginRequestContext, @Query() query: PeriodQueryDto) {
    return this.reports.mySummary(ctx, query);
  }

  @Get(':partnerId/summary')
  @RequirePermission(REGISTRATION_READ)
  @ApiOperation({ summary: 'A unit’s summary for the period (district-wide staff)' })
  @ApiOkResponse({ type: UnitSummaryView })
  unitSummary(@Ctx() ctx: PluginRequestContext, @Param('partnerId') partnerId: string, @Query() query: PeriodQueryDto) {
    return this.reports.unitSummary(ctx, partnerId, query);
  }
}
