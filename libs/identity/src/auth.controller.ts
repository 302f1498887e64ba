import { Body, Controller, Get, HttpCode, Patch, Post, Req, UseInterceptors } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiOperation,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Authenticated, Ctx, Public, type RequestContext } from '@tongxin/context';
import { ApiErrorDto, clientAddress, NoStoreInterceptor } from '@tongxin/http';
import { RespondsWithSecret } from '@tongxin/idempotency';
import { AuthService, type RequestOrigin } from './auth.service';
import { ChangePasswordDto, LoginDto, MeDto, RefreshDto, TokenPairDto, UpdateMeDto } from './auth.dto';

const origin = (req: Request): RequestOrigin => ({ requestId: req.id, sourceAddress: clientAddress(req) });

// Tokens and personal data: no cache anywhere keeps a copy (Cache-Control: no-store, Pragma: no-cache).
@ApiTags('auth')
@Controller('api/v1/auth')
@UseInterceptors(NoStoreInterceptor)
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ type: TokenPairDto })
  @ApiTooManyRequestsResponse({
    type: ApiErrorDto,
    description:
      '`LOGIN_THROTTLED`: too many failed logins from this source, for this account or district; see `Retry-After`',
  })
  @ApiServiceUnavailableResponse({
    type: ApiErrorDto,
    description: '`AUTH_BUSY`: too many logins at once; see `Retry-After`',
  })
  @ApiOperation({ summary: 'Log in to a tenant with username and password' })
  login(@Body() dto: LoginDto, @Req() req: Request): Promise<TokenPairDto> {
    return this.auth.login(dto.tenantCode, dto.username, dto.password, origin(req));
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ type: TokenPairDto })
  @ApiOperation({ summary: 'Exchange a refresh token for a new token pair' })
  refresh(@Body() dto: RefreshDto, @Req() req: Request): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refreshToken, origin(req));
  }

  @Post('logout')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'End the session of a refresh token' })
  logout(@Ctx() ctx: RequestContext, @Body() dto: RefreshDto): Promise<void> {
    return this.auth.logout(ctx, dto.refreshToken);
  }

  @Get('me')
  @Authenticated()
  @ApiOkResponse({ type: MeDto })
  @ApiOperation({ summary: 'The signed-in user, their roles and effective permissions' })
  me(@Ctx() ctx: RequestContext): Promise<MeDto> {
    return this.auth.me(ctx);
  }

  @Patch('me')
  @Authenticated()
  @ApiOkResponse({ type: MeDto })
  @ApiOperation({ summary: 'Change your own settings (the language notifications to you are written in)' })
  updateMe(@Ctx() ctx: RequestContext, @Body() dto: UpdateMeDto): Promise<MeDto> {
    return this.auth.updateMe(ctx, dto);
  }

  @Post('change-password')
  @HttpCode(200)
  @Authenticated()
  @RespondsWithSecret()
  @ApiOkResponse({ type: TokenPairDto })
  @ApiOperation({ summary: 'Change your own password (other sessions end)' })
  changePassword(@Ctx() ctx: RequestContext, @Body() dto: ChangePasswordDto): Promise<TokenPairDto> {
    return this.auth.changePassword(ctx, dto.currentPassword, dto.newPassword);
  }
}
