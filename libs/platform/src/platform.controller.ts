import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiOperation,
} from '@nestjs/swagger';
import type { Request } from 'express';
import {
  PlatformAuditEventDto,
  PlatformAuditEventPageDto,
  PlatformAuditQueryDto,
  PlatformAuditQueryService,
} from '@tongxin/audit';
import { PlatformOperatorOnly, Public, type OperatorContext } from '@tongxin/context';
import { ApiConflict, ApiErrorDto, clientAddress, NoStoreInterceptor, PageQueryDto, type Page } from '@tongxin/http';
import { OperatorAuthService } from './operator-auth.service';
import {
  OperatorLoginDto,
  OperatorTokenDto,
  ProvisionedTenantDto,
  ProvisionTenantDto,
  TenantDto,
  TenantPageDto,
} from './platform.dto';
import { TenantProvisioningService } from './tenant-provisioning.service';

type OperatorRequest = Request & { operator: OperatorContext };

@ApiTags('platform')
@Controller('api/v1/platform')
export class PlatformController {
  constructor(
    private readonly auth: OperatorAuthService,
    private readonly tenants: TenantProvisioningService,
    private readonly audit: PlatformAuditQueryService,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  @Public()
  @UseInterceptors(NoStoreInterceptor)
  @ApiOkResponse({ type: OperatorTokenDto })
  @ApiTooManyRequestsResponse({ type: ApiErrorDto, description: '`LOGIN_THROTTLED`; see `Retry-After`' })
  @ApiServiceUnavailableResponse({ type: ApiErrorDto, description: '`AUTH_BUSY`; see `Retry-After`' })
  @ApiOperation({ summary: 'Log in as a platform operator' })
  login(@Body() dto: OperatorLoginDto, @Req() req: Request): Promise<OperatorTokenDto> {
    return this.auth.login(dto.username, dto.password, { requestId: req.id, sourceAddress: clientAddress(req) });
  }

  @Post('auth/logout')
  @HttpCode(204)
  @PlatformOperatorOnly()
  @ApiNoContentResponse({ description: 'The session ends: its token is refused from now on' })
  @ApiOperation({ summary: 'End the operator’s session' })
  logout(@Req() req: OperatorRequest): Promise<void> {
    return this.auth.logout(req.operator);
  }

  @Get('audit')
  @PlatformOperatorOnly()
  @ApiOkResponse({
    type: PlatformAuditEventPageDto,
    description:
      'The platform’s trail, newest first: operators’ logins, lockouts and logouts, login attempts for unknown districts',
  })
  @ApiOperation({ summary: 'The platform’s audit trail, newest first' })
  listAudit(@Query() query: PlatformAuditQueryDto): Promise<Page<PlatformAuditEventDto>> {
    return this.audit.list(query);
  }

  @Get('tenants')
  @PlatformOperatorOnly()
  @ApiOkResponse({ type: TenantPageDto })
  @ApiOperation({ summary: 'Every tenant (district), by code' })
  list(@Query() query: PageQueryDto): Promise<Page<TenantDto>> {
    return this.tenants.list(query);
  }

  @Post('tenants')
  @PlatformOperatorOnly()
  @ApiCreatedResponse({ type: ProvisionedTenantDto })
  @ApiOperation({ summary: 'Provision a tenant with its root unit and first administrator' })
  @ApiConflict('TENANT_CODE_TAKEN')
  provision(@Req() req: OperatorRequest, @Body() dto: ProvisionTenantDto): Promise<ProvisionedTenantDto> {
    return this.tenants.provision(req.operator, dto);
  }

  @Post('tenants/:id/suspend')
  @HttpCode(200)
  @PlatformOperatorOnly()
  @ApiOkResponse({ type: TenantDto })
  @ApiOperation({ summary: 'Suspend a tenant: its users can no longer sign in' })
  @ApiConflict('TENANT_ALREADY_IN_STATE')
  suspend(@Req() req: OperatorRequest, @Param('id') id: string): Promise<TenantDto> {
    return this.tenants.setStatus(req.operator, id, 'suspended');
  }

  @Post('tenants/:id/resume')
  @HttpCode(200)
  @PlatformOperatorOnly()
  @ApiOkResponse({ type: TenantDto })
  @ApiOperation({ summary: 'Resume a suspended tenant' })
  @ApiConflict('TENANT_ALREADY_IN_STATE')
  resume(@Req() req: OperatorRequest, @Param('id') id: string): Promise<TenantDto> {
    return this.tenants.setStatus(req.operator, id, 'active');
  }
}
