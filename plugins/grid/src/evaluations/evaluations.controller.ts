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
  Param,
  Post,
  Query,
  RequirePermission,
  type PluginRequestContext,
} from '@tongxin/plugin-sdk';
import { CALL_RAISE, CASE_DISPATCH, CASE_READ, CASE_REPORT } from '../constants';
import {
  EvaluateDto,
  EvaluationPageView,
  EvaluationSummaryQueryDto,
  EvaluationSummaryView,
  EvaluationView,
  ListEvaluationsQueryDto,
  SatisfactionDto,
  SatisfactionView,
} from './evaluations.dto';
import { EvaluationsService } from './evaluations.service';

/**
 * 谁呼谁评、谁应评谁 under /api/v1/plugins/grid/: `cases/:id/evaluation` and
 * `cases/:id/satisfaction` beside the case routes, `calls/:id/responses/:partnerId/evaluation`
 * beside the call routes, and the lists under `evaluations`.
 */
@ApiTags('grid')
@Controller()
export class EvaluationsController {
  constructor(private readonly evaluations: EvaluationsService) {}

  @Post('cases/:id/evaluation')
  @RequirePermission(CASE_DISPATCH)
  @ApiOperation({ summary: '一事一评: whoever dispatched a closed case rates its handler, once' })
  @ApiCreatedResponse({ type: EvaluationView })
  @ApiConflict('GRID_EVALUATION_CASE_NOT_CLOSED', 'GRID_ALREADY_EVALUATED')
  evaluateCase(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: EvaluateDto) {
    return this.evaluations.evaluateCase(ctx, id, dto);
  }

  @Post('cases/:id/satisfaction')
  @HttpCode(200)
  @RequirePermission(CASE_REPORT)
  @ApiOperation({ summary: '回访: record the resident’s satisfaction with a closed case, once' })
  @ApiOkResponse({ type: SatisfactionView })
  @ApiConflict('GRID_EVALUATION_CASE_NOT_CLOSED', 'GRID_SATISFACTION_RECORDED')
  satisfaction(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: SatisfactionDto) {
    return this.evaluations.recordSatisfaction(ctx, id, dto);
  }

  @Post('calls/:id/responses/:partnerId/evaluation')
  @RequirePermission(CALL_RAISE)
  @ApiOperation({ summary: '谁呼谁评: the calling unit rates a department that reported in, once' })
  @ApiCreatedResponse({ type: EvaluationView })
  @ApiConflict('GRID_EVALUATION_NOT_REPORTED', 'GRID_ALREADY_EVALUATED')
  evaluateResponse(
    @Ctx() ctx: PluginRequestContext,
    @Param('id') id: string,
    @Param('partnerId') partnerId: string,
    @Body() dto: EvaluateDto,
  ) {
    return this.evaluations.evaluateResponse(ctx, id, partnerId, dto);
  }

  @Get('evaluations')
  @RequirePermission(CASE_READ)
  @ApiOperation({ summary: 'Evaluations of cases and calls in your scope, newest first' })
  @ApiOkResponse({ type: EvaluationPageView })
  list(@Ctx() ctx: PluginRequestContext, @Query() query: ListEvaluationsQueryDto) {
    return this.evaluations.list(ctx, query);
  }

  @Get('evaluations/summary')
  @RequirePermission(CASE_READ)
  @ApiOperation({ summary: 'Average score and count per rated unit or department (year-end assessment)' })
  @ApiOkResponse({ type: EvaluationSummaryView })
  summary(@Ctx() ctx: PluginRequestContext, @Query() query: EvaluationSummaryQueryDto) {
    return this.evaluations.summary(ctx, query);
  }
}
