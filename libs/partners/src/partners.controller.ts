import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Ctx, RequirePermission, type RequestContext } from '@tongxin/context';
import type { Page } from '@tongxin/http';
import {
  CreatePartnerBodyDto,
  PartnerBodyDto,
  PartnerBodyPageDto,
  PartnerBodyQueryDto,
  PartnerTypeDto,
  UpdatePartnerBodyDto,
} from './partner-body.dto';
import { PartnerBodyService } from './partner-body.service';

@ApiTags('partner-bodies')
@Controller('api/v1')
export class PartnersController {
  constructor(private readonly partners: PartnerBodyService) {}

  @Get('partner-types')
  @RequirePermission('partner.read')
  @ApiOkResponse({ type: [PartnerTypeDto] })
  types(@Ctx() ctx: RequestContext): PartnerTypeDto[] {
    return this.partners.listTypes(ctx);
  }

  @Get('partner-bodies')
  @RequirePermission('partner.read')
  @ApiOkResponse({ type: PartnerBodyPageDto })
  list(@Ctx() ctx: RequestContext, @Query() query: PartnerBodyQueryDto): Promise<Page<PartnerBodyDto>> {
    return this.partners.list(ctx, query);
  }

  @Post('partner-bodies')
  @RequirePermission('partner.write')
  @ApiCreatedResponse({ type: PartnerBodyDto })
  create(@Ctx() ctx: RequestContext, @Body() dto: CreatePartnerBodyDto): Promise<PartnerBodyDto> {
    return this.partners.create(ctx, dto);
  }

  @Get('partner-bodies/:id')
  @RequirePermission('partner.read')
  @ApiOkResponse({ type: PartnerBodyDto })
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<PartnerBodyDto> {
    return this.partners.get(ctx, id);
  }

  @Patch('partner-bodies/:id')
  @RequirePermission('partner.write')
  @ApiOkResponse({ type: PartnerBodyDto })
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
  remove(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<void> {
    return this.partners.remove(ctx, id);
  }
}
