import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { Ctx, RequirePermission, type RequestContext } from '@tongxin/context';
import { TenantTransaction } from '@tongxin/database';
import { ApiExport, ListExporter } from '@tongxin/exports';
import { ApiConflict, type Page } from '@tongxin/http';
import { CreateUserDto, ResetPasswordDto, UpdateUserDto, UserDto, UserPageDto, UserQueryDto } from './user.dto';
import { userExport, UserExportQueryDto } from './user-export';
import { UserService } from './user.service';

@ApiTags('users')
@Controller('api/v1/users')
export class UserController {
  constructor(
    private readonly users: UserService,
    private readonly exporter: ListExporter,
    private readonly tx: TenantTransaction,
  ) {}

  @Get()
  @RequirePermission('user.read')
  @ApiOkResponse({ type: UserPageDto })
  @ApiOperation({ summary: 'Users in the caller’s scope' })
  list(@Ctx() ctx: RequestContext, @Query() query: UserQueryDto): Promise<Page<UserDto>> {
    return this.users.list(ctx, query);
  }

  @Get('export')
  @RequirePermission('user.read')
  @ApiExport('Users in the caller’s scope, as a CSV or XLSX file')
  export(@Ctx() ctx: RequestContext, @Query() query: UserExportQueryDto, @Res() res: Response): Promise<void> {
    return this.exporter.send(ctx, res, userExport(ctx, this.users, this.tx, query));
  }

  @Post()
  @RequirePermission('user.write')
  @ApiCreatedResponse({ type: UserDto })
  @ApiOperation({ summary: 'Create a user' })
  @ApiConflict('DUPLICATE')
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(ctx, dto);
  }

  @Get(':id')
  @RequirePermission('user.read')
  @ApiOkResponse({ type: UserDto })
  @ApiOperation({ summary: 'One user' })
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<UserDto> {
    return this.users.get(ctx, id);
  }

  @Patch(':id')
  @RequirePermission('user.write')
  @ApiOkResponse({ type: UserDto })
  @ApiOperation({ summary: 'Change a user’s profile, unit or status' })
  @ApiConflict('DUPLICATE')
  update(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: UpdateUserDto): Promise<UserDto> {
    return this.users.update(ctx, id, dto);
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  @RequirePermission('user.write')
  @ApiOkResponse({ type: UserDto })
  @ApiOperation({ summary: 'Set a new password for a user (their sessions end)' })
  resetPassword(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: ResetPasswordDto): Promise<UserDto> {
    return this.users.resetPassword(ctx, id, dto);
  }
}
