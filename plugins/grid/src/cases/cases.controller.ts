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
  PageQueryDto,
} from '@tongxin/plugin-sdk';
import { CASE_DISPATCH, CASE_HANDLE, CASE_READ, CASE_REPORT, CASE_SUPERVISE, CASE_VERIFY } from '../constants';
import {
  CaseHistoryView,
  CaseNoteDto,
  CasePageView,
  CaseReasonDto,
  CaseReplyNoteDto,
  ReferCaseDto,
  CaseReplyReasonDto,
  CaseView,
  CreateCaseDto,
  DepartmentListView,
  DispatchCaseDto,
  ListCasesQueryDto,
  ListSupervisionsQueryDto,
  PhotoView,
  UploadPhotoDto,
  SupervisionPageView,
  SupervisionView,
} from './cases.dto';
import { caseExport, CaseExportQueryDto } from './case-export';
import { CasesService } from './cases.service';
import { PhotosService } from './photos.service';

/**
 * The closed loop under /api/v1/plugins/grid/cases: one route per transition of
 * case-workflow.ts, each answering the case as the caller now sees it (with `allowedActions`).
 */
@ApiTags('grid')
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly photos: PhotosService,
    private readonly tongxin: Tongxin,
  ) {}

  @Post()
  @RequirePermission(CASE_REPORT)
  @ApiOperation({ summary: 'File a case (问题采集 and 上报 unless `draft`)' })
  @ApiCreatedResponse({ type: CaseView })
  create(@Ctx() ctx: PluginRequestContext, @Body() dto: CreateCaseDto) {
    return this.cases.create(ctx, dto);
  }

  @Get()
  @RequirePermission(CASE_READ, CASE_HANDLE)
  @ApiOperation({
    summary: 'Cases in your scope, newest first; a department’s staff see the cases dispatched to it',
  })
  @ApiOkResponse({ type: CasePageView })
  list(@Ctx() ctx: PluginRequestContext, @Query() query: ListCasesQueryDto) {
    return this.cases.list(ctx, query);
  }

  @Get('export')
  @RequirePermission(CASE_READ, CASE_HANDLE)
  @ApiExport('The cases of the list, with its filters, as a CSV or XLSX file')
  export(@Ctx() ctx: PluginRequestContext, @Query() query: CaseExportQueryDto, @Res() res: HttpResponse) {
    return this.tongxin.exportList(ctx, res, caseExport(ctx, this.tongxin, this.cases, query));
  }

  @Get(':id')
  @RequirePermission(CASE_READ, CASE_HANDLE)
  @ApiOperation({ summary: 'One case, with the transitions you may fire' })
  @ApiOkResponse({ type: CaseView })
  get(@Ctx() ctx: PluginRequestContext, @Param('id') id: string) {
    return this.cases.get(ctx, id);
  }

  @Get(':id/history')
  @RequirePermission(CASE_READ, CASE_HANDLE)
  @ApiOperation({ summary: 'Every transition of the case, oldest first' })
  @ApiOkResponse({ type: CaseHistoryView })
  history(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Query() query: PageQueryDto) {
    return this.cases.history(ctx, id, query);
  }

  @Post(':id/report')
  @HttpCode(200)
  @RequirePermission(CASE_REPORT)
  @ApiOperation({ summary: '上报: report a collected case' })
  @ApiOkResponse({ type: CaseView })
  @ApiConflict('GRID_CASE_TRANSITION_NOT_ALLOWED')
  report(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: CaseNoteDto) {
    return this.cases.transition(ctx, id, 'report', dto);
  }

  @Post(':id/dispatch')
  @HttpCode(200)
  @RequirePermission(CASE_DISPATCH)
  @ApiOperation({ summary: '分类派单: dispatch to a unit or department, with a deadline' })
  @ApiOkResponse({ type: CaseView })
  @ApiConflict('GRID_CASE_TRANSITION_NOT_ALLOWED', 'GRID_CASE_DEPARTMENT_FROM_GRID')
  dispatch(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: DispatchCaseDto) {
    return this.cases.transition(ctx, id, 'dispatch', dto);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @RequirePermission(CASE_HANDLE)
  @ApiOperation({ summary: '签收: the handler accepts the dispatch' })
  @ApiOkResponse({ type: CaseView })
  @ApiConflict('GRID_CASE_TRANSITION_NOT_ALLOWED')
  accept(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: CaseReplyNoteDto) {
    return this.cases.transition(ctx, id, 'accept', dto);
  }

  @Post(':id/return')
  @HttpCode(200)
  @RequirePermission(CASE_HANDLE)
  @ApiOperation({ summary: '退回: the handler returns it to the dispatcher, with a reason' })
  @ApiOkResponse({ type: CaseView })
  @ApiConflict('GRID_CASE_TRANSITION_NOT_ALLOWED')
  return(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: CaseReasonDto) {
    return this.cases.transition(ctx, id, 'return', dto);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @RequirePermission(CASE_HANDLE)
  @ApiOperation({ summary: '处置落实: the handler reports what was done' })
  @ApiOkResponse({ type: CaseView })
  @ApiConflict('GRID_CASE_TRANSITION_NOT_ALLOWED')
  resolve(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: CaseReplyReasonDto) {
    return this.cases.transition(ctx, id, 'resolve', dto);
  }

  @Post(':id/verify')
  @HttpCode(200)
  @RequirePermission(CASE_VERIFY)
  @ApiOperation({ summary: '核实结项: someone other than the handler verifies and closes' })
  @ApiOkResponse({ type: CaseView })
  @ApiConflict('GRID_CASE_TRANSITION_NOT_ALLOWED')
  verify(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: CaseReplyNoteDto) {
    return this.cases.transition(ctx, id, 'verify', dto);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @RequirePermission(CASE_VERIFY)
  @ApiOperation({ summary: 'Verification failed: back to the handler, with a reason' })
  @ApiOkResponse({ type: CaseView })
  @ApiConflict('GRID_CASE_TRANSITION_NOT_ALLOWED')
  reject(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: CaseReasonDto) {
    return this.cases.transition(ctx, id, 'reject', dto);
  }

  @Post(':id/escalate')
  @HttpCode(200)
  @RequirePermission(CASE_DISPATCH)
  @ApiOperation({ summary: 'Send it exactly one level up (grid → community → street → district)' })
  @ApiOkResponse({ type: CaseView })
  @ApiConflict('GRID_CASE_TRANSITION_NOT_ALLOWED', 'GRID_CASE_AT_TOP_LEVEL')
  escalate(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: CaseReplyReasonDto) {
    return this.cases.transition(ctx, id, 'escalate', dto);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission(CASE_DISPATCH)
  @ApiOperation({ summary: 'Cancel, with a reason' })
  @ApiOkResponse({ type: CaseView })
  @ApiConflict('GRID_CASE_TRANSITION_NOT_ALLOWED')
  cancel(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: CaseReplyReasonDto) {
    return this.cases.transition(ctx, id, 'cancel', dto);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @RequirePermission(CASE_VERIFY)
  @ApiOperation({ summary: 'Reopen a closed case (within the reopen window), with a reason' })
  @ApiOkResponse({ type: CaseView })
  @ApiConflict('GRID_CASE_TRANSITION_NOT_ALLOWED', 'GRID_CASE_REOPEN_WINDOW_PASSED')
  reopen(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: CaseReplyReasonDto) {
    return this.cases.transition(ctx, id, 'reopen', dto);
  }

  @Post(':id/refer')
  @HttpCode(200)
  @RequirePermission(CASE_DISPATCH)
  @ApiOperation({
    summary: 'Refer it to another practice (按责转办): a mediation room, a property company, a legal adviser',
  })
  @ApiOkResponse({ type: CaseView })
  @ApiConflict('GRID_CASE_TRANSITION_NOT_ALLOWED', 'REFERRAL_TARGET_DISABLED', 'REFERRAL_ALREADY_OPEN')
  refer(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: ReferCaseDto) {
    return this.cases.transition(ctx, id, 'refer', dto);
  }

  @Post(':id/close')
  @HttpCode(200)
  @RequirePermission(CASE_DISPATCH)
  @ApiOperation({ summary: 'Close a referred case once the practice it went to reported its outcome' })
  @ApiOkResponse({ type: CaseView })
  @ApiConflict('GRID_CASE_TRANSITION_NOT_ALLOWED', 'GRID_CASE_REFERRAL_NOT_RESOLVED')
  close(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: CaseReplyNoteDto) {
    return this.cases.transition(ctx, id, 'close', dto);
  }

  @Post(':id/photos')
  @RequirePermission(CASE_REPORT, CASE_HANDLE)
  @ApiOperation({
    summary: 'Add a photo (JPEG, PNG or WebP, base64): what was found, or by the handler what was done',
  })
  @ApiCreatedResponse({ type: PhotoView })
  @ApiConflict('GRID_PHOTO_LIMIT')
  uploadPhoto(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: UploadPhotoDto) {
    return this.photos.upload(ctx, id, dto);
  }

  @Get(':id/photos/:photoId')
  @RequirePermission(CASE_READ, CASE_HANDLE)
  @ApiOperation({ summary: 'A photo of the case, as the image itself' })
  @ApiOkResponse({ description: 'The image', content: { 'image/*': { schema: { type: 'string', format: 'binary' } } } })
  photo(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Param('photoId') photoId: string) {
    return this.photos.download(ctx, id, photoId);
  }

  @Post(':id/supervisions')
  @RequirePermission(CASE_SUPERVISE)
  @ApiOperation({ summary: '督办: press a case by hand' })
  @ApiCreatedResponse({ type: SupervisionView })
  @ApiConflict('GRID_CASE_TRANSITION_NOT_ALLOWED')
  supervise(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: CaseReasonDto) {
    return this.cases.supervise(ctx, id, dto);
  }
}

/** What a dispatcher picks from: the departments serving where they dispatch (shared/departments.ts). */
@ApiTags('grid')
@Controller('departments')
export class DepartmentsController {
  constructor(private readonly cases: CasesService) {}

  @Get()
  @RequirePermission(CASE_DISPATCH)
  @ApiOperation({
    summary: 'Departments cases and calls can be dispatched to',
    description:
      'District-wide departments, and those a street or community set up for its own subtree, where the caller dispatches',
  })
  @ApiOkResponse({ type: DepartmentListView })
  list(@Ctx() ctx: PluginRequestContext, @Query() query: PageQueryDto) {
    return this.cases.departments(ctx, query);
  }
}

/** 督办 records, under /api/v1/plugins/grid/supervisions. */
@ApiTags('grid')
@Controller('supervisions')
export class SupervisionsController {
  constructor(private readonly cases: CasesService) {}

  @Get()
  @RequirePermission(CASE_READ)
  @ApiOperation({ summary: '督办 records of cases in your scope, newest first' })
  @ApiOkResponse({ type: SupervisionPageView })
  list(@Ctx() ctx: PluginRequestContext, @Query() query: ListSupervisionsQueryDto) {
    return this.cases.supervisions(ctx, query);
  }
}
