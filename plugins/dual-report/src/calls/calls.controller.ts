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
  Res,
  ApiExport,
  Tongxin,
  type HttpResponse,
  type PluginRequestContext,
} from '@tongxin/plugin-sdk';
import { ATTENDANCE_CONFIRM, CALL_POST, CALL_READ, CALL_SIGNUP } from '../constants';
import {
  AttendanceDto,
  CallDetailView,
  CallNoteDto,
  CallPageView,
  CancelCallDto,
  ListCallsQueryDto,
  PostCallDto,
  SignUpDto,
  SignupView,
} from './calls.dto';
import { callExport, CallExportQueryDto } from './call-export';
import { CallsService } from './calls.service';
import { SignupsService } from './signups.service';

/** 社区吹号、支部吹哨 and 机关报到、党员报到 under /api/v1/plugins/dual-report/calls. */
@ApiTags('dual-report')
@Controller('calls')
export class CallsController {
  constructor(
    private readonly calls: CallsService,
    private readonly signups: SignupsService,
    private readonly tongxin: Tongxin,
  ) {}

  @Post()
  @RequirePermission(CALL_POST)
  @ApiOperation({ summary: '吹号: a community or grid branch posts a need or an activity' })
  @ApiCreatedResponse({ type: CallDetailView })
  post(@Ctx() ctx: PluginRequestContext, @Body() dto: PostCallDto) {
    return this.calls.post(ctx, dto);
  }

  @Get()
  @RequirePermission(CALL_READ)
  @ApiOperation({
    summary: 'Calls you may see, newest first',
    description:
      'Staff: calls in their scope. A member: open calls of the community they reported to, and calls they signed up to. A unit liaison: open calls of the communities their unit is paired with, and calls their unit signed up to.',
  })
  @ApiOkResponse({ type: CallPageView })
  list(@Ctx() ctx: PluginRequestContext, @Query() query: ListCallsQueryDto) {
    return this.calls.list(ctx, query);
  }

  @Get('export')
  @RequirePermission(CALL_READ)
  @ApiExport('Calls you may see, as a CSV or XLSX file')
  export(@Ctx() ctx: PluginRequestContext, @Query() query: CallExportQueryDto, @Res() res: HttpResponse) {
    return this.tongxin.exportList(ctx, res, callExport(ctx, this.calls, query));
  }

  @Get(':id')
  @RequirePermission(CALL_READ)
  @ApiOperation({ summary: 'One call, with places left and the sign-ups you may see' })
  @ApiOkResponse({ type: CallDetailView })
  get(@Ctx() ctx: PluginRequestContext, @Param('id') id: string) {
    return this.calls.get(ctx, id);
  }

  @Post(':id/close')
  @HttpCode(200)
  @RequirePermission(CALL_POST)
  @ApiOperation({ summary: 'Close the call to sign-ups (attendance can still be confirmed)' })
  @ApiOkResponse({ type: CallDetailView })
  @ApiConflict('DUAL_REPORT_CALL_CLOSED')
  close(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: CallNoteDto) {
    return this.calls.close(ctx, id, dto);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission(CALL_POST)
  @ApiOperation({ summary: 'Call it off (before any attendance is confirmed); sign-ups are cancelled' })
  @ApiOkResponse({ type: CallDetailView })
  @ApiConflict('DUAL_REPORT_CALL_CLOSED', 'DUAL_REPORT_CALL_HAS_ATTENDANCE')
  cancel(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: CancelCallDto) {
    return this.calls.cancel(ctx, id, dto);
  }

  @Post(':id/signups')
  @RequirePermission(CALL_SIGNUP)
  @ApiOperation({ summary: '报到: sign yourself up, or (a unit liaison, asUnit) your unit' })
  @ApiCreatedResponse({ type: SignupView })
  @ApiConflict('DUAL_REPORT_CALL_CLOSED', 'DUAL_REPORT_ALREADY_SIGNED_UP', 'DUAL_REPORT_CALL_FULL')
  signUp(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: SignUpDto) {
    return this.signups.signUp(ctx, id, dto);
  }

  @Post(':id/signups/:signupId/cancel')
  @HttpCode(200)
  @RequirePermission(CALL_SIGNUP)
  @ApiOperation({ summary: 'Withdraw your (or your unit’s) sign-up before the call starts' })
  @ApiOkResponse({ type: SignupView })
  @ApiConflict('DUAL_REPORT_NOT_SIGNED_UP', 'DUAL_REPORT_CALL_STARTED')
  cancelSignup(
    @Ctx() ctx: PluginRequestContext,
    @Param('id') id: string,
    @Param('signupId') signupId: string,
    @Body() dto: CallNoteDto,
  ) {
    return this.signups.cancel(ctx, id, signupId, dto);
  }

  @Post(':id/attendance')
  @HttpCode(200)
  @RequirePermission(ATTENDANCE_CONFIRM)
  @ApiOperation({ summary: 'Confirm who came, the hours served and what was done (办实事); all or nothing' })
  @ApiOkResponse({ type: CallDetailView })
  @ApiConflict(
    'DUAL_REPORT_CALL_CLOSED',
    'DUAL_REPORT_CALL_NOT_STARTED',
    'DUAL_REPORT_NOT_SIGNED_UP',
    'DUAL_REPORT_ALREADY_CONFIRMED',
    'DUAL_REPORT_NOT_REGISTERED_HERE',
    'DUAL_REPORT_UNIT_NOT_PAIRED',
  )
  confirmAttendance(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: AttendanceDto) {
    return this.signups.confirmAttendance(ctx, id, dto);
  }
}
