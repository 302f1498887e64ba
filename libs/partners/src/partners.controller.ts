import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { Ctx, RequirePermission, type RequestContext } from '@tongxin/context';
import { TenantTransaction } from '@tongxin/database';
import { ApiExport, ListExporter } from '@tongxin/exports';
import { ApiConflict, PageQueryDto, type Page } from '@tongxin/http';
import {
  CreatePartnerBodyDto,
  PartnerBodyDto,
  PartnerBodyPageDto,
  PartnerBodyQueryDto,
  PartnerTypeDto,
  PartnerTypePageDto,
  UpdatePartnerBodyDto,
} from './partner-body.dto';
import { partnerBodyExport, PartnerBodyExportQueryDto } from './partner-body-export';
import { PartnerBodyService } from './partner-body.service';

@ApiTags('partner-bodies')
@Controller('api/v1')
export class PartnersController {
  constructor(
    private readonly partners: PartnerBodyService,
    private readonly exporter: ListExporter,
    private readonly tx: TenantTransaction,
  ) {}

  @Get('partner-types')
  @RequirePermission('partner.read')
  @ApiOkResponse({ type: PartnerTypePageDto })
  @ApiOperation({ summary: 'The kinds of partner body (机关、企事业单位、社会组织…)' })
  types(@Ctx() ctx: RequestContext, @Query() query: PageQueryDto): Page<PartnerTypeDto> {
    return this.partners.listTypes(ctx, query);
  }

  @Get('partner-bodies')
  @RequirePermission('partner.read')
  @ApiOkResponse({ type: PartnerBodyPageDto })
  @ApiOperation({ summary: 'Partner bodies in the caller’s scope' })
  list(@Ctx() ctx: RequestContext, @Query() query: PartnerBodyQueryDto): Promise<Page<PartnerBodyDto>> {
    return this.partners.list(ctx, query);
  }

  @Get('partner-bodies/export')
  @RequirePermission('partner.read')
  @ApiExport('Partner bodies in the caller’s scope, as a CSV or XLSX file')
  export(@Ctx() ctx: RequestContext, @Query() query: PartnerBodyExportQueryDto, @Res() res: Response): Promise<void> {
    return this.exporter.send(ctx, res, partnerBodyExport(ctx, this.partners, this.tx, query));
  }

  @Post('partner-bodies')
  @RequirePermission('partner.write')
  @ApiCreatedResponse({ type: PartnerBodyDto })
  @ApiOperation({ summary: 'Register a partner body' })
  create(@Ctx() ctx: RequestContext, @Body() dto: CreatePartnerBodyDto): Promise<PartnerBodyDto> {
    return this.partners.create(ctx, dto);
  }

  @Get('partner-bodies/:id')
  @RequirePermission('partner.read')
  @ApiOkResponse({ type: PartnerBodyDto })
  @ApiOperation({ summary: 'One partner body' })
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<PartnerBodyDto> {
    return this.partners.get(ctx, id);
  }

  @Patch('partner-bodies/:id')
  @RequirePermission('partner.write')
  @ApiOkResponse({ type: PartnerBodyDto })
  @ApiOperation({ summary: 'Change a partner body' })
  update(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() dto: UpdatePartnerBodyDto,
  ): Promise<PartnerBodyDto> {
    return this.partners.update(ctx, id, dto);
  }

  @Delete('partner-bodies/:id')
  @HttpCode(204)
  @RequirePermission('partner.write')
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Delete a partner body nobody belongs to' })
  @ApiConflict('UNIT_HAS_MEMBERS')
  remove(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<void> {
    return this.partners.remove(ctx, id);
  }
}
