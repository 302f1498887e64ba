import {
  ApiProperty,
  ApiPropertyOptional,
  IsBase64,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsLatitude,
  IsLongitude,
  IsNotEmpty,
  IsObject,
  IsOmittable,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  PageQueryDto,
  SortParam,
  Transform,
  queryBoolean,
} from '@tongxin/plugin-sdk';
import {
  CASE_ACTIONS,
  CASE_SOURCES,
  CASE_STATES,
  type CaseAction,
  type CaseSource,
  type CaseState,
} from './case-workflow';
import { CaseAttributeValueView } from '../items/item-attributes';
import { CASE_SORTS } from './case-search';

const NOTE_DOC = 'Internal: staff read it in the history; it is never published.';
const PUBLIC_REPLY_DOC = {
  description:
    'The answer to the resident, written for the public: what Open311 publishes as `status_notes` while the case ' +
    'is in the state this transition leads to (without one, a fixed text for the state). Never name people or ' +
    'their contact details here.',
  example: '已安排城管中队今日清理',
};

export class CreateCaseDto {
  @ApiProperty({
    enum: CASE_SOURCES,
    description: 'Walk-in resident, patrol, 12345 hotline, online message, upper-level dispatch',
  })
  @IsIn(CASE_SOURCES.filter((s) => s !== 'open311'))
  source!: Exclude<CaseSource, 'open311'>;

  @ApiProperty({ format: 'uuid', description: 'An active item of the grid item list' })
  @IsUUID()
  itemId!: string;

  @ApiProperty({ format: 'uuid', description: 'Where the problem is: a grid normally (any unit you can report at)' })
  @IsUUID()
  unitId!: string;

  @ApiProperty({ example: '3号楼楼道堆放杂物，堵塞消防通道' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  description!: string;

  @ApiPropertyOptional({ example: '沿河路社区3号楼2单元' })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  address?: string;

  @ApiPropertyOptional({ example: 33.7353 })
  @IsOmittable()
  @IsLatitude()
  latitude?: number;

  @ApiPropertyOptional({ example: 113.3209 })
  @IsOmittable()
  @IsLongitude()
  longitude?: number;

  @ApiPropertyOptional({ example: '李女士' })
  @IsOmittable()
  @IsString()
  @MaxLength(100)
  reporterName?: string;

  @ApiPropertyOptional({ example: '13800000000' })
  @IsOmittable()
  @IsString()
  @MaxLength(32)
  reporterPhone?: string;

  @ApiPropertyOptional({ description: 'Needs volunteers (opens a call in the dual-reporting plugin)' })
  @IsOmittable()
  @IsBoolean()
  needsVolunteers?: boolean;

  @ApiPropertyOptional({ description: 'Keep it as collected (问题采集) and report it later', default: false })
  @IsOmittable()
  @IsBoolean()
  draft?: boolean;
}

const DISTRICT_DAY = /^\d{4}-\d{2}-\d{2}$/;

export class ListCasesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    example: '20261202-0001',
    description:
      'A case number as a resident quotes it: the whole number (with or without the hyphen) finds that case; ' +
      'its beginning (`20261202`, `20261202-00`) the cases whose numbers start so',
  })
  @IsOmittable()
  @IsString()
  @Matches(/^(\d{1,8}(-\d{0,6})?|\d{9,14})$/)
  number?: string;

  @ApiPropertyOptional({
    example: '井盖',
    description: 'Text in the description or the address (any case, at most 100 characters)',
  })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({
    example: '2026-12-01',
    description: 'Filed on or after this district day (YYYY-MM-DD, in the district’s time zone)',
  })
  @IsOmittable()
  @Matches(DISTRICT_DAY)
  @IsISO8601({ strict: true })
  createdFrom?: string;

  @ApiPropertyOptional({
    example: '2026-12-02',
    description: 'Filed on or before this district day (YYYY-MM-DD, in the district’s time zone, the whole day)',
  })
  @IsOmittable()
  @Matches(DISTRICT_DAY)
  @IsISO8601({ strict: true })
  createdTo?: string;

  // `createdAt` is filing order; `deadline` puts cases without one last either way (case-search.ts).
  @SortParam(CASE_SORTS, '-createdAt')
  sort?: string;

  @ApiPropertyOptional({ enum: CASE_STATES })
  @IsOmittable()
  @IsIn(CASE_STATES)
  state?: CaseState;

  @ApiPropertyOptional({ format: 'uuid', description: 'Cases located in this unit’s subtree' })
  @IsOmittable()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOmittable()
  @IsUUID()
  itemId?: string;

  @ApiPropertyOptional({ enum: CASE_SOURCES })
  @IsOmittable()
  @IsIn(CASE_SOURCES)
  source?: CaseSource;

  @ApiPropertyOptional({ description: 'Only cases past their deadline (督办)' })
  @IsOmittable()
  @Transform(queryBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Only cases dispatched to me, my unit or my department' })
  @IsOmittable()
  @Transform(queryBoolean)
  @IsBoolean()
  mine?: boolean;
}

