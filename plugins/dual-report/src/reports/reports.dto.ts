import {
  ApiProperty,
  ApiPropertyOptional,
  IsISO8601,
  IsOmittable,
  IsUUID,
  Matches,
  PageQueryDto,
} from '@tongxin/plugin-sdk';
import { WEEKDAYS } from '../constants';
import { EvaluationView } from '../evaluations/evaluations.dto';
import { REGISTRATION_STATUSES } from '../registrations/registrations.dto';
import type { RegistrationStatus } from '../registrations/registration.entity';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** District days, both included; by default the current year. */
export class PeriodQueryDto {
  @ApiPropertyOptional({ format: 'date', example: '2026-01-01', description: 'First district day (default 1 January)' })
  @IsOmittable()
  @Matches(DAY)
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2026-12-31',
    description: 'Last district day (default 31 December)',
  })
  @IsOmittable()
  @Matches(DAY)
  @IsISO8601({ strict: true })
  to?: string;
}

export class UnitMembersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'date', example: '2026-01-01' })
  @IsOmittable()
  @Matches(DAY)
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-12-31' })
  @IsOmittable()
  @Matches(DAY)
  @IsISO8601({ strict: true })
  to?: string;
}

export class UnitRecordsQueryDto extends UnitMembersQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'One of your members' })
  @IsOmittable()
  @IsUUID()
  memberId?: string;
}

export class MemberRegistrationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) communityId!: string;
  @ApiProperty() communityName!: string;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status!: RegistrationStatus;
  @ApiProperty({ enum: WEEKDAYS, isArray: true }) availableDays!: string[];
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'Set while moving from another community' })
  transferredFrom!: string | null;
}

export class UnitMemberView {
  @ApiProperty({ format: 'uuid' }) memberId!: string;
  @ApiProperty() memberName!: string;
  @ApiProperty({ type: MemberRegistrationView, nullable: true, description: 'The pending or approved registration' })
  registration!: MemberRegistrationView | null;
  @ApiProperty({ description: 'Registered with a community now (approved, or approved and moving)' })
  reported!: boolean;
  @ApiProperty({ description: 'Hours served in the period (for this unit)' }) hours!: number;
  @ApiProperty({ description: 'Activities attended in the period' }) activities!: number;
  @ApiProperty({ description: '办实事 in the period' }) workDone!: number;
}

export class UnitMemberPageView {
  @ApiProperty({ type: [UnitMemberView] }) items!: UnitMemberView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class ServiceRecordView {
  @ApiProperty({ format: 'uuid' }) signupId!: string;
  @ApiProperty({ format: 'uuid' }) memberId!: string;
  @ApiProperty() memberName!: string;
  @ApiProperty({ format: 'uuid' }) callId!: string;
  @ApiProperty() callTitle!: string;
  @ApiProperty({ enum: ['need', 'activity'] }) callKind!: string;
  @ApiProperty({ format: 'uuid', description: 'The community served' }) communityId!: string;
  @ApiProperty() communityName!: string;
  @ApiProperty({ format: 'date', description: 'The district day of the service' }) date!: string;
  @ApiProperty() hours!: number;
  @ApiProperty({ description: '办实事: what was done, as the community confirmed it' }) workDone!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) confirmedAt!: string | null;
}

export class ServiceRecordPageView {
  @ApiProperty({ type: [ServiceRecordView] }) items!: ServiceRecordView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class UnitSummaryView {
  @ApiProperty({ format: 'uuid' }) partnerId!: string;
  @ApiProperty() partnerName!: string;
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ description: 'The unit’s party members: its active users holding party_member' }) members!: number;
  @ApiProperty({ description: 'Of them, those holding a registration at the period’s end' })
  membersReported!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'membersReported ÷ members, four decimals' })
  shareReported!: number | null;
  @ApiProperty({ description: 'Its members’ hours served in the period' }) hours!: number;
  @ApiProperty({ description: 'Its members’ attended sign-ups' }) activities!: number;
  @ApiProperty({ description: 'Its members’ 办实事' }) workDone!: number;
  @ApiProperty({ description: 'Sign-ups of the unit itself (机关报到) attended' }) unitActivities!: number;
  @ApiProperty() unitHours!: number;
  @ApiProperty() unitWorkDone!: number;
  @ApiProperty({ type: [EvaluationView], description: 'The communities’ ratings of the unit in the period’s years' })
  unitEvaluations!: EvaluationView[];
  @ApiProperty({ type: [EvaluationView], description: 'The communities’ ratings of its members in those years' })
  memberEvaluations!: EvaluationView[];
}
