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
  HttpCode,
  PageQueryDto,
  Param,
  Patch,
  Post,
  Query,
  RequirePermission,
  Res,
  ApiExport,
  Tongxin,
  type HttpResponse,
  type PluginRequestContext,
} from '@tongxin/plugin-sdk';
import { PAIRING_MANAGE, PAIRING_READ, UNIT_REPORT } from '../constants';
import {
  CreatePairingDto,
  ListPairingsQueryDto,
  PairingDetailView,
  PairingNoteDto,
  PairingPageView,
  UnpairedUnitsView,
  UpdatePairingDto,
} from './pairings.dto';
import { pairingExport, PairingExportQueryDto } from './pairing-export';
import { PairingsService } from './pairings.service';

/** 结对共建 under /api/v1/plugins/dual-report/pairings (`unpaired-units` and `mine` before `:id`). */
@ApiTags('dual-report')
@Controller('pairings')
export class PairingsController {
  constructor(
    private readonly pairings: PairingsService,
    private readonly tongxin: Tongxin,
  ) {}

  @Post()
  @RequirePermission(PAIRING_MANAGE)
  @ApiOperation({ summary: '结对: pair a unit with a community under a co-building agreement (共驻共建协议)' })
  @ApiCreatedResponse({ type: PairingDetailView })
  @ApiConflict('DUAL_REPORT_ALREADY_PAIRED')
  create(@Ctx() ctx: PluginRequestContext, @Body() dto: CreatePairingDto) {
    return this.pairings.create(ctx, dto);
  }

  @Get()
  @RequirePermission(PAIRING_READ)
  @ApiOperation({ summary: 'Pairings of the communities in your scope, newest first' })
  @ApiOkResponse({ type: PairingPageView })
  list(@Ctx() ctx: PluginRequestContext, @Query() query: ListPairingsQueryDto) {
    return this.pairings.list(ctx, query);
  }

  @Get('export')
  @RequirePermission(PAIRING_READ)
  @ApiExport('Pairings of the communities in your scope, as a CSV or XLSX file')
  export(@Ctx() ctx: PluginRequestContext, @Query() query: PairingExportQueryDto, @Res() res: HttpResponse) {
    return this.tongxin.exportList(ctx, res, pairingExport(ctx, this.pairings, query));
  }

  @Get('unpaired-units')
  @RequirePermission(PAIRING_READ)
  @ApiOperation({ summary: 'Units with no community (district-wide readers only)' })
  @ApiOkResponse({ type: UnpairedUnitsView })
  unpairedUnits(@Ctx() ctx: PluginRequestContext, @Query() query: PageQueryDto) {
    return this.pairings.unpairedUnits(ctx, query);
  }

  @Get('mine')
  @RequirePermission(UNIT_REPORT)
  @ApiOperation({ summary: 'Your unit’s active pairings (unit liaisons)' })
  @ApiOkResponse({ type: PairingPageView })
  mine(@Ctx() ctx: PluginRequestContext, @Query() query: PageQueryDto) {
    return this.pairings.mine(ctx, query);
  }

  @Get(':id')
  @RequirePermission(PAIRING_READ)
  @ApiOperation({ summary: 'One pairing with its agreement lists and the renewal reminder' })
  @ApiOkResponse({ type: PairingDetailView })
  get(@Ctx() ctx: PluginRequestContext, @Param('id') id: string) {
    return this.pairings.get(ctx, id);
  }

  @Patch(':id')
  @RequirePermission(PAIRING_MANAGE)
  @ApiOperation({ summary: 'Renew (a new term end) and add or remove agreement items' })
  @ApiOkResponse({ type: PairingDetailView })
  @ApiConflict('DUAL_REPORT_PAIRING_ENDED', 'DUAL_REPORT_AGREEMENT_ITEM_SCORED')
  update(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: UpdatePairingDto) {
    return this.pairings.update(ctx, id, dto);
  }

  @Post(':id/end')
  @HttpCode(200)
  @RequirePermission(PAIRING_MANAGE)
  @ApiOperation({ summary: 'End the pairing (its renewal reminder is cancelled)' })
  @ApiOkResponse({ type: PairingDetailView })
  @ApiConflict('DUAL_REPORT_PAIRING_ENDED')
  end(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: PairingNoteDto) {
    return this.pairings.end(ctx, id, dto);
  }
}
