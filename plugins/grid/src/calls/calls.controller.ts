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
import { CALL_RAISE, CALL_READ, CALL_RESPOND } from '../constants';
import {
  AssignedCallsQueryDto,
  CallNoteDto,
  CallPageView,
  CallView,
  ListCallsQueryDto,
  RaiseCallDto,
} from './calls.dto';
import { CallsService } from './calls.service';

/** 三级呼叫 under /api/v1/plugins/grid/calls (`assigned` before `:id`, so it is not taken for an id). */
@ApiTags('grid')
@Controller('calls')
export class CallsController {
  constructor(private readonly calls: CallsService) {}

  @Post()
  @RequirePermission(CALL_RAISE)
  @ApiOperation({ summary: '吹哨: a street or community calls departments, who must report in by the limit' })
  @ApiCreatedResponse({ type: CallView })
  raise(@Ctx() ctx: PluginRequestContext, @Body() dto: RaiseCallDto) {
    return this.calls.raise(ctx, dto);
  }

  @Get()
  @RequirePermission(CALL_READ)
  @ApiOperation({ summary: 'Calls raised in your scope, newest first' })
  @ApiOkResponse({ type: CallPageView })
  list(@Ctx() ctx: PluginRequestContext, @Query() query: ListCallsQueryDto) {
    return this.calls.list(ctx, query);
  }

  @Get('assigned')
  @RequirePermission(CALL_RESPOND)
  @ApiOperation({ summary: 'Calls addressed to your department, newest first' })
  @ApiOkResponse({ type: CallPageView })
  assigned(@Ctx() ctx: PluginRequestContext, @Query() query: AssignedCallsQueryDto) {
    return this.calls.assigned(ctx, query);
  }

  @Get('assigned/:id')
  @RequirePermission(CALL_RESPOND)
  @ApiOperation({ summary: 'One call addressed to your department' })
  @ApiOkResponse({ type: CallView })
  getAssigned(@Ctx() ctx: PluginRequestContext, @Param('id') id: string) {
    return this.calls.getAssigned(ctx, id);
  }

  @Get(':id')
  @RequirePermission(CALL_READ)
  @ApiOperation({ summary: 'One call, with each department’s report-in' })
  @ApiOkResponse({ type: CallView })
  get(@Ctx() ctx: PluginRequestContext, @Param('id') id: string) {
    return this.calls.get(ctx, id);
  }

  @Post(':id/report-in')
  @HttpCode(200)
  @RequirePermission(CALL_RESPOND)
  @ApiOperation({ summary: '报到: your department reports in (late after the limit)' })
  @ApiOkResponse({ type: CallView })
  @ApiConflict('GRID_CALL_CLOSED', 'GRID_CALL_ALREADY_REPORTED')
  reportIn(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: CallNoteDto) {
    return this.calls.reportIn(ctx, id, dto);
  }

  @Post(':id/close')
  @HttpCode(200)
  @RequirePermission(CALL_RAISE)
  @ApiOperation({ summary: 'Close the call (the calling unit)' })
  @ApiOkResponse({ type: CallView })
  @ApiConflict('GRID_CALL_CLOSED')
  close(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: CallNoteDto) {
    return this.calls.close(ctx, id, dto);
  }
}
