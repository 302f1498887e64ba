import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { IsOmittable, PageQueryDto, SortParam, textSortKey, type Language, type SortKeys } from '@tongxin/http';
import { ORG_LEVELS, type OrgLevel } from './org-levels';
import type { OrgUnit } from './org-unit.entity';

export const UNIT_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export class CreateOrgUnitDto {
  @ApiProperty({ format: 'uuid', description: 'The parent unit; the new unit is one level below it' })
  @IsUUID()
  parentId!: string;

  @ApiPropertyOptional({ minimum: 2, maximum: 5, description: 'Optional check: must equal the parent level + 1' })
  @IsOmittable()
  @IsInt()
  @IsIn([2, 3, 4, 5])
  level?: number;

  @ApiProperty({ example: '410411-001-003', description: 'Unique in the tenant' })
  @IsString()
  @Matches(UNIT_CODE_PATTERN)
  code!: string;

  @ApiProperty({ example: '姚孟街道党工委', maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;
}

export class UpdateOrgUnitDto {
  @ApiPropertyOptional() @IsOmittable() @IsString() @Matches(UNIT_CODE_PATTERN) code?: string;
  @ApiPropertyOptional({ maxLength: 100 }) @IsOmittable() @IsString() @MinLength(1) @MaxLength(100) name?: string;
}

export class MoveOrgUnitDto {
  @ApiProperty({ format: 'uuid', description: 'The new parent; it must be on the same level as the old one' })
  @IsUUID()
  parentId!: string;
}

/** `?sort=` of the unit lists (`code` sorts siblings as their codes are numbered). */
export const ORG_UNIT_SORTS: SortKeys = {
  createdAt: 'id',
  code: textSortKey('code', 'code'),
  name: textSortKey('name', 'name'),
};

export class OrgUnitQueryDto extends PageQueryDto {
  @SortParam(ORG_UNIT_SORTS, 'createdAt')
  sort?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() parentId?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 5 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @IsIn([1, 2, 3, 4, 5])
  level?: number;
  @ApiPropertyOptional({ description: 'Matches part of the name or the code' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class OrgUnitDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) parentId!: string | null;
  @ApiProperty({ minimum: 1, maximum: 5 }) level!: number;
  @ApiProperty({ example: '社区党委' }) levelName!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid' }) districtId!: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) streetId!: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) communityId!: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) gridId!: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) groupId!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class OrgUnitPageDto {
  @ApiProperty({ type: [OrgUnitDto] }) items!: OrgUnitDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor!: string | null;
}

export function toOrgUnitDto(unit: OrgUnit, lang: Language): OrgUnitDto {
  return {
    id: unit.id,
    parentId: unit.parentId,
    level: unit.level,
    levelName: ORG_LEVELS[unit.level as OrgLevel][lang],
    code: unit.code,
    name: unit.name,
    districtId: unit.districtId,
    streetId: unit.streetId,
    communityId: unit.communityId,
    gridId: unit.gridId,
    groupId: unit.groupId,
    createdAt: unit.createdAt,
    updatedAt: unit.updatedAt,
  };
}
