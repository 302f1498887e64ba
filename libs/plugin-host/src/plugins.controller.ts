import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Authenticated, Ctx, RequirePermission, type RequestContext } from '@tongxin/context';
import { ApiConflict, badRequest, pageOf, PageQueryDto, type Page } from '@tongxin/http';
import { IndicatorService } from './indicator.service';
import {
  IndicatorChildrenDto,
  IndicatorDefinitionDto,
  IndicatorDefinitionPageDto,
  IndicatorQueryDto,
  IndicatorValueDto,
  PluginDto,
  PluginPageDto,
} from './plugin.dto';
import { TenantPluginService } from './tenant-plugin.service';

/** The district's plugin catalogue and switches. */
@ApiTags('plugins')
@Controller('api/v1/plugins')
export class PluginsController {
  constructor(private readonly plugins: TenantPluginService) {}

  @Get()
  @RequirePermission('plugin.read')
  @ApiOkResponse({ type: PluginPageDto, description: 'Every installed or quarantined plugin and its state here' })
  @ApiOperation({ summary: 'Installed and quarantined plugins, with their state in this tenant' })
  list(@Ctx() ctx: RequestContext, @Query() query: PageQueryDto): Promise<Page<PluginDto>> {
    return this.plugins.list(ctx, query);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @RequirePermission('plugin.manage')
  @ApiOkResponse({ type: PluginDto })
  @ApiOperation({ summary: 'Enable a plugin for the tenant' })
  @ApiConflict('PLUGIN_ALREADY_ENABLED', 'PLUGIN_DEPENDENCY_DISABLED', 'PLUGIN_QUARANTINED')
  enable(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<PluginDto> {
    return this.plugins.enable(ctx, id);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @RequirePermission('plugin.manage')
  @ApiOkResponse({ type: PluginDto })
  @ApiOperation({ summary: 'Disable a plugin for the tenant (its data is kept)' })
  @ApiConflict('PLUGIN_ALREADY_DISABLED', 'PLUGIN_IN_USE', 'PLUGIN_QUARANTINED')
  disable(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<PluginDto> {
    return this.plugins.disable(ctx, id);
  }

  @Patch(':id/settings')
  @RequirePermission('plugin.manage')
  @ApiBody({ schema: { type: 'object', additionalProperties: true }, description: 'Setting keys to change' })
  @ApiOkResponse({ type: PluginDto })
  @ApiOperation({ summary: 'Change a plugin’s settings for the tenant' })
  @ApiConflict('PLUGIN_QUARANTINED')
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
  @ApiOkResponse({ type: IndicatorDefinitionPageDto })
  @ApiOperation({ summary: 'Indicators the enabled plugins define' })
  list(@Ctx() ctx: RequestContext, @Query() query: PageQueryDto): Page<IndicatorDefinitionDto> {
    return pageOf(this.indicators.list(ctx), query);
  }

  /** Checks the indicator's own permission over the unit (404 when out of scope). */
  @Get(':key')
  @Authenticated()
  @ApiOperation({ summary: 'Compute one indicator for a unit and a period' })
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
  @ApiOperation({ summary: 'One indicator for each child unit of a unit the caller may see' })
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
