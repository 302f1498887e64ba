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
  Patch,
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
import { REGISTRATION_APPLY, REGISTRATION_READ, REGISTRATION_REVIEW } from '../constants';
import {
  ApplyRegistrationDto,
  ListRegistrationsQueryDto,
  RefuseRegistrationDto,
  RegistrationHistoryView,
  RegistrationNoteDto,
  RegistrationPageView,
  RegistrationProfileDto,
  RegistrationView,
  TransferRegistrationDto,
} from './registrations.dto';
import { registrationExport, RegistrationExportQueryDto } from './registration-export';
import { RegistrationsService } from './registrations.service';

/** 在职党员报到 under /api/v1/plugins/dual-report/registrations (`mine` and `transfer` before `:id`). */
@ApiTags('dual-report')
@Controller('registrations')
export class RegistrationsController {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly tongxin: Tongxin,
  ) {}

  @Post()
  @RequirePermission(REGISTRATION_APPLY)
  @ApiOperation({ summary: '报到: an in-service member applies to the community where they live' })
  @ApiCreatedResponse({ type: RegistrationView })
  @ApiConflict('DUAL_REPORT_ALREADY_REGISTERED')
  apply(@Ctx() ctx: PluginRequestContext, @Body() dto: ApplyRegistrationDto) {
    return this.registrations.apply(ctx, dto);
  }

  @Get('mine')
  @RequirePermission(REGISTRATION_APPLY)
  @ApiOperation({ summary: 'Your registrations: the current one and the history' })
  @ApiOkResponse({ type: RegistrationHistoryView })
  mine(@Ctx() ctx: PluginRequestContext, @Query() query: PageQueryDto) {
    return this.registrations.mine(ctx, query);
  }

  @Post('transfer')
  @RequirePermission(REGISTRATION_APPLY)
  @ApiOperation({ summary: 'Moving house: ask the new community to take over your approved registration' })
  @ApiCreatedResponse({ type: RegistrationView })
  @ApiConflict('DUAL_REPORT_NOT_REGISTERED', 'DUAL_REPORT_TRANSFER_SAME_COMMUNITY', 'DUAL_REPORT_ALREADY_REGISTERED')
  transfer(@Ctx() ctx: PluginRequestContext, @Body() dto: TransferRegistrationDto) {
    return this.registrations.transfer(ctx, dto);
  }

  @Get()
  @RequirePermission(REGISTRATION_READ)
  @ApiOperation({ summary: 'Registrations in your scope (a community: its own members), newest first' })
  @ApiOkResponse({ type: RegistrationPageView })
  list(@Ctx() ctx: PluginRequestContext, @Query() query: ListRegistrationsQueryDto) {
    return this.registrations.list(ctx, query);
  }

  @Get('export')
  @RequirePermission(REGISTRATION_READ)
  @ApiExport('Registrations in your scope, as a CSV or XLSX file')
  export(@Ctx() ctx: PluginRequestContext, @Query() query: RegistrationExportQueryDto, @Res() res: HttpResponse) {
    return this.tongxin.exportList(ctx, res, registrationExport(ctx, this.registrations, query));
  }

  @Get(':id')
  @RequirePermission(REGISTRATION_READ, REGISTRATION_APPLY)
  @ApiOperation({ summary: 'One registration: your own, or one in your scope' })
  @ApiOkResponse({ type: RegistrationView })
  get(@Ctx() ctx: PluginRequestContext, @Param('id') id: string) {
    return this.registrations.get(ctx, id);
  }

  @Patch(':id')
  @RequirePermission(REGISTRATION_APPLY)
  @ApiOperation({ summary: 'Edit your skills, service days and note while pending or approved' })
  @ApiOkResponse({ type: RegistrationView })
  @ApiConflict('DUAL_REPORT_REGISTRATION_CLOSED')
  update(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: RegistrationProfileDto) {
    return this.registrations.update(ctx, id, dto);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @RequirePermission(REGISTRATION_APPLY)
  @ApiOperation({ summary: 'Withdraw your pending application (a withdrawn move keeps the old registration)' })
  @ApiOkResponse({ type: RegistrationView })
  @ApiConflict('DUAL_REPORT_REGISTRATION_NOT_PENDING')
  withdraw(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: RegistrationNoteDto) {
    return this.registrations.withdraw(ctx, id, dto);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @RequirePermission(REGISTRATION_REVIEW)
  @ApiOperation({ summary: 'The community approves a pending registration (completing a move)' })
  @ApiOkResponse({ type: RegistrationView })
  @ApiConflict('DUAL_REPORT_REGISTRATION_NOT_PENDING', 'DUAL_REPORT_ALREADY_REGISTERED')
  approve(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: RegistrationNoteDto) {
    return this.registrations.approve(ctx, id, dto);
  }

  @Post(':id/refuse')
  @HttpCode(200)
  @RequirePermission(REGISTRATION_REVIEW)
  @ApiOperation({ summary: 'The community refuses a pending registration, with a reason' })
  @ApiOkResponse({ type: RegistrationView })
  @ApiConflict('DUAL_REPORT_REGISTRATION_NOT_PENDING')
  refuse(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: RefuseRegistrationDto) {
    return this.registrations.refuse(ctx, id, dto);
  }
}