export class DispatchCaseDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Dispatch to this org unit (in the handling unit’s subtree)' })
  @IsOmittable()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Or to this department (a partner body of type department)' })
  @IsOmittable()
  @IsUUID()
  partnerId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The person who handles it, in that unit or department' })
  @IsOmittable()
  @IsUUID()
  handlerUserId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Reclassify under another item (分类)' })
  @IsOmittable()
  @IsUUID()
  itemId?: string;

  @ApiPropertyOptional({ description: 'Deadline; by default now + the item’s time limit' })
  @IsOmittable()
  @IsISO8601({ strict: true })
  deadline?: string;

  @ApiPropertyOptional({ description: NOTE_DOC })
  @IsOmittable()
  @IsString()
  @MaxLength(1000)
  note?: string;

  @ApiPropertyOptional(PUBLIC_REPLY_DOC)
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  publicReply?: string;
}

/** The body of report: an optional note. */
export class CaseNoteDto {
  @ApiPropertyOptional({ description: NOTE_DOC })
  @IsOmittable()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** The body of accept and verify: an optional note, and optionally a reply to the resident. */
export class CaseReplyNoteDto extends CaseNoteDto {
  @ApiPropertyOptional(PUBLIC_REPLY_DOC)
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  publicReply?: string;
}

/** The body of refer (按责转办): the referral kind, its target, why, and what the practice needs. */
export class ReferCaseDto {
  @ApiProperty({ example: 'mediation.dispute', description: 'A kind from GET /api/v1/referrals/kinds' })
  @IsString()
  @MaxLength(81)
  kind!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'For a kind that goes to a unit: the case’s unit or one above it',
  })
  @IsOmittable()
  @IsUUID()
  targetUnitId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'For a kind that goes to a partner body (a property company)' })
  @IsOmittable()
  @IsUUID()
  targetPartnerBodyId?: string;

  @ApiProperty({ description: 'Why it goes there: the receivers read it' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'What the kind asks for' })
  @IsOmittable()
  @IsObject()
  payload?: Record<string, unknown>;

  @ApiPropertyOptional(PUBLIC_REPLY_DOC)
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  publicReply?: string;
}

/** The body of return and reject (staff to staff): a reason is required. */
export class CaseReasonDto {
  @ApiProperty({ description: `Why (or, for resolve, what was done). ${NOTE_DOC}` })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  note!: string;
}

/** The body of resolve, escalate, cancel and reopen: a reason or result, and optionally a reply to the resident. */
export class CaseReplyReasonDto extends CaseReasonDto {
  @ApiPropertyOptional(PUBLIC_REPLY_DOC)
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  publicReply?: string;
}

export class UploadPhotoDto {
  @ApiProperty({ enum: ['image/jpeg', 'image/png', 'image/webp'] })
  @IsString()
  @MaxLength(40)
  contentType!: string;

  @ApiProperty({ description: 'The image, base64-encoded' })
  @IsBase64()
  data!: string;
}

export class CaseHandlerView {
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) unitId!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) partnerId!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) userId!: string | null;
  @ApiProperty({
    description: 'Who handles it: the person’s name when it is with one person, else the unit’s or department’s',
  })
  name!: string;
  @ApiProperty({ description: 'The unit’s or department’s name' }) orgName!: string;
}

export class PhotoView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['report', 'resolution'] }) stage!: string;
  @ApiProperty({ description: 'Sent by the resident through Open311, and published as its media_url' })
  published!: boolean;
  @ApiProperty() contentType!: string;
  @ApiProperty() size!: number;
  @ApiProperty() url!: string;
}

