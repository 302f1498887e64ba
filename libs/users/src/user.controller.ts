import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Ctx, RequirePermission, type RequestContext } from '@tongxin/context';
import { ApiConflict, type Page } from '@tongxin/http';
import { CreateUserDto, ResetPasswordDto, UpdateUserDto, UserDto, UserPageDto, UserQueryDto } from './user.dto';
import { UserService } from './user.service';

@ApiTags('users')
@Controller('api/v1/users')
export class UserController {
  constructor(private readonly users: UserService) {}

  @Get()
  @RequirePermission('user.read')
  @ApiOkResponse({ type: UserPageDto })
  @ApiOperation({ summary: 'Users in the caller’s scope' })
  list(@Ctx() ctx: RequestContext, @Query() query: UserQueryDto): Promise<Page<UserDto>> {
    return this.users.list(ctx, query);
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
