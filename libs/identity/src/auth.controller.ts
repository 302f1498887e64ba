import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Authenticated, Ctx, Public, type RequestContext } from '@tongxin/context';
import { RespondsWithSecret } from '@tongxin/idempotency';
import { AuthService } from './auth.service';
import { ChangePasswordDto, LoginDto, MeDto, RefreshDto, TokenPairDto } from './auth.dto';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ type: TokenPairDto })
  login(@Body() dto: LoginDto, @Req() req: Request): Promise<TokenPairDto> {
    return this.auth.login(dto.tenantCode, dto.username, dto.password, req.id);
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ type: TokenPairDto })
  refresh(@Body() dto: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse()
  logout(@Ctx() ctx: RequestContext, @Body() dto: RefreshDto): Promise<void> {
    return this.auth.logout(ctx, dto.refreshToken);
  }

  @Get('me')
  @Authenticated()
  @ApiOkResponse({ type: MeDto })
  me(@Ctx() ctx: RequestContext): Promise<MeDto> {
    return this.auth.me(ctx);
  }

  @Post('change-password')
  @HttpCode(200)
  @Authenticated()
  @RespondsWithSecret()
  @ApiOkResponse({ type: TokenPairDto })
  changePassword(@Ctx() ctx: RequestContext, @Body() dto: ChangePasswordDto): Promise<TokenPairDto> {
    return this.auth.changePassword(ctx, dto.currentPassword, dto.newPassword);
  }
}
