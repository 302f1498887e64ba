import {
  ApiProperty,
  ApiPropertyOptional,
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOmittable,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  PageQueryDto,
  Type,
  IsObject,
  ValidateNested,
} from '@tongxin/plugin-sdk';
import { AGREEMENT_ITEM_KINDS, type AgreementItemKind } from './agreement-item.entity';

export const PAIRING_STATUSES = ['active', 'ended'] as const;
export type PairingStatus = (typeof PAIRING_STATUSES)[number];

/** Most lines per list of an agreement, as sent in one request. */
const MAX_ITEMS = 50;

/** A calendar day `YYYY-MM-DD` that exists (2026-02-30 does not). */
const IsDay = (): PropertyDecorator => (target, key) => {
  Matches(/^\d{4}-\d{2}-\d{2}$/, { message: `${String(key)} must be a date YYYY-MM-DD` })(target, key);
  IsISO8601({ strict: true })(target, key);
};

export class AgreementItemDto {
  @ApiProperty({ example: '辖区老年人助餐志愿服务' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @MaxLength(1000)
  description?: string;
}

/** A line added to an agreement later: which of the lists it goes on. */
export class NewAgreementItemDto extends AgreementItemDto {
  @ApiProperty({ enum: AGREEMENT_ITEM_KINDS })
  @IsIn(AGREEMENT_ITEM_KINDS)
  kind!: AgreementItemKind;
}

/** One optional list of an agreement. */
const ItemList =
  (description: string): PropertyDecorator =>
  (target, key) =>
    [
      ApiPropertyOptional({ type: [AgreementItemDto], description }),
      IsOmittable(),
      IsArray(),
      ArrayMaxSize(MAX_ITEMS),
      IsObject({ each: true }),
      ValidateNested({ each: true }),
      Type(() => AgreementItemDto),
    ].forEach((decorate) => decorate(target, key));

export class CreatePairingDto {
  @ApiProperty({ format: 'uuid', description: 'The community (a level-3 unit)' })
  @IsUUID()
  communityId!: string;

  @ApiProperty({ format: 'uuid', description: 'The unit: a partner body of type `unit`' })
  @IsUUID()
  partnerId!: string;

  @ApiProperty({ format: 'date', example: '2026-03-01', description: '签订日期' })
  @IsDay()
  signedOn!: string;

  @ApiProperty({ format: 'date', example: '2026-03-01' })
  @IsDay()
  termStart!: string;

  @ApiProperty({ format: 'date', example: '2028-02-29', description: 'Last day of the term, after termStart' })
  @IsDay()
  termEnd!: string;

  @ItemList('需求清单: what the community needs')
  needs?: AgreementItemDto[];

  @ItemList('资源清单: what the unit brings')
  resources?: AgreementItemDto[];

  @ItemList('活动清单: activities held together')
  activities?: AgreementItemDto[];

  @ItemList('服务清单: services the unit provides')
  services?: AgreementItemDto[];

  @ApiProperty({
    type: [AgreementItemDto],
    description: '考核清单: at least one; the year-end evaluation scores each',
  })
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  // Each item an object: ValidateNested alone lets a nested list through.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => AgreementItemDto)
  assessmentItems!: AgreementItemDto[];
}

/** Renewal and list changes; ids of removed lines come from the pairing's `agreement`. */
export class UpdatePairingDto {
  @ApiPropertyOptional({ format: 'date', description: 'Renewal: the new last day (reschedules the reminder)' })
  @IsOmittable()
  @IsDay()
  termEnd?: string;

  @ApiPropertyOptional({ type: [NewAgreementItemDto] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  // Each item an object: ValidateNested alone lets a nested list through.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => NewAgreementItemDto)
  addItems?: NewAgreementItemDto[];

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(5 * MAX_ITEMS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  removeItemIds?: string[];
}

/** The body of `end`: an optional note, kept in the audit trail. */
export class PairingNoteDto {
  @ApiPropertyOptional({ example: '单位撤并，协议终止' })
  @IsOmittable()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class ListPairingsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Pairings of the communities in this unit’s subtree' })
  @IsOmittable()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Pairings of this unit (partner body)' })
  @IsOmittable()
  @IsUUID()
  partnerId?: string;

  @ApiPropertyOptional({ enum: PAIRING_STATUSES })
  @IsOmittable()
  @IsIn(PAIRING_STATUSES)
  status?: PairingStatus;
}

export class AgreementItemView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
}

/** The co-building agreement's lists (共驻共建协议: 需求/资源清单, 活动/服务清单, 考核清单). */
export class AgreementView {
  @ApiProperty({ type: [AgreementItemView] }) needs!: AgreementItemView[];
  @ApiProperty({ type: [AgreementItemView] }) resources!: AgreementItemView[];
  @ApiProperty({ type: [AgreementItemView] }) activities!: AgreementItemView[];
  @ApiProperty({ type: [AgreementItemView] }) services!: AgreementItemView[];
  @ApiProperty({ type: [AgreementItemView] }) assessmentItems!: AgreementItemView[];
}

export class PairingView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The community' }) communityId!: string;
  @ApiProperty() communityName!: string;
  @ApiProperty({ format: 'uuid', description: 'The unit (partner body)' }) partnerId!: string;
  @ApiProperty({ description: 'The unit’s name' }) partnerName!: string;
  @ApiProperty({ format: 'date' }) signedOn!: string;
  @ApiProperty({ format: 'date' }) termStart!: string;
  @ApiProperty({ format: 'date' }) termEnd!: string;
  @ApiProperty({ enum: PAIRING_STATUSES }) status!: PairingStatus;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) endedAt!: string | null;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ type: AgreementView }) agreement!: AgreementView;
}

export class PairingDetailView extends PairingView {
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'When the renewal reminder goes out; null once sent or when the pairing ended',
  })
  renewalReminderAt!: string | null;
}

export class PairingPageView {
  @ApiProperty({ type: [PairingView] }) items!: PairingView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class UnpairedUnitView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class UnpairedUnitsView {
  @ApiProperty({ description: 'Units (partner bodies of type unit) in the district' }) units!: number;
  @ApiProperty({ description: 'Units with at least one active pairing' }) paired!: number;
  @ApiProperty() unpaired!: number;
  @ApiProperty({ type: [UnpairedUnitView], description: 'The units with no community, by name' })
  items!: UnpairedUnitView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
