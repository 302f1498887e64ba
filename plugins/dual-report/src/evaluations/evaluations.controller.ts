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
  Post,
  Query,
  RequirePermission,
  Res,
  ApiExport,
  Tongxin,
  type HttpResponse,
  type PluginRequestContext,
} from '@tongxin/plugin-sdk';
import { EVALUATION_WRITE, REGISTRATION_READ, UNIT_EVALUATE } from '../constants';
import {
  EvaluateCommunityDto,
  EvaluateMemberDto,
  EvaluateUnitDto,
  EvaluationPageView,
  EvaluationView,
  ListEvaluationsQueryDto,
  YearEndQueryDto,
  YearEndView,
} from './evaluations.dto';
import { evaluationExport, EvaluationExportQueryDto } from './evaluation-export';
import { EvaluationsService } from './evaluations.service';

/** 双向考评 under /api/v1/plugins/dual-report/evaluations. */
@ApiTags('dual-report')
@Controller('evaluations')
export class EvaluationsController {
  constructor(
    private readonly evaluations: EvaluationsService,
    private readonly tongxin: Tongxin,
  ) {}

  @Post('members')
  @RequirePermission(EVALUATION_WRITE)
  @ApiOperation({ summary: 'The community rates a member registered with it that year, once' })
  @ApiCreatedResponse({ type: EvaluationView })
  @ApiConflict('DUAL_REPORT_MEMBER_NOT_REGISTERED', 'DUAL_REPORT_ALREADY_EVALUATED')
  rateMember(@Ctx() ctx: PluginRequestContext, @Body() dto: EvaluateMemberDto) {
    return this.evaluations.rateMember(ctx, dto);
  }

  @Post('units')
  @RequirePermission(EVALUATION_WRITE)
  @ApiOperation({ summary: 'The community rates a paired unit that year against every assessment item, once' })
  @ApiCreatedResponse({ type: EvaluationView })
  @ApiConflict('DUAL_REPORT_NOT_PAIRED', 'DUAL_REPORT_ALREADY_EVALUATED')
  rateUnit(@Ctx() ctx: PluginRequestContext, @Body() dto: EvaluateUnitDto) {
    return this.evaluations.rateUnit(ctx, dto);
  }

  @Post('communities')
  @RequirePermission(UNIT_EVALUATE)
  @ApiOperation({ summary: 'Your unit rates a community it is paired with that year, once' })
  @ApiCreatedResponse({ type: EvaluationView })
  @ApiConflict('DUAL_REPORT_NOT_PAIRED', 'DUAL_REPORT_ALREADY_EVALUATED')
  rateCommunity(@Ctx() ctx: PluginRequestContext, @Body() dto: EvaluateCommunityDto) {
    return this.evaluations.rateCommunity(ctx, dto);
  }

  @Get()
  @RequirePermission(EVALUATION_WRITE, REGISTRATION_READ)
  @ApiOperation({ summary: 'Ratings in your scope, newest first' })
  @ApiOkResponse({ type: EvaluationPageView })
  list(@Ctx() ctx: PluginRequestContext, @Query() query: ListEvaluationsQueryDto) {
    return this.evaluations.list(ctx, query);
  }

  @Get('export')
  @RequirePermission(EVALUATION_WRITE, REGISTRATION_READ)
  @ApiExport('Ratings in your scope, as a CSV or XLSX file')
  export(@Ctx() ctx: PluginRequestContext, @Query() query: EvaluationExportQueryDto, @Res() res: HttpResponse) {
    return this.tongxin.exportList(ctx, res, evaluationExport(ctx, this.evaluations, query));
  }

  @Get('year-end')
  @RequirePermission(EVALUATION_WRITE, REGISTRATION_READ)
  @ApiOperation({ summary: 'Year-end summary of a unit (with its members) or of one member, within your scope' })
  @ApiOkResponse({ type: YearEndView })
  yearEnd(@Ctx() ctx: PluginRequestContext, @Query() query: YearEndQueryDto) {
    return this.evaluations.yearEnd(ctx, query);
  }
}
