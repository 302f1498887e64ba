import {
  ApiProperty,
  ApiPropertyOptional,
  IsIn,
  IsInt,
  IsISO8601,
  IsOmittable,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  PageQueryDto,
} from '@tongxin/plugin-sdk';

export const SATISFACTION_RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type SatisfactionRating = (typeof SATISFACTION_RATINGS)[number];
export const SUBJECT_TYPES = ['case', 'call_response'] as const;

export class EvaluateDto {
  @ApiProperty({ minimum: 1, maximum: 5, description: '1 (poor) to 5 (excellent)' })
  @IsInt()
  @Min(1)
  @Max(5)
  score!: number;

  @ApiPropertyOptional({ example: '响应及时，处置到位' })
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  comment?: string;
}

export class SatisfactionDto {
  @ApiProperty({ enum: SATISFACTION_RATINGS, description: 'The resident’s answer at the return visit (回访)' })
  @IsIn(SATISFACTION_RATINGS)
  rating!: SatisfactionRating;
}

/** A period and an optional unit: what the list and the summary filter on. */
export class EvaluationSummaryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Evaluations of cases and calls in this unit’s subtree' })
  @IsOmittable()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Evaluated at or after' })
  @IsOmittable()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Evaluated before' })
  @IsOmittable()
  @IsISO8601({ strict: true })
  to?: string;
}

export class ListEvaluationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOmittable()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOmittable()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOmittable()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only ratings of this department' })
  @IsOmittable()
  @IsUUID()
  rateePartnerId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only ratings of this handling unit' })
  @IsOmittable()
  @IsUUID()
  rateeUnitId?: string;

  @ApiPropertyOptional({ enum: SUBJECT_TYPES })
  @IsOmittable()
  @IsIn(SUBJECT_TYPES)
  subjectType?: 'case' | 'call_response';
}

export class EvaluationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: SUBJECT_TYPES, description: 'A case (its handler rated) or a call response (the department)' })
  subjectType!: 'case' | 'call_response';
  @ApiProperty({ format: 'uuid', description: 'The case, or the call response' }) subjectId!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The call, for a call response' })
  callId!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) rateeUnitId!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) rateePartnerId!: string | null;
  @ApiProperty({ description: 'The rated unit’s or department’s name' }) rateeName!: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) score!: number;
  @ApiProperty() comment!: string;
  @ApiProperty({ format: 'uuid' }) evaluatedBy!: string;
  @ApiProperty({ type: String, format: 'date-time' }) evaluatedAt!: string;
}

export class EvaluationPageView {
  @ApiProperty({ type: [EvaluationView] }) items!: EvaluationView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class RateeSummaryView {
  @ApiProperty({ enum: ['unit', 'department'] }) kind!: 'unit' | 'department';
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) rateeUnitId!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) rateePartnerId!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Evaluations in the period' }) count!: number;
  @ApiProperty({ description: 'Average score, two decimals' }) averageScore!: number;
  @ApiProperty({ description: 'Of which for cases (一事一评)' }) cases!: number;
  @ApiProperty({ description: 'Of which for call report-ins (谁呼谁评)' }) calls!: number;
}

export class EvaluationSummaryView {
  @ApiProperty({ type: [RateeSummaryView], description: 'Best average first' }) items!: RateeSummaryView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class SatisfactionView {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() number!: string;
  @ApiProperty({ enum: SATISFACTION_RATINGS }) satisfaction!: SatisfactionRating;
  @ApiProperty({ type: String, format: 'date-time' }) satisfactionAt!: string;
}
