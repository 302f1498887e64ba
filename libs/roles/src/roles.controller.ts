import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Ctx, RequirePermission, type RequestContext } from '@tongxin/context';
import { ApiConflict, PageQueryDto, type Page } from '@tongxin/http';
import { RoleAssignmentService } from './role-assignment.service';
import {
  AssignmentDto,
  AssignmentPageDto,
  AssignmentQueryDto,
  CreateAssignmentDto,
  CreateRoleDto,
  PermissionDto,
  PermissionPageDto,
  RoleDto,
  RolePageDto,
  UpdateRoleDto,
} from './role.dto';
import { RoleService } from './role.service';

@ApiTags('roles')
@Controller('api/v1')
export class RolesController {
  constructor(
    private readonly roles: RoleService,
    private readonly assignments: RoleAssignmentService,
  ) {}

  @Get('permissions')
  @RequirePermission('role.read')
  @ApiOkResponse({ type: PermissionPageDto })
  @ApiOperation({ summary: 'Every permission the core and the tenant’s enabled plugins define' })
  permissions(@Ctx() ctx: RequestContext, @Query() query: PageQueryDto): Page<PermissionDto> {
    return this.roles.permissions(ctx, query);
  }

  @Get('roles')
  @RequirePermission('role.read')
  @ApiOkResponse({ type: RolePageDto })
  @ApiOperation({ summary: 'Roles of the tenant, system roles first' })
  list(@Ctx() ctx: RequestContext, @Query() query: PageQueryDto): Promise<Page<RoleDto>> {
    return this.roles.list(ctx, query);
  }

  @Post('roles')
  @RequirePermission('role.write')
  @ApiCreatedResponse({ type: RoleDto })
  @ApiOperation({ summary: 'Create a custom role' })
  @ApiConflict('DUPLICATE')
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateRoleDto): Promise<RoleDto> {
    return this.roles.create(ctx, dto);
  }

  @Get('roles/:id')
  @RequirePermission('role.read')
  @ApiOkResponse({ type: RoleDto })
  @ApiOperation({ summary: 'One role' })
  get(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<RoleDto> {
    return this.roles.get(ctx, id);
  }

  @Patch('roles/:id')
  @RequirePermission('role.write')
  @ApiOkResponse({ type: RoleDto })
  @ApiOperation({ summary: 'Change a custom role’s names or permissions' })
  @ApiConflict('DUPLICATE', 'SYSTEM_ROLE_IMMUTABLE')
  update(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: UpdateRoleDto): Promise<RoleDto> {
    return this.roles.update(ctx, id, dto);
  }

  @Delete('roles/:id')
  @HttpCode(204)
  @RequirePermission('role.write')
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Delete a custom role nobody holds' })
  @ApiConflict('SYSTEM_ROLE_IMMUTABLE', 'ROLE_IN_USE')
  remove(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<void> {
    return this.roles.remove(ctx, id);
  }

  @Get('role-assignments')
  @RequirePermission('assignment.read')
  @ApiOkResponse({ type: AssignmentPageDto })
  @ApiOperation({ summary: 'Role assignments in the caller’s scope' })
  listAssignments(@Ctx() ctx: RequestContext, @Query() query: AssignmentQueryDto): Promise<Page<AssignmentDto>> {
    return this.assignments.list(ctx, query);
  }

  @Post('role-assignments')
  @RequirePermission('assignment.write')
  @ApiCreatedResponse({ type: AssignmentDto })
  @ApiOperation({ summary: 'Grant a role to a user on a unit' })
  @ApiConflict('ROLE_ALREADY_ASSIGNED')
  grant(@Ctx() ctx: RequestContext, @Body() dto: CreateAssignmentDto): Promise<AssignmentDto> {
    return this.assignments.grant(ctx, dto);
  }

  @Get('role-assignments/:id')
  @RequirePermission('assignment.read')
  @ApiOkResponse({ type: AssignmentDto })
  @ApiOperation({ summary: 'One role assignment' })
  getAssignment(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<AssignmentDto> {
    return this.assignments.get(ctx, id);
  }

  @Delete('role-assignments/:id')
  @HttpCode(204)
  @RequirePermission('assignment.write')
  @ApiNoContentResponse({ description: 'Revoked (kept for the record)' })
  @ApiOperation({ summary: 'Revoke a role assignment' })
  revoke(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<void> {
    return this.assignments.revoke(ctx, id);
  }
}
