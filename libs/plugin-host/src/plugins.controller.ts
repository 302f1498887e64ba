import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Authenticated, Ctx, RequirePermission, type RequestContext } from '@tongxin/context';
import { badRequest } from '@tongxin/http';
import { IndicatorService } from './indicator.service';
import {
  IndicatorChildrenDto,
  IndicatorDefinitionDto,
  IndicatorQueryDto,
  IndicatorValueDto,
  PluginDto,
} from './plugin.dto';
import { TenantPluginService } from './tenant-plugin.service';

/** The district's plugin catalogue and switches. */
@ApiTags('plugins')
@Controller('api/v1/plugins')
export class PluginsController {
  constructor(private readonly plugins: TenantPluginService) {}

  @Get()
  @RequirePermission('plugin.read')
  @ApiOkResponse({ type: [PluginDto], description: 'Every installed or quarantined plugin and its state here' })
  list(@Ctx() ctx: RequestContext): Promise<PluginDto[]> {
    return this.plugins.list(ctx);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @RequirePermission('plugin.manage')
  @ApiOkResponse({ type: PluginDto })
  enable(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<PluginDto> {
    return this.plugins.enable(ctx, id);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @RequirePermission('plugin.manage')
  @ApiOkResponse({ type: PluginDto })
  disable(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<PluginDto> {
    return this.plugins.disable(ctx, id);
  }

  @Patch(':id/settings')
  @RequirePermission('plugin.manage')
  @ApiBody({ schema: { type: 'object', additionalProperties: true }, description: 'Setting keys to change' })
  @ApiOkResponse({ type: PluginDto })
  settings(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() body: unknown): Promise<PluginDto> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('VALIDATION_FAILED');
    return this.plugins.updateSettings(ctx, id, body as Record<string, unknown>);
  }
}

/** Indicators of the enabled plugins, per org unit and period. */
@ApiTags('indicators')
@Controller('api/v1/indicators')
export class IndicatorsController {
  constructor(private readonly indicators: IndicatorService) {}

  @Get()
  @Authenticated()
  @ApiOkResponse({ type: [IndicatorDefinitionDto] })
  list(@Ctx() ctx: RequestContext): IndicatorDefinitionDto[] {
    return this.indicators.list(ctx);
  }

  /** Checks the indicator's own permission over the unit (404 when out of scope). */
  @Get(':key')
  @Authenticated()
  @ApiParam({ name: 'key', description: 'The full key, as the list gives it', example: 'grid.cases-received' })
  @ApiOkResponse({ type: IndicatorValueDto })
  computeByKey(
    @Ctx() ctx: RequestContext,
    @Param('key') key: string,
    @Query() query: IndicatorQueryDto,
  ): Promise<IndicatorValueDto> {
    return this.indicators.computeByKey(ctx, key, query);
  }

  /** The figure of each child unit of `unitId` the caller may see, in one statement (404 when none is visible). */
  @Get(':key/children')
  @Authenticated()
  @ApiParam({ name: 'key', description: 'The full key, as the list gives it', example: 'grid.cases-received' })
  @ApiOkResponse({ type: IndicatorChildrenDto })
  children(
    @Ctx() ctx: RequestContext,
    @Param('key') key: string,
    @Query() query: IndicatorQueryDto,
  ): Promise<IndicatorChildrenDto> {
    return this.indicators.children(ctx, key, query);
  }

  /** The first form of the compute route: the plugin id and its local key apart. */
  @Get(':pluginId/:key')
  @Authenticated()
  @ApiOperation({ deprecated: true, summary: 'Use GET /api/v1/indicators/{key} with the full key' })
  @ApiOkResponse({ type: IndicatorValueDto })
  compute(
    @Ctx() ctx: RequestContext,
    @Param('pluginId') pluginId: string,
    @Param('key') key: string,
    @Query() query: IndicatorQueryDto,
  ): Promise<IndicatorValueDto> {
    return this.indicators.compute(ctx, pluginId, key, query);
  }
}
