import {
  ApiProperty,
  ApiPropertyOptional,
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOmittable,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  PageQueryDto,
} from '@tongxin/plugin-sdk';
import { CALL_FRONTS, type CallFront } from './call.entity';

export const CALL_STATUSES = ['open', 'closed'] as const;

export class RaiseCallDto {
  @ApiProperty({ format: 'uuid', description: 'The calling street or community' })
  @IsUUID()
  unitId!: string;

  @ApiProperty({
    enum: CALL_FRONTS,
    description: '矛盾排解, 服务群众, 重点工作, 综合执法, 应急处置',
  })
  @IsIn(CALL_FRONTS)
  front!: CallFront;

  @ApiProperty({ type: [String], format: 'uuid', description: 'The departments called (1–20, distinct)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  departmentIds!: string[];

  @ApiProperty({ example: '沿河路占道经营联合整治' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  title!: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ example: '沿河路与建设路交叉口' })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  address?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The case the call is about (one you can see)' })
  @IsOmittable()
  @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ description: 'Minutes to report in; by default the district’s callReportInMinutes' })
  @IsOmittable()
  @IsInt()
  @Min(5)
  @Max(7 * 24 * 60)
  reportInMinutes?: number;
}

/** The body of report-in and close: an optional note. */
export class CallNoteDto {
  @ApiPropertyOptional({ example: '已到达现场，正在处置' })
  @IsOmittable()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class AssignedCallsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CALL_STATUSES })
  @IsOmittable()
  @IsIn(CALL_STATUSES)
  status?: 'open' | 'closed';

  @ApiPropertyOptional({ enum: CALL_FRONTS })
  @IsOmittable()
  @IsIn(CALL_FRONTS)
  front?: CallFront;
}

export class ListCallsQueryDto extends AssignedCallsQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Calls raised in this unit’s subtree' })
  @IsOmittable()
  @IsUUID()
  unitId?: string;
}

export class CallResponseView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The department' }) partnerId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) reportedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) reportedBy!: string | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'Reported in after the limit, or never by it; null while the limit runs',
  })
  late!: boolean | null;
  @ApiProperty() note!: string;
}

export class CallView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The calling street or community' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ enum: CALL_FRONTS }) front!: CallFront;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty() address!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) caseId!: string | null;
  @ApiProperty({ format: 'uuid' }) raisedBy!: string;
  @ApiProperty({ type: String, format: 'date-time' }) raisedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'Departments report in by then' })
  reportInBy!: string;
  @ApiProperty({ enum: CALL_STATUSES }) status!: 'open' | 'closed';
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) closedAt!: string | null;
  @ApiProperty({ type: [CallResponseView] }) responses!: CallResponseView[];
}

export class CallPageView {
  @ApiProperty({ type: [CallView] }) items!: CallView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
