import {
  ApiProperty,
  ApiPropertyOptional,
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOmittable,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  PageQueryDto,
} from '@tongxin/plugin-sdk';
import { WEEKDAYS, type Weekday } from '../constants';
import { REGISTRATION_WORKFLOW, type RegistrationStatus } from './registration-workflow';

export { REGISTRATION_STATUS_NAMES } from './registration-workflow';

export const REGISTRATION_STATUSES: readonly RegistrationStatus[] = REGISTRATION_WORKFLOW.states;

/** What the member says about themself: skills, days they can serve, a note. */
export class RegistrationProfileDto {
  @ApiPropertyOptional({ type: [String], maxItems: 20, example: ['法律咨询', '电脑维修'] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  skills?: string[];

  @ApiPropertyOptional({
    enum: WEEKDAYS,
    isArray: true,
    description: 'Days the member can serve; on applying, the district’s service days by default',
  })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(7)
  @ArrayUnique()
  @IsIn(WEEKDAYS, { each: true })
  availableDays?: Weekday[];

  @ApiPropertyOptional({ example: '周末可参加社区志愿服务' })
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class ApplyRegistrationDto extends RegistrationProfileDto {
  @ApiProperty({ format: 'uuid', description: 'The community (level 3) where the member lives' })
  @IsUUID()
  communityId!: string;
}

export class TransferRegistrationDto {
  @ApiProperty({ format: 'uuid', description: 'The new home community (level 3)' })
  @IsUUID()
  communityId!: string;

  @ApiPropertyOptional({ example: '搬家至新社区' })
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  note?: string;
}

/** The optional note of a body-less action (approve, withdraw). */
export class RegistrationNoteDto {
  @ApiPropertyOptional({ example: '欢迎报到' })
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class RefuseRegistrationDto {
  @ApiProperty({ example: '经核实不在本社区居住' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

export class ListRegistrationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REGISTRATION_STATUSES })
  @IsOmittable()
  @IsIn(REGISTRATION_STATUSES)
  status?: RegistrationStatus;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Registrations in this unit’s subtree (a community or a street)',
  })
  @IsOmittable()
  @IsUUID()
  communityId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Members of this unit (partner body)' })
  @IsOmittable()
  @IsUUID()
  partnerId?: string;
}

export class RegistrationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) memberId!: string;
  @ApiProperty({ description: 'The member’s display name' }) memberName!: string;
  @ApiProperty({ format: 'uuid', description: 'The home community' }) communityId!: string;
  @ApiProperty() communityName!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The member’s own unit' })
  partnerId!: string | null;
  @ApiProperty({ type: String, nullable: true }) partnerName!: string | null;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status!: RegistrationStatus;
  @ApiProperty({
    description:
      'A `transferred` registration whose move still awaits the new community: the member serves here until then',
  })
  transferPending!: boolean;
  @ApiProperty({ type: [String] }) skills!: string[];
  @ApiProperty({ enum: WEEKDAYS, isArray: true }) availableDays!: string[];
  @ApiProperty() note!: string;
  @ApiProperty({ type: String, format: 'date-time' }) appliedAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) decidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) decidedBy!: string | null;
  @ApiProperty({ description: 'Why it was refused, or where the member moved' }) reason!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The registration this one replaces' })
  transferredFrom!: string | null;
}

export class RegistrationPageView {
  @ApiProperty({ type: [RegistrationView] }) items!: RegistrationView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class RegistrationHistoryView {
  @ApiProperty({ type: [RegistrationView], description: 'Newest first: the current one and the history' })
  items!: RegistrationView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
