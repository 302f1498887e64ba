import {
  ApiProperty,
  ApiPropertyOptional,
  IsIn,
  IsInt,
  IsObject,
  IsOmittable,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  PageQueryDto,
  Type,
} from '@tongxin/plugin-sdk';
import type { EvaluationDirection } from './evaluation.entity';

export const DIRECTIONS: readonly EvaluationDirection[] = [
  'community_to_member',
  'community_to_unit',
  'unit_to_community',
];

const ITEM_SCORES = {
  type: 'object',
  additionalProperties: { type: 'integer', minimum: 1, maximum: 5 },
  example: { '0196f6c2-7a10-7000-8000-000000000001': 5 },
} as const;

/** What every rating carries: the year, the overall score and a comment. */
class RatingDto {
  @ApiProperty({ example: 2026, description: 'The year rated (not a future one)' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ minimum: 1, maximum: 5, description: '1 (poor) to 5 (excellent)' })
  @IsInt()
  @Min(1)
  @Max(5)
  score!: number;

  @ApiPropertyOptional({ example: '服务积极，群众满意' })
  @IsOmittable()
  @IsString()
  @MaxLength(1000)
  comment?: string;
}

export class EvaluateMemberDto extends RatingDto {
  @ApiProperty({ format: 'uuid', description: 'The rating community' })
  @IsUUID()
  communityId!: string;

  @ApiProperty({ format: 'uuid', description: 'A member registered with the community that year' })
  @IsUUID()
  memberId!: string;
}

export class EvaluateUnitDto extends RatingDto {
  @ApiProperty({ format: 'uuid', description: 'The rating community' })
  @IsUUID()
  communityId!: string;

  @ApiProperty({ format: 'uuid', description: 'A unit paired with the community that year' })
  @IsUUID()
  partnerId!: string;

  @ApiPropertyOptional({
    ...ITEM_SCORES,
    description: 'A score 1–5 for every assessment item (考核清单) of the pairing’s agreement, by item id',
  })
  @IsOmittable()
  @IsObject()
  itemScores?: Record<string, number>;
}

export class EvaluateCommunityDto extends RatingDto {
  @ApiProperty({ format: 'uuid', description: 'A community your unit is paired with that year' })
  @IsUUID()
  communityId!: string;

  @ApiPropertyOptional({ ...ITEM_SCORES, description: 'Optional scores 1–5 of the agreement’s assessment items' })
  @IsOmittable()
  @IsObject()
  itemScores?: Record<string, number>;
}

export class ListEvaluationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 2026 })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ enum: DIRECTIONS })
  @IsOmittable()
  @IsIn(DIRECTIONS)
  direction?: EvaluationDirection;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOmittable()
  @IsUUID()
  communityId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A unit: its ratings both ways and its members’' })
  @IsOmittable()
  @IsUUID()
  partnerId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOmittable()
  @IsUUID()
  memberId?: string;
}

export class YearEndQueryDto {
  @ApiProperty({ example: 2026 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'A unit: its figures and its members’ (give this or memberId)' })
  @IsOmittable()
  @IsUUID()
  partnerId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'One member (give this or partnerId)' })
  @IsOmittable()
  @IsUUID()
  memberId?: string;
}

export class ItemScoreView {
  @ApiProperty({ format: 'uuid', description: 'The assessment item' }) itemId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) score!: number;
}

export class EvaluationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: DIRECTIONS }) direction!: EvaluationDirection;
  @ApiProperty() year!: number;
  @ApiProperty({ format: 'uuid' }) communityId!: string;
  @ApiProperty() communityName!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) memberId!: string | null;
  @ApiProperty({ type: String, nullable: true }) memberName!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'The unit rated or rating; for a member’s rating, the member’s unit',
  })
  partnerId!: string | null;
  @ApiProperty({ type: String, nullable: true }) partnerName!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) pairingId!: string | null;
  @ApiProperty({ minimum: 1, maximum: 5 }) score!: number;
  @ApiProperty({ type: [ItemScoreView], description: 'In the agreement’s order' }) itemScores!: ItemScoreView[];
  @ApiProperty() comment!: string;
  @ApiProperty({ format: 'uuid' }) evaluatedBy!: string;
  @ApiProperty({ type: String, format: 'date-time' }) evaluatedAt!: string;
}

export class EvaluationPageView {
  @ApiProperty({ type: [EvaluationView] }) items!: EvaluationView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class CommunityScoreView {
  @ApiProperty({ format: 'uuid' }) communityId!: string;
  @ApiProperty() communityName!: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) score!: number;
  @ApiProperty({ type: [ItemScoreView] }) itemScores!: ItemScoreView[];
  @ApiProperty() comment!: string;
}

export class ItemAverageView {
  @ApiProperty({ description: 'The assessment item, matched by title across the communities’ agreements' })
  title!: string;
  @ApiProperty({ description: 'Average score, two decimals' }) averageScore!: number;
  @ApiProperty({ description: 'Communities that scored it' }) count!: number;
}

export class YearEndMemberView {
  @ApiProperty({ format: 'uuid' }) memberId!: string;
  @ApiProperty() memberName!: string;
  @ApiProperty({ description: 'Hours served that year' }) hours!: number;
  @ApiProperty({ description: 'Activities attended' }) activities!: number;
  @ApiProperty({ description: '办实事: attended with what was done recorded' }) workDone!: number;
  @ApiProperty({ type: [CommunityScoreView], description: 'Each community’s rating of the member' })
  scores!: CommunityScoreView[];
  @ApiProperty({ type: Number, nullable: true, description: 'Average of those, two decimals' })
  averageScore!: number | null;
}

export class YearEndUnitView {
  @ApiProperty({ format: 'uuid' }) partnerId!: string;
  @ApiProperty() partnerName!: string;
  @ApiProperty({ description: 'Members registered with a community that year' }) membersReported!: number;
  @ApiProperty({ description: 'Its members’ hours' }) hours!: number;
  @ApiProperty({ description: 'Its members’ attended sign-ups' }) activities!: number;
  @ApiProperty({ description: 'Its members’ 办实事' }) workDone!: number;
  @ApiProperty({ description: 'Sign-ups of the unit itself (机关报到) attended' }) unitActivities!: number;
  @ApiProperty() unitHours!: number;
  @ApiProperty() unitWorkDone!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'The communities’ overall scores, averaged' })
  averageScore!: number | null;
  @ApiProperty({ type: [CommunityScoreView], description: 'Each community’s rating of the unit' })
  communityScores!: CommunityScoreView[];
  @ApiProperty({ type: [ItemAverageView], description: 'Per assessment item, averaged over the communities' })
  items!: ItemAverageView[];
  @ApiProperty({ type: [CommunityScoreView], description: 'The unit’s rating of each community' })
  ratingsOfCommunities!: CommunityScoreView[];
}

export class YearEndView {
  @ApiProperty() year!: number;
  @ApiProperty({ type: YearEndUnitView, nullable: true }) unit!: YearEndUnitView | null;
  @ApiProperty({ type: [YearEndMemberView] }) members!: YearEndMemberView[];
}
