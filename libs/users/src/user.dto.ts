import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { IsOmittable, PageQueryDto, SortParam, textSortKey, type SortKeys } from '@tongxin/http';
import { USER_LANGUAGES, type User, type UserLanguage } from '@tongxin/identity';

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$/;
// At most 20 characters in all, as the column holds.
const PHONE = /^(?=.{5,20}$)\+?[0-9-]+$/;

export class CreateUserDto {
  @ApiProperty({ example: 'grid17', description: 'Unique in the tenant: letters, digits, _ . -' })
  @IsString()
  @Matches(USERNAME)
  username!: string;

  @ApiProperty({ example: '王晓燕' }) @IsString() @MinLength(1) @MaxLength(100) displayName!: string;

  @ApiPropertyOptional({ example: '13800000000' }) @IsOmittable() @IsString() @Matches(PHONE) phone?: string;

  @ApiProperty({ description: 'Initial password: 8–128 characters with letters and digits' })
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  password!: string;

  @ApiProperty({ format: 'uuid', description: 'Home unit; decides who may manage the user' })
  @IsUUID()
  orgUnitId!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Partner body the person belongs to' })
  @IsOmittable()
  @IsUUID()
  partnerBodyId?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional() @IsOmittable() @IsString() @MinLength(1) @MaxLength(100) displayName?: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Matches(PHONE)
  phone?: string | null;
  @ApiPropertyOptional({ enum: ['active', 'disabled'] }) @IsOmittable() @IsIn(['active', 'disabled']) status?:
    'active' | 'disabled';
  @ApiPropertyOptional({ format: 'uuid' }) @IsOmittable() @IsUUID() orgUnitId?: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  partnerBodyId?: string | null;
  @ApiPropertyOptional({ enum: USER_LANGUAGES, description: 'What notifications to the person are written in' })
  @IsOmittable()
  @IsIn(USER_LANGUAGES)
  preferredLanguage?: UserLanguage;
}

export class ResetPasswordDto {
  @ApiProperty({ description: '8–128 characters with letters and digits' })
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  password!: string;
}

/** `?sort=` of the user list. */
export const USER_SORTS: SortKeys = {
  createdAt: 'id',
  username: textSortKey('username', 'username'),
  displayName: textSortKey('display_name', 'displayName'),
};

export class UserQueryDto extends PageQueryDto {
  @SortParam(USER_SORTS, 'createdAt')
  sort?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Users whose home unit is in this unit’s subtree' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() partnerBodyId?: string;
  @ApiPropertyOptional({ description: 'Part of the username or display name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      'In full for the account itself and those who manage it (user.write); masked (138****5678) for readers',
  })
  phone!: string | null;
  @ApiProperty({ enum: ['active', 'disabled'] }) status!: string;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) partnerBodyId!: string | null;
  @ApiProperty({ enum: USER_LANGUAGES, description: 'What notifications to the person are written in' })
  preferredLanguage!: UserLanguage;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items!: UserDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor!: string | null;
}

export function toUserDto(u: User): UserDto {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    phone: u.phone,
    status: u.status,
    orgUnitId: u.orgUnitId,
    partnerBodyId: u.partnerBodyId,
    preferredLanguage: u.preferredLanguage,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}
