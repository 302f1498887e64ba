import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, Ctx, RequirePermission, type RequestContext } from '@tongxin/context';
import type { Page } from '@tongxin/http';
import {
  BatchCalendarOverridesDto,
  CalendarOverrideDto,
  CalendarOverridePageDto,
  CalendarPageDto,
  CalendarQueryDto,
  PutCalendarOverrideDto,
  TenantProfileDto,
  UpdateTenantProfileDto,
} from './district.dto';
import { DistrictService } from './district.service';

@ApiTags('tenant')
@Controller('api/v1/tenant')
export class DistrictController {
  constructor(private readonly district: DistrictService) {}

  @Get()
  @Authenticated()
  @ApiOkResponse({ type: TenantProfileDto })
  @ApiOperation({ summary: 'The caller’s district: names, division code, logo and time zone (anyone signed in)' })
  profile(@Ctx() ctx: RequestContext): Promise<TenantProfileDto> {
    return this.district.profile(ctx);
  }

  @Patch()
  @RequirePermission('tenant.manage')
  @ApiOkResponse({ type: TenantProfileDto })
  @ApiOperation({ summary: 'Change the district’s profile (district administrators)' })
  update(@Ctx() ctx: RequestContext, @Body() dto: UpdateTenantProfileDto): Promise<TenantProfileDto> {
    return this.district.updateProfile(ctx, dto);
  }

  @Get('calendar')
  @Authenticated()
  @ApiOkResponse({ type: CalendarPageDto })
  @ApiOperation({
    summary:
      'A year’s holidays and 调休 working days (national schedule, 2004–2026) and the district’s overrides; other years are Monday–Friday plus overrides',
  })
  calendar(@Ctx() ctx: RequestContext, @Query() query: CalendarQueryDto): Promise<CalendarPageDto> {
    return this.district.calendar(ctx, query);
  }

  @Post('calendar/overrides')
  @HttpCode(200)
  @RequirePermission('tenant.manage')
  @ApiOkResponse({ type: CalendarOverridePageDto })
  @ApiOperation({ summary: 'Set several days off or days worked at once (all or none)' })
  batch(@Ctx() ctx: RequestContext, @Body() dto: BatchCalendarOverridesDto): Promise<Page<CalendarOverrideDto>> {
    return this.district.putOverrides(ctx, dto);
  }

  @Put('calendar/overrides/:date')
  @RequirePermission('tenant.manage')
  @ApiOkResponse({ type: CalendarOverrideDto })
  @ApiOperation({ summary: 'Make one day a day off or a working day for the district' })
  put(
    @Ctx() ctx: RequestContext,
    @Param('date') date: string,
    @Body() dto: PutCalendarOverrideDto,
  ): Promise<CalendarOverrideDto> {
    return this.district.putOverride(ctx, date, dto);
  }

  @Delete('calendar/overrides/:date')
  @HttpCode(204)
  @RequirePermission('tenant.manage')
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Drop the district’s override of one day (the national schedule applies again)' })
  remove(@Ctx() ctx: RequestContext, @Param('date') date: string): Promise<void> {
    return this.district.deleteOverride(ctx, date);
  }
}
