import {
  ApiProperty,
  ApiPropertyOptional,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  NotEquals,
  PageQueryDto,
} from '@tongxin/plugin-sdk';
import { ENTRY_KINDS, type EntryKind } from './points-entry.entity';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export class RecordServiceDto {
  @ApiProperty({ description: 'The volunteer (a user of the district)', format: 'uuid' })
  @IsUUID()
  volunteerId!: string;

  @ApiProperty({ description: 'Where the service was done: a community, grid or party group', format: 'uuid' })
  @IsUUID()
  unitId!: string;

  @ApiProperty({
    description: 'Hours served: more than 0, at most the maxHoursPerEntry setting; points = hours × pointsPerHour',
    example: 2.5,
  })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  hours!: number;

  @ApiProperty({ description: 'Day of the service, YYYY-MM-DD; not in the future', example: '2026-03-05' })
  @Matches(DATE_ONLY)
  @IsISO8601({ strict: true })
  activityDate!: string;

  @ApiProperty({ description: 'What was done', example: '社区助老送餐' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  description!: string;
}

export class AdjustPointsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  volunteerId!: string;

  @ApiProperty({ description: 'The community, grid or party group the correction belongs to', format: 'uuid' })
  @IsUUID()
  unitId!: string;

  @ApiProperty({ description: 'Points to add (positive) or take away (negative); not 0', example: -20 })
  @IsInt()
  @NotEquals(0)
  @Min(-100000)
  @Max(100000)
  points!: number;

  @ApiProperty({ description: 'Why: kept in the ledger and the audit trail' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

export class ListEntriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  volunteerId?: string;

  @ApiPropertyOptional({ description: 'Only entries in this unit’s subtree', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ enum: ENTRY_KINDS })
  @IsOptional()
  @IsIn(ENTRY_KINDS)
  kind?: EntryKind;
}

export class LeaderboardQueryDto {
  @ApiProperty({ description: 'A community (level 3): its grids and groups count too', format: 'uuid' })
  @IsUUID()
  communityId!: string;

  @ApiPropertyOptional({ description: 'First day counted, YYYY-MM-DD (inclusive)' })
  @IsOptional()
  @Matches(DATE_ONLY)
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Day the period ends, YYYY-MM-DD (exclusive)' })
  @IsOptional()
  @Matches(DATE_ONLY)
  @IsISO8601({ strict: true })
  to?: string;
}

export class EntryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) volunteerId!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty({ enum: ENTRY_KINDS }) kind!: EntryKind;
  @ApiProperty() hours!: number;
  @ApiProperty({ description: 'Positive earns, negative spends' }) points!: number;
  @ApiProperty({ example: '2026-03-05' }) activityDate!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) rewardId!: string | null;
  @ApiProperty({ nullable: true, type: Number }) quantity!: number | null;
  @ApiProperty({ format: 'uuid' }) recordedBy!: string;
  @ApiProperty() createdAt!: string;
}

export class EntryPageView {
  @ApiProperty({ type: [EntryView] }) items!: EntryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class BalanceView {
  @ApiProperty({ format: 'uuid' }) volunteerId!: string;
  @ApiProperty({ description: 'Points available to redeem, anywhere in the district' }) balance!: number;
  @ApiProperty({ description: 'Points earned by service' }) earned!: number;
  @ApiProperty({ description: 'Points spent on rewards (positive)' }) redeemed!: number;
  @ApiProperty({ description: 'Net of corrections' }) adjusted!: number;
  @ApiProperty() hoursServed!: number;
}

export class LeaderboardRowView {
  @ApiProperty() rank!: number;
  @ApiProperty({ format: 'uuid' }) volunteerId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ description: 'Points earned by service (and corrections) in the period' }) points!: number;
  @ApiProperty() hours!: number;
}

export class LeaderboardView {
  @ApiProperty({ format: 'uuid' }) communityId!: string;
  @ApiProperty({ nullable: true, type: String }) from!: string | null;
  @ApiProperty({ nullable: true, type: String }) to!: string | null;
  @ApiProperty({ type: [LeaderboardRowView] }) rows!: LeaderboardRowView[];
}
