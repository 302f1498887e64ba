import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  IsObject,
  ValidateNested,
} from 'class-validator';
import { IsOmittable, PageQueryDto } from '@tongxin/http';

/** The district as its staff and clients see it. */
export class TenantProfileDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'zhanhe', description: 'The code staff sign in with; set by the platform' }) code!: string;
  @ApiProperty({ example: '平顶山市湛河区' }) name!: string;
  @ApiProperty({ type: String, nullable: true, example: '湛河区' }) shortName!: string | null;
  @ApiProperty({ example: '410411', description: '6-digit 行政区划代码' }) divisionCode!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uri', description: 'https address of the logo' })
  logoUrl!: string | null;
  @ApiProperty({
    example: 'Asia/Shanghai',
    description: 'IANA time zone the district’s days, deadlines and working days are counted in',
  })
  timeZone!: string;
  @ApiProperty() updatedAt!: Date;
}

/** What the district administrator may change; omitted fields stay as they are. */
export class UpdateTenantProfileDto {
  @ApiPropertyOptional({ example: '平顶山市湛河区' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '湛河区', description: 'null clears it' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MinLength(1)
  @MaxLength(30)
  shortName?: string | null;

  @ApiPropertyOptional({ example: '410411', description: '6-digit 行政区划代码' })
  @IsOmittable()
  @IsString()
  @Matches(/^[1-9]\d{5}$/)
  divisionCode?: string;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uri', description: 'An https address; null clears it' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(500)
  @IsUrl({ protocols: ['https'], require_protocol: true })
  logoUrl?: string | null;

  @ApiPropertyOptional({
    example: 'Asia/Shanghai',
    description: 'IANA time zone; an unknown name answers 400 INVALID_TIME_ZONE',
  })
  @IsOmittable()
  @IsString()
  @MaxLength(64)
  timeZone?: string;
}

export class CalendarQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 2026, description: 'Calendar year; default the district’s current year' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class HolidayNamesDto {
  @ApiProperty({ name: 'zh-CN', example: '春节' }) 'zh-CN'!: string;
  @ApiProperty({ example: 'Spring Festival' }) en!: string;
}

/** A day that is not what its weekday says, or that the district changed. */
export class CalendarDayDto {
  @ApiProperty({ example: '2026-02-16', format: 'date' }) date!: string;
  @ApiProperty({ enum: ['off', 'work'], description: '`off`: no work that day; `work`: a working day' })
  kind!: 'off' | 'work';
  @ApiProperty({
    enum: ['national', 'override'],
    description: '`national`: the State Council’s schedule (chinese-days); `override`: the district’s own',
  })
  source!: 'national' | 'override';
  @ApiProperty({ type: HolidayNamesDto, nullable: true, description: 'The holiday, for national days' })
  holiday!: HolidayNamesDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why, for the district’s overrides' })
  note!: string | null;
  @ApiPropertyOptional({
    enum: ['off', 'work'],
    description: 'For an override: what the national schedule or the weekday said before it',
  })
  replaces?: 'off' | 'work';
}

export class CalendarPageDto {
  @ApiProperty({ type: [CalendarDayDto], description: 'The year’s non-default days, in date order' })
  items!: CalendarDayDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone!: string;
  @ApiProperty({
    description:
      'Whether the national schedule covers this year. When false, the calendar is Monday–Friday plus the district’s overrides',
  })
  nationalScheduleCovers!: boolean;
  @ApiProperty({
    type: [Number],
    example: [2004, 2026],
    description: 'First and last year the national schedule covers',
  })
  coveredYears!: [number, number];
}

export class CalendarOverrideDto {
  @ApiProperty({ example: '2026-10-09', format: 'date' }) date!: string;
  @ApiProperty({ enum: ['off', 'work'] }) kind!: 'off' | 'work';
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
}

export class PutCalendarOverrideDto {
  @ApiProperty({ enum: ['off', 'work'], description: '`off`: a day off; `work`: a day worked' })
  @IsIn(['off', 'work'])
  kind!: 'off' | 'work';

  @ApiPropertyOptional({ type: String, nullable: true, example: '区运会闭幕，全区调休一天' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(200)
  note?: string | null;
}

export class CalendarOverrideItemDto extends PutCalendarOverrideDto {
  @ApiProperty({ example: '2026-10-09', format: 'date' })
  @IsString()
  @MaxLength(40)
  date!: string;
}

export class BatchCalendarOverridesDto {
  @ApiProperty({ type: [CalendarOverrideItemDto], description: 'Set all of them or none; each date once' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(366)
  // Each item an object: ValidateNested alone lets a nested list through.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CalendarOverrideItemDto)
  overrides!: CalendarOverrideItemDto[];
}

export class CalendarOverridePageDto {
  @ApiProperty({ type: [CalendarOverrideDto] }) items!: CalendarOverrideDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor!: string | null;
}
