import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { PlatformOperatorOnly, Public, type OperatorContext } from '@tongxin/context';
import { OperatorAuthService } from './operator-auth.service';
import {
  OperatorLoginDto,
  OperatorTokenDto,
  ProvisionedTenantDto,
  ProvisionTenantDto,
  TenantDto,
} from './platform.dto';
import { TenantProvisioningService } from './tenant-provisioning.service';

type OperatorRequest = Request & { operator: OperatorContext };

@ApiTags('platform')
@Controller('api/v1/platform')
export class PlatformController {
  constructor(
    private readonly auth: OperatorAuthService,
    private readonly tenants: TenantProvisioningService,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ type: OperatorTokenDto })
  login(@Body() dto: OperatorLoginDto): Promise<OperatorTokenDto> {
    return this.auth.login(dto.username, dto.password);
  }

  @Get('tenants')
  @PlatformOperatorOnly()
  @ApiOkResponse({ type: [TenantDto] })
  list(): Promise<TenantDto[]> {
    return this.tenants.list();
  }

  @Post('tenants')
  @PlatformOperatorOnly()
  @ApiCreatedResponse({ type: ProvisionedTenantDto })
  provision(@Req() req: OperatorRequest, @Body() dto: ProvisionTenantDto): Promise<ProvisionedTenantDto> {
    return this.tenants.provision(req.operator, dto);
  }

  @Post('tenants/:id/suspend')
  @HttpCode(200)
  @PlatformOperatorOnly()
  @ApiOkResponse({ type: TenantDto })
  suspend(@Req() req: OperatorRequest, @Param('id') id: string): Promise<TenantDto> {
    return this.tenants.setStatus(req.operator, id, 'suspended');
  }

  @Post('tenants/:id/resume')
  @HttpCode(200)
  @PlatformOperatorOnly()
  @ApiOkResponse({ type: TenantDto })
  resume(@Req() req: OperatorRequest, @Param('id') id: string): Promise<TenantDto> {
    return this.tenants.setStatus(req.operator, id, 'active');
  }
}
