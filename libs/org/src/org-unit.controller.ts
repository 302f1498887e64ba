import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Ctx, RequirePermission, type RequestContext } from '@tongxin/context';
import { badRequest, type Page } from '@tongxin/http';
import { OrgImportService } from './import/org-import.service';
import { OrgImportDto, OrgImportResultDto } from './import/org-import.types';
import {
  CreateOrgUnitDto,
  MoveOrgUnitDto,
  OrgUnitDto,
  OrgUnitPageDto,
  OrgUnitQueryDto,
  UpdateOrgUnitDto,
} from './org-unit.dto';
import { OrgUnitService } from './org-unit.service';

@ApiTags('org-units')
@Controller('api/v1/org-units')
export class OrgUnitController {
  constructor(
    private readonly units: OrgUnitService,
    private readonly importer: OrgImportService,
  ) {}

  @Get()
  @RequirePermission('org.read')
  @ApiOkResponse({ type: OrgUnitPageDto, description: 'Units in the caller’s scope' })
  list(@Ctx() ctx: RequestContext, @Query() query: OrgUnitQueryDto): Promise<Page<OrgUnitDto>> {
    return this.units.list(ctx, query);
  }

  @Post()
  @RequirePermission('org.write')
  @ApiCreatedResponse({ type: OrgUnitDto })
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateOrgUnitDto): Promise<OrgUnitDto> {
    return this.units.create(ctx, dto);
  }

  @Post('import')
  @HttpCode(201)
  @RequirePermission('org.write')
  @ApiCreatedResponse({ type: OrgImportResultDto })
  import(@Ctx() ctx: RequestContext, @Body() dto: OrgImportDto): Promise<OrgImportResultDto> {
    return this.importer.run(ctx, dto.units);
  }

  @Post('import/csv')
  @HttpCode(201)
  @RequirePermission('org.write')
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'code,name,parent_code,level\nZH-YM,姚孟街道党工委,ZH,2' } })
  @ApiCreatedResponse({ type: OrgImportResultDto })
  importCsv(@Ctx() ctx: RequestContext, @Req() req: Request): Promise<OrgImportResultDto> {
    if (typeof req.body !== 'string') throw badRequest('MALFORMED_CSV', { reason: 'Content-Type must be text/csv' });
    return this.importer.run(ctx, this.importer.parseCsv(req.body));
  }

  @Get(':id')
  @RequirePermission('org.read')
  @ApiOkResponse({ type: OrgUnitDto })
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<OrgUnitDto> {
    return this.units.get(ctx, id);
  }

  @Get(':id/descendants')
  @RequirePermission('org.read')
  @ApiOkResponse({ type: OrgUnitPageDto, description: 'The subtree below the unit' })
  descendants(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Query() query: OrgUnitQueryDto,
  ): Promise<Page<OrgUnitDto>> {
    return this.units.descendants(ctx, id, query);
  }

  @Get(':id/ancestors')
  @RequirePermission('org.read')
  @ApiOkResponse({ type: [OrgUnitDto], description: 'From the root down to the parent' })
  ancestors(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<OrgUnitDto[]> {
    return this.units.ancestors(ctx, id);
  }

  @Patch(':id')
  @RequirePermission('org.write')
  @ApiOkResponse({ type: OrgUnitDto })
  update(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: UpdateOrgUnitDto): Promise<OrgUnitDto> {
    return this.units.update(ctx, id, dto);
  }

  @Post(':id/move')
  @HttpCode(200)
  @RequirePermission('org.write')
  @ApiOkResponse({ type: OrgUnitDto })
  move(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: MoveOrgUnitDto): Promise<OrgUnitDto> {
    return this.units.move(ctx, id, dto.parentId);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('org.write')
  @ApiNoContentResponse()
  remove(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<void> {
    return this.units.remove(ctx, id);
  }
}
