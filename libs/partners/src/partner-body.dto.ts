import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { IsOmittable, PageQueryDto, SortParam, textSortKey, type SortKeys } from '@tongxin/http';
import type { PartnerBody } from './partner-body.entity';

const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
// At most 20 characters in all, as the column holds.
const PHONE = /^(?=.{5,20}$)\+?[0-9-]+$/;

export class CreatePartnerBodyDto {
  @ApiProperty({ example: 'unit', description: 'A key from GET /partner-types' })
  @IsString()
  @MaxLength(48)
  type!: string;
  @ApiProperty({ example: '湛河区市场监督管理局' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiPropertyOptional({ description: '统一社会信用代码 (18 characters)' })
  @IsOmittable()
  @Matches(CREDIT_CODE)
  creditCode?: string;
  @ApiPropertyOptional() @IsOmittable() @IsString() @MaxLength(100) contactName?: string;
  @ApiPropertyOptional() @IsOmittable() @Matches(PHONE) contactPhone?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The org unit it belongs to or serves; omitted means district-wide',
  })
  @IsOmittable()
  @IsUUID()
  orgUnitId?: string;
}

export class UpdatePartnerBodyDto {
  @ApiPropertyOptional() @IsOmittable() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(CREDIT_CODE)
  creditCode?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(100)
  contactName?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(PHONE)
  contactPhone?: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  orgUnitId?: string | null;
}

/** `?sort=` of the partner body list. */
export const PARTNER_BODY_SORTS: SortKeys = { createdAt: 'id', name: textSortKey('name', 'name') };

export class PartnerBodyQueryDto extends PageQueryDto {
  @SortParam(PARTNER_BODY_SORTS, 'createdAt')
  sort?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(48) type?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) q?: string;
}

export class PartnerBodyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() type!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) creditCode!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) contactName!: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'In full for those who manage the body (partner.write); masked (138****5678) for readers',
  })
  contactPhone!: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) orgUnitId!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class PartnerBodyPageDto {
  @ApiProperty({ type: [PartnerBodyDto] }) items!: PartnerBodyDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor!: string | null;
}

export class PartnerTypeDto {
  @ApiProperty({ example: 'unit' }) key!: string;
  @ApiProperty({ example: '驻区单位/机关单位' }) name!: string;
}

export class PartnerTypePageDto {
  @ApiProperty({ type: [PartnerTypeDto] }) items!: PartnerTypeDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor!: string | null;
}

export const toPartnerBodyDto = (p: PartnerBody): PartnerBodyDto => ({
  id: p.id,
  type: p.type,
  name: p.name,
  creditCode: p.creditCode,
  contactName: p.contactName,
  contactPhone: p.contactPhone,
  orgUnitId: p.orgUnitId,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});
