import {
  ApiProperty,
  ApiPropertyOptional,
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsISO8601,
  IsLatitude,
  IsLongitude,
  IsOmittable,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  PageQueryDto,
} from '@tongxin/plugin-sdk';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export class CreatePatrolDto {
  @ApiProperty({ format: 'uuid', description: 'The grid patrolled (a level-4 unit you may check in at)' })
  @IsUUID()
  unitId!: string;

  @ApiPropertyOptional({ example: 33.7353, description: 'With longitude; inside the grid’s boundary if it has one' })
  @IsOmittable()
  @IsLatitude()
  latitude?: number;

  @ApiPropertyOptional({ example: 113.3209 })
  @IsOmittable()
  @IsLongitude()
  longitude?: number;

  @ApiPropertyOptional({ example: '沿河路农贸市场' })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  place?: string;

  @ApiPropertyOptional({ example: '市场东门消防通道被三轮车占用，已劝离', description: '“无异常” is a finding too' })
  @IsOmittable()
  @IsString()
  @MaxLength(1000)
  findings?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Cases of this grid filed from the patrol' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  caseIds?: string[];
}

export class ListPatrolsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only patrols in this unit’s subtree' })
  @IsOmittable()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ example: '2026-03-01', description: 'First district day, inclusive' })
  @IsOmittable()
  @Matches(DATE_ONLY)
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-31', description: 'Last district day, inclusive' })
  @IsOmittable()
  @Matches(DATE_ONLY)
  @IsISO8601({ strict: true })
  to?: string;
}

export class PatrolCoverageQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Grids in this unit’s subtree (default: all in your scope)' })
  @IsOmittable()
  @IsUUID()
  unitId?: string;

  @ApiProperty({ example: '2026-03-01', description: 'First district day, inclusive' })
  @Matches(DATE_ONLY)
  @IsISO8601({ strict: true })
  from!: string;

  @ApiProperty({ example: '2026-03-07', description: 'Last district day, inclusive; at most 31 days after from' })
  @Matches(DATE_ONLY)
  @IsISO8601({ strict: true })
  to!: string;
}

export class PatrolView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The grid' }) unitId!: string;
  @ApiProperty({ format: 'uuid' }) workerId!: string;
  @ApiProperty() workerName!: string;
  @ApiProperty({ format: 'date-time', description: 'Server time of the check-in' }) checkedInAt!: string;
  @ApiProperty({ example: '2026-03-05', description: 'District day' }) patrolDate!: string;
  @ApiProperty({ enum: ['am', 'pm'], description: 'Before or after noon, district time' }) half!: 'am' | 'pm';
  @ApiProperty({ type: Number, nullable: true }) latitude!: number | null;
  @ApiProperty({ type: Number, nullable: true }) longitude!: number | null;
  @ApiProperty() place!: string;
  @ApiProperty() findings!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) caseIds!: string[];
}

export class PatrolPageView {
  @ApiProperty({ type: [PatrolView] }) items!: PatrolView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class PatrolDayView {
  @ApiProperty({ example: '2026-03-05' }) date!: string;
  @ApiProperty({ description: 'A morning patrol was checked in' }) am!: boolean;
  @ApiProperty({ description: 'An afternoon patrol was checked in' }) pm!: boolean;
  @ApiProperty({ description: 'The day met the patrolsPerDay expectation' }) met!: boolean;
}

export class GridPatrolCoverageView {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [PatrolDayView] }) days!: PatrolDayView[];
  @ApiProperty() daysMet!: number;
}

export class PatrolCoverageSummaryView {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ description: '1: any patrol counts; 2: both morning and afternoon (上下午双巡)' })
  patrolsPerDay!: number;
  @ApiProperty() days!: number;
  @ApiProperty() grids!: number;
  @ApiProperty({ description: 'grids × days' }) gridDays!: number;
  @ApiProperty() daysMet!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'daysMet ÷ gridDays; null without grids' })
  rate!: number | null;
}

export class PatrolCoveragePageView {
  @ApiProperty({ type: [GridPatrolCoverageView] }) items!: GridPatrolCoverageView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiProperty({ type: PatrolCoverageSummaryView, description: 'Over every grid in scope, not just this page' })
  summary!: PatrolCoverageSummaryView;
}
