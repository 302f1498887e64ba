import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsOmittable, PageQueryDto, SortParam, type Language, type SortKeys } from '@tongxin/http';
import type { RoleAssignment } from './role-assignment.entity';
import type { Role } from './role.entity';

export class CreateRoleDto {
  @ApiProperty({ example: 'street_dispatcher', description: 'Unique in the tenant: lower-case letters, digits, _' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{1,63}$/)
  key!: string;
  @ApiProperty({ example: '街道指挥中心调度员' }) @IsString() @MinLength(1) @MaxLength(100) nameZh!: string;
  @ApiProperty({ example: 'Street dispatcher' }) @IsString() @MinLength(1) @MaxLength(100) nameEn!: string;
  @ApiProperty({ type: [String], example: ['org.read', 'user.read'] })
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(120, { each: true })
  permissions!: string[];
}

export class UpdateRoleDto {
  @ApiPropertyOptional() @IsOmittable() @IsString() @MinLength(1) @MaxLength(100) nameZh?: string;
  @ApiPropertyOptional() @IsOmittable() @IsString() @MinLength(1) @MaxLength(100) nameEn?: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(120, { each: true })
  permissions?: string[];
}

export class RoleDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() key!: string;
  @ApiProperty({ description: 'Name in the caller’s language' }) name!: string;
  @ApiProperty() nameZh!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty({ description: 'System roles ship with the tenant and cannot be changed' }) system!: boolean;
  @ApiProperty({ type: [String] }) permissions!: string[];
}

export class RolePageDto {
  @ApiProperty({ type: [RoleDto] }) items!: RoleDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor!: string | null;
}

export class PermissionDto {
  @ApiProperty({ example: 'org.read' }) key!: string;
  @ApiProperty() description!: string;
}

export class PermissionPageDto {
  @ApiProperty({ type: [PermissionDto] }) items!: PermissionDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor!: string | null;
}

export class CreateAssignmentDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() userId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() roleId!: string;
  @ApiProperty({ format: 'uuid', description: 'The role applies to this unit’s whole subtree' })
  @IsUUID()
  orgUnitId!: string;
}

/** `?sort=` of the assignment list. */
export const ASSIGNMENT_SORTS: SortKeys = { createdAt: 'id' };

export class AssignmentQueryDto extends PageQueryDto {
  @SortParam(ASSIGNMENT_SORTS, 'createdAt')
  sort?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() userId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() roleId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() orgUnitId?: string;
  @ApiPropertyOptional({ description: 'Include revoked assignments' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeRevoked?: boolean;
}

export class AssignmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ format: 'uuid' }) roleId!: string;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) grantedBy!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) revokedAt!: Date | null;
  @ApiProperty() createdAt!: Date;
}

export class AssignmentPageDto {
  @ApiProperty({ type: [AssignmentDto] }) items!: AssignmentDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor!: string | null;
}

export const toRoleDto = (r: Role, lang: Language): RoleDto => ({
  id: r.id,
  key: r.key,
  name: lang === 'en' ? r.nameEn : r.nameZh,
  nameZh: r.nameZh,
  nameEn: r.nameEn,
  system: r.system,
  permissions: r.permissions,
});

export const toAssignmentDto = (a: RoleAssignment): AssignmentDto => ({
  id: a.id,
  userId: a.userId,
  roleId: a.roleId,
  orgUnitId: a.orgUnitId,
  grantedBy: a.grantedBy,
  revokedAt: a.revokedAt,
  createdAt: a.createdAt,
});
