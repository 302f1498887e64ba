import {
  ApiProperty,
  ApiPropertyOptional,
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOmittable,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  PageQueryDto,
  Type,
  IsObject,
  ValidateNested,
} from '@tongxin/plugin-sdk';
import type { CallKind, CallStatus } from './call.entity';
import type { SignupStatus } from './signup.entity';

export const CALL_KINDS = ['need', 'activity'] as const;
export const CALL_STATUSES = ['open', 'closed', 'cancelled'] as const;
export const SIGNUP_STATUSES = ['signed', 'cancelled', 'attended', 'absent'] as const;

export class PostCallDto {
  @ApiProperty({ format: 'uuid', description: 'The posting community (社区吹号) or grid branch (支部吹哨)' })
  @IsUUID()
  unitId!: string;

  @ApiProperty({ enum: CALL_KINDS, description: 'A need to meet (需求) or an activity to join (活动)' })
  @IsIn(CALL_KINDS)
  kind!: CallKind;

  @ApiProperty({ example: '重阳节敬老院义务理发' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  title!: string;

  @ApiPropertyOptional({ example: '为敬老院老人理发、修剪指甲，需自带工具' })
  @IsOmittable()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ example: '社区养老服务中心' })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  place?: string;

  @ApiProperty({ format: 'date-time', description: 'In the future' })
  @IsISO8601({ strict: true })
  startsAt!: string;

  @ApiProperty({ format: 'date-time', description: 'After the start' })
  @IsISO8601({ strict: true })
  endsAt!: string;

  @ApiProperty({ minimum: 1, maximum: 1000, description: 'Places available (a unit signing up takes one)' })
  @IsInt()
  @Min(1)
  @Max(1000)
  capacity!: number;

  @ApiPropertyOptional({ type: [String], example: ['理发', '医疗'] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(50, { each: true })
  skillsWanted?: string[];
}

/** The body of close and of cancelling a sign-up: an optional note. */
export class CallNoteDto {
  @ApiPropertyOptional({ example: '活动已结束' })
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class CancelCallDto {
  @ApiProperty({ example: '因天气原因取消' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

export class SignUpDto {
  @ApiPropertyOptional({
    default: false,
    description: 'A unit liaison signs their unit up (机关报到) instead of themself (党员报到)',
  })
  @IsOmittable()
  @IsBoolean()
  asUnit?: boolean;
}

export class AttendanceEntryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  signupId!: string;

  @ApiProperty({ description: 'Came and served (false: absent)' })
  @IsBoolean()
  attended!: boolean;

  @ApiPropertyOptional({
    example: 2.5,
    description: 'Hours served, when attended: more than 0, at most maxHoursPerSignup and the call’s length',
  })
  @IsOmittable()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  hours?: number;

  @ApiPropertyOptional({ example: '为 12 位老人理发', description: 'What was done (办实事)' })
  @IsOmittable()
  @IsString()
  @MaxLength(1000)
  workDone?: string;
}

export class AttendanceDto {
  @ApiProperty({ type: [AttendanceEntryDto], description: 'One entry per sign-up (1–200); all or nothing' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  // Each item an object: ValidateNested alone lets a nested list through.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => AttendanceEntryDto)
  entries!: AttendanceEntryDto[];
}

export class ListCallsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CALL_STATUSES })
  @IsOmittable()
  @IsIn(CALL_STATUSES)
  status?: CallStatus;

  @ApiPropertyOptional({ enum: CALL_KINDS })
  @IsOmittable()
  @IsIn(CALL_KINDS)
  kind?: CallKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'Calls posted in this unit’s subtree' })
  @IsOmittable()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Calls starting at or after' })
  @IsOmittable()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Calls starting before' })
  @IsOmittable()
  @IsISO8601({ strict: true })
  to?: string;
}

export class SignupView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) callId!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The member (null for a unit)' })
  memberId!: string | null;
  @ApiProperty({ type: String, nullable: true }) memberName!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The unit signed up (机关报到)' })
  partnerId!: string | null;
  @ApiProperty({ type: String, nullable: true }) partnerName!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The member’s own unit at sign-up' })
  memberPartnerId!: string | null;
  @ApiProperty({ enum: SIGNUP_STATUSES }) status!: SignupStatus;
  @ApiProperty({ type: String, format: 'date-time' }) signedAt!: string;
  @ApiProperty({ format: 'uuid' }) signedBy!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) confirmedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) confirmedBy!: string | null;
  @ApiProperty() hours!: number;
  @ApiProperty({ description: 'What was done (办实事)' }) workDone!: string;
}

export class CallView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The posting community or grid branch' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ format: 'uuid', description: 'The community the call is in' }) communityId!: string;
  @ApiProperty({ enum: CALL_KINDS }) kind!: CallKind;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty() place!: string;
  @ApiProperty({ type: String, format: 'date-time' }) startsAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) endsAt!: string;
  @ApiProperty() capacity!: number;
  @ApiProperty({ description: 'Capacity less the live sign-ups' }) placesLeft!: number;
  @ApiProperty({ type: [String] }) skillsWanted!: string[];
  @ApiProperty({ enum: CALL_STATUSES }) status!: CallStatus;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'Null when a grid case opened it' })
  postedBy!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The grid case that asked for volunteers' })
  sourceCaseId!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) closedAt!: string | null;
}

export class CallDetailView extends CallView {
  @ApiProperty({
    type: [SignupView],
    description: 'Every sign-up for the call’s staff; a member or a unit liaison sees only their own',
  })
  signups!: SignupView[];
}

export class CallPageView {
  @ApiProperty({ type: [CallView] }) items!: CallView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