/** A case in a list: no reporter contact, no photos. */
export class CaseSummaryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '20261122-0007' }) number!: string;
  @ApiProperty({ enum: CASE_SOURCES }) source!: CaseSource;
  @ApiProperty({ enum: CASE_STATES }) state!: CaseState;
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty() itemCode!: string;
  @ApiProperty() itemName!: string;
  @ApiProperty() description!: string;
  @ApiProperty() address!: string;
  @ApiProperty({ type: Number, nullable: true }) latitude!: number | null;
  @ApiProperty({ type: Number, nullable: true }) longitude!: number | null;
  @ApiProperty({ format: 'uuid', description: 'Where the problem is' }) unitId!: string;
  @ApiProperty({ format: 'uuid', description: 'Who owns the case now' }) handlingUnitId!: string;
  @ApiProperty({ description: '4 grid, 3 community, 2 street, 1 district' }) handlingLevel!: number;
  @ApiProperty({ type: CaseHandlerView, nullable: true }) handler!: CaseHandlerView | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) dispatchedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) respondBy!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) acceptedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) deadlineAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) resolvedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) closedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) overdueAt!: string | null;
  @ApiProperty() escalations!: number;
  @ApiProperty() reopenCount!: number;
  @ApiProperty({ type: String, nullable: true, enum: ['satisfied', 'basically_satisfied', 'dissatisfied'] })
  satisfaction!: string | null;
  @ApiProperty() needsVolunteers!: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'Its last change' }) updatedAt!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['pending', 'accepted', 'refused', 'resolved'],
    description: 'Referred to another practice (ADR 021): where its referral stands',
  })
  referralStatus!: string | null;
  @ApiProperty({
    enum: CASE_ACTIONS,
    isArray: true,
    description: 'The transitions you may fire now: what your queue says to do next',
  })
  allowedActions!: CaseAction[];
}

/** Where a referred case went and what became of it: never the other practice’s own record. */
export class CaseReferralView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'mediation.dispute' }) kind!: string;
  @ApiProperty({ description: 'The kind, in the caller’s language' }) kindName!: string;
  @ApiProperty({ enum: ['pending', 'accepted', 'refused', 'resolved'] }) status!: string;
  @ApiProperty({ description: 'The practice it went to, in the caller’s language' }) practice!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The unit or partner body it went to' })
  target!: string | null;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: String, nullable: true }) refusalReason!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The outcome the practice reported, by name' })
  outcome!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) outcomeAt!: string | null;
}

/** One case in full. */
export class CaseView extends CaseSummaryView {
  @ApiProperty() reporterName!: string;
  @ApiProperty() reporterPhone!: string;
  @ApiProperty({ description: 'What the handler reported doing' }) resolution!: string;
  @ApiProperty({ type: [PhotoView] }) photos!: PhotoView[];
  @ApiProperty({ type: [CaseAttributeValueView], description: 'Answers to the item’s attributes, given at intake' })
  attributes!: CaseAttributeValueView[];
  @ApiProperty({ type: CaseReferralView, nullable: true, description: 'Its latest referral to another practice' })
  referral!: CaseReferralView | null;
}

export class CasePageView {
  @ApiProperty({ type: [CaseSummaryView] }) items!: CaseSummaryView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class CaseEventView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() action!: string;
  @ApiProperty({ type: String, nullable: true }) fromState!: string | null;
  @ApiProperty() toState!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) actorId!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Who did it: the staff member’s display name; null for the system (a timer) or a resident (Open311)',
  })
  actorName!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ description: 'The staff note: internal, never published' }) note!: string;
  @ApiProperty({ description: 'The reply to the resident, published through Open311 (empty: none)' })
  publicReply!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
}

export class CaseHistoryView {
  @ApiProperty({ type: [CaseEventView] }) items!: CaseEventView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class SupervisionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ enum: ['overdue', 'manual'] }) reason!: string;
  @ApiProperty({ type: String, format: 'date-time' }) openedAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) closedAt!: string | null;
  @ApiProperty() note!: string;
}

export class SupervisionPageView {
  @ApiProperty({ type: [SupervisionView] }) items!: SupervisionView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class ListSupervisionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only open ones' })
  @IsOmittable()
  @Transform(queryBoolean)
  @IsBoolean()
  open?: boolean;
}

export class DepartmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '湛河区城市管理局' }) name!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The unit that set it up, whose subtree it serves; null when it serves the whole district',
  })
  unitId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) unitName!: string | null;
}

export class DepartmentListView {
  @ApiProperty({ type: [DepartmentView] }) items!: DepartmentView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
