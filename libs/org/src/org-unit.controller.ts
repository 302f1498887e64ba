import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Ctx, RequirePermission, type RequestContext } from '@tongxin/context';
import { TenantTransaction } from '@tongxin/database';
import { ApiExport, ListExporter } from '@tongxin/exports';
import { badRequest, type Page, ApiConflict } from '@tongxin/http';
import { charsetOf, CSV_MEDIA_TYPE, readCsv, readXlsx, type Table, XLSX_MEDIA_TYPE } from '@tongxin/spreadsheets';
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
import { orgUnitExport, OrgUnitExportQueryDto } from './org-unit-export';
import { OrgUnitService } from './org-unit.service';

@ApiTags('org-units')
@Controller('api/v1/org-units')
export class OrgUnitController {
  constructor(
    private readonly units: OrgUnitService,
    private readonly importer: OrgImportService,
    private readonly exporter: ListExporter,
    private readonly tx: TenantTransaction,
  ) {}

  @Get()
  @RequirePermission('org.read')
  @ApiOkResponse({ type: OrgUnitPageDto, description: 'Units in the caller’s scope' })
  @ApiOperation({ summary: 'Organisation units in the caller’s scope' })
  list(@Ctx() ctx: RequestContext, @Query() query: OrgUnitQueryDto): Promise<Page<OrgUnitDto>> {
    return this.units.list(ctx, query);
  }

  @Get('export')
  @RequirePermission('org.read')
  @ApiExport('Organisation units in the caller’s scope, as a CSV or XLSX file')
  export(@Ctx() ctx: RequestContext, @Query() query: OrgUnitExportQueryDto, @Res() res: Response): Promise<void> {
    return this.exporter.send(ctx, res, orgUnitExport(ctx, this.units, this.tx, query));
  }

  @Post()
  @RequirePermission('org.write')
  @ApiCreatedResponse({ type: OrgUnitDto })
  @ApiOperation({ summary: 'Create an organisation unit under a parent' })
  @ApiConflict('DUPLICATE', 'LEVEL_TOO_DEEP')
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateOrgUnitDto): Promise<OrgUnitDto> {
    return this.units.create(ctx, dto);
  }

  @Post('import')
  @HttpCode(201)
  @RequirePermission('org.write')
  @ApiCreatedResponse({ type: OrgImportResultDto })
  @ApiOperation({ summary: 'Import units from JSON rows, all or nothing' })
  @ApiConflict('DUPLICATE')
  import(@Ctx() ctx: RequestContext, @Body() dto: OrgImportDto): Promise<OrgImportResultDto> {
    return this.importer.run(ctx, dto.units);
  }

  @Post('import/csv')
  @HttpCode(201)
  @RequirePermission('org.write')
  @ApiOperation({
    summary: 'Import units from a CSV (UTF-8, UTF-16 with BOM, or GBK/GB18030 as Chinese Excel saves it)',
    description:
      'Header `code,name,parent_code,level`. The encoding is detected (a declared `charset` other than UTF-8 is ' +
      'honoured); a file in no supported encoding is refused with 400 `FILE_ENCODING_UNKNOWN`, ' +
      '`FILE_HAS_REPLACEMENT_CHARACTER` or `FILE_NOT_TEXT` and nothing is written.',
  })
  @ApiConsumes(CSV_MEDIA_TYPE)
  @ApiBody({ schema: { type: 'string', example: 'code,name,parent_code,level\nZH-YM,姚孟街道党工委,ZH,2' } })
  @ApiCreatedResponse({ type: OrgImportResultDto })
  @ApiConflict('DUPLICATE')
  importCsv(@Ctx() ctx: RequestContext, @Req() req: Request): Promise<OrgImportResultDto> {
    if (!Buffer.isBuffer(req.body)) throw badRequest('MALFORMED_CSV', { reason: 'Content-Type must be text/csv' });
    return this.importTable(ctx, readCsv(req.body, charsetOf(req.headers['content-type'])));
  }

  @Post('import/xlsx')
  @HttpCode(201)
  @RequirePermission('org.write')
  @ApiOperation({
    summary: 'Import units from an Excel workbook (.xlsx): its first sheet, with the CSV’s header row',
    description: 'Rows are checked as a CSV’s are, with the same per-row problems. An old `.xls` is refused.',
  })
  @ApiConsumes(XLSX_MEDIA_TYPE)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: OrgImportResultDto })
  @ApiConflict('DUPLICATE')
  async importXlsx(@Ctx() ctx: RequestContext, @Req() req: Request): Promise<OrgImportResultDto> {
    if (!Buffer.isBuffer(req.body)) throw badRequest('MALFORMED_XLSX');
    return this.importTable(ctx, await readXlsx(req.body));
  }

  private async importTable(ctx: RequestContext, table: Table): Promise<OrgImportResultDto> {
    const result = await this.importer.run(ctx, this.importer.rowsOf(table));
    return { ...result, encoding: table.encoding };
  }

  @Get(':id')
  @RequirePermission('org.read')
  @ApiOkResponse({ type: OrgUnitDto })
  @ApiOperation({ summary: 'One organisation unit' })
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<OrgUnitDto> {
    return this.units.get(ctx, id);
  }

  @Get(':id/descendants')
  @RequirePermission('org.read')
  @ApiOkResponse({ type: OrgUnitPageDto, description: 'The subtree below the unit' })
  @ApiOperation({ summary: 'The subtree below a unit' })
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
  @ApiOperation({ summary: 'The chain of units from the root down to a unit’s parent' })
  ancestors(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<OrgUnitDto[]> {
    return this.units.ancestors(ctx, id);
  }

  @Patch(':id')
  @RequirePermission('org.write')
  @ApiOkResponse({ type: OrgUnitDto })
  @ApiOperation({ summary: 'Rename a unit or change its code' })
  @ApiConflict('DUPLICATE')
  update(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: UpdateOrgUnitDto): Promise<OrgUnitDto> {
    return this.units.update(ctx, id, dto);
  }

  @Post(':id/move')
  @HttpCode(200)
  @RequirePermission('org.write')
  @ApiOkResponse({ type: OrgUnitDto })
  @ApiOperation({ summary: 'Move a unit, with its subtree, under another parent' })
  @ApiConflict('CANNOT_MOVE_ROOT', 'INVALID_MOVE')
  move(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: MoveOrgUnitDto): Promise<OrgUnitDto> {
    return this.units.move(ctx, id, dto.parentId);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('org.write')
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Delete an empty unit' })
  @ApiConflict('CANNOT_DELETE_ROOT', 'UNIT_HAS_CHILDREN', 'UNIT_HAS_ASSIGNMENTS', 'UNIT_HAS_MEMBERS')
  remove(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<void> {
    return this.units.remove(ctx, id);
  }
}
