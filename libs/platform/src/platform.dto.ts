import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { LOGIN_USERNAME } from '@tongxin/identity';
import { IsObject, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';

export class OperatorLoginDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(64) @Matches(LOGIN_USERNAME) username!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(128) password!: string;
}

export class OperatorTokenDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ example: 3600 }) expiresIn!: number;
}

export class TenantAdminDto {
  @ApiProperty({ example: 'admin' }) @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$/) username!: string;
  @ApiProperty({
    description: '8–128 characters (PASSWORD_MIN_LENGTH) with letters and digits, not a common password',
  })
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  password!: string;
  @ApiProperty({ example: '区委组织部管理员' }) @IsString() @MinLength(1) @MaxLength(100) displayName!: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^\+?[0-9-]{5,20}$/) phone?: string;
}

export class ProvisionTenantDto {
  @ApiProperty({ example: 'zhanhe', description: 'Lower-case letters, digits, -; used at login' })
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{1,31}$/)
  code!: string;

  @ApiProperty({ example: '平顶山市湛河区' }) @IsString() @MinLength(1) @MaxLength(100) name!: string;

  @ApiProperty({ example: '410411', description: '6-digit 行政区划代码 of the district or county' })
  @IsString()
  @Matches(/^[1-8]\d{5}$/)
  divisionCode!: string;

  @ApiPropertyOptional({
    example: '中共平顶山市湛河区委员会',
    description: 'Name of the level-1 root unit; defaults to “<name>委”',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  rootUnitName?: string;

  @ApiProperty({ type: TenantAdminDto })
  @IsObject()
  @ValidateNested()
  @Type(() => TenantAdminDto)
  admin!: TenantAdminDto;
}

export class TenantDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() divisionCode!: string;
  @ApiProperty({ enum: ['active', 'suspended'] }) status!: string;
  @ApiProperty() createdAt!: Date;
}

export class TenantPageDto {
  @ApiProperty({ type: [TenantDto] }) items!: TenantDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor!: string | null;
}

export class ProvisionedTenantDto extends TenantDto {
  @ApiProperty({ format: 'uuid' }) rootUnitId!: string;
  @ApiProperty({ format: 'uuid' }) adminUserId!: string;
}
