import {
  ApiProperty,
  ApiPropertyOptional,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOmittable,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  Transform,
  Type,
  IsObject,
  ValidateNested,
  IsArray,
  ArrayMaxSize,
  queryBoolean,
  PageQueryDto,
} from '@tongxin/plugin-sdk';
import {
  HANDLER_TYPES,
  ITEM_CATEGORIES,
  TIME_LIMIT_UNITS,
  type HandlerType,
  type ItemCategory,
  type TimeLimitUnit,
} from './grid-item.entity';
import { ItemAttributeDto, ItemAttributeView, MAX_ATTRIBUTES } from './item-attributes';

const ATTRIBUTES_DOC = {
  type: [ItemAttributeDto] as [typeof ItemAttributeDto],
  description:
    'Service attributes Open311 clients answer as `attribute[code]` (e.g. 楼栋号, 危险等级); the whole list, replacing the old one',
};

export class CreateItemDto {
  @ApiProperty({ example: 'HP-14', description: 'Stable code, also the Open311 service_code' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/)
  code!: string;

  @ApiProperty({ enum: ITEM_CATEGORIES })
  @IsIn(ITEM_CATEGORIES)
  category!: ItemCategory;

  @ApiProperty({ example: '电动车违规充电' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiProperty({
    description: 'From dispatch to closure, in `timeLimitUnit`s: at most 2160 hours or 60 working days',
    example: 24,
  })
  @IsInt()
  @Min(1)
  @Max(24 * 90)
  timeLimit!: number;

  @ApiPropertyOptional({
    enum: TIME_LIMIT_UNITS,
    default: 'hours',
    description: '`hours` on the clock, or `working_days`: the district’s working days, holidays and 调休 respected',
  })
  @IsOmittable()
  @IsIn(TIME_LIMIT_UNITS)
  timeLimitUnit?: TimeLimitUnit;

  @ApiProperty({ enum: HANDLER_TYPES })
  @IsIn(HANDLER_TYPES)
  handlerType!: HandlerType;

  @ApiPropertyOptional({ default: 0 })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(100000)
  sortOrder?: number;

  @ApiPropertyOptional({ description: 'Residents may report it through Open311', default: false })
  @IsOmittable()
  @IsBoolean()
  public?: boolean;

  @ApiPropertyOptional(ATTRIBUTES_DOC)
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_ATTRIBUTES)
  // Each item an object: ValidateNested alone lets a nested list through.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ItemAttributeDto)
  attributes?: ItemAttributeDto[];
}

export class UpdateItemDto {
  @ApiPropertyOptional({ description: 'Residents may report it through Open311', default: false })
  @IsOmittable()
  @IsBoolean()
  public?: boolean;

  @ApiPropertyOptional({ enum: ITEM_CATEGORIES })
  @IsOmittable()
  @IsIn(ITEM_CATEGORIES)
  category?: ItemCategory;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({ description: 'In `timeLimitUnit`s (the item’s, or the one sent with it)' })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(24 * 90)
  timeLimit?: number;

  @ApiPropertyOptional({ enum: TIME_LIMIT_UNITS })
  @IsOmittable()
  @IsIn(TIME_LIMIT_UNITS)
  timeLimitUnit?: TimeLimitUnit;

  @ApiPropertyOptional({ enum: HANDLER_TYPES })
  @IsOmittable()
  @IsIn(HANDLER_TYPES)
  handlerType?: HandlerType;

  @ApiPropertyOptional({ description: 'Inactive items stay on old cases but cannot be filed' })
  @IsOmittable()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(100000)
  sortOrder?: number;

  @ApiPropertyOptional(ATTRIBUTES_DOC)
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_ATTRIBUTES)
  // Each item an object: ValidateNested alone lets a nested list through.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ItemAttributeDto)
  attributes?: ItemAttributeDto[];
}

export class ListItemsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ITEM_CATEGORIES })
  @IsOmittable()
  @IsIn(ITEM_CATEGORIES)
  category?: ItemCategory;

  @ApiPropertyOptional({ description: 'Only active (fileable) items, or only inactive ones' })
  @IsOmittable()
  @Transform(queryBoolean)
  @IsBoolean()
  active?: boolean;
}

export class ItemView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ enum: ITEM_CATEGORIES }) category!: ItemCategory;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'From dispatch to closure, in `timeLimitUnit`s' }) timeLimit!: number;
  @ApiProperty({ enum: TIME_LIMIT_UNITS }) timeLimitUnit!: TimeLimitUnit;
  @ApiProperty({ enum: HANDLER_TYPES }) handlerType!: HandlerType;
  @ApiProperty() active!: boolean;
  @ApiProperty({ description: 'Offered through Open311' }) public!: boolean;
  @ApiProperty() sortOrder!: number;
  @ApiProperty({ type: [ItemAttributeView], description: 'Open311 service attributes, in display order' })
  attributes!: ItemAttributeView[];
}

export class ItemListView {
  @ApiProperty({ type: [ItemView] }) items!: ItemView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
