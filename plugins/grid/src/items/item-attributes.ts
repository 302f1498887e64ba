import {
  ApiProperty,
  ApiPropertyOptional,
  ArrayMaxSize,
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
  Type,
  IsObject,
  ValidateNested,
} from '@tongxin/plugin-sdk';
import { itemsErrors } from './errors';

/**
 * Service attributes (GeoReport v2 service definitions): what a report of an item asks for
 * besides its description, e.g. 楼栋号 (string) or 危险等级 (a single-value list). The district
 * admin sets them on the item; Open311 publishes them and checks `attribute[code]` on POST; the
 * answers stay on the case for staff.
 */
export const ATTRIBUTE_DATATYPES = [
  'string',
  'number',
  'datetime',
  'text',
  'singlevaluelist',
  'multivaluelist',
] as const;
export type AttributeDatatype = (typeof ATTRIBUTE_DATATYPES)[number];
export const LIST_DATATYPES: readonly AttributeDatatype[] = ['singlevaluelist', 'multivaluelist'];

/** Most attributes one item may carry; the spec sets none, and a form of 20 questions is already long. */
export const MAX_ATTRIBUTES = 20;

export interface AttributeValueOption {
  key: string;
  name: string;
}

/** One attribute of an item, as stored (jsonb on grid_items) and published. */
export interface ItemAttribute {
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  /** False: shown to the resident as information only, asks for nothing. */
  variable: boolean;
  /** The question, e.g. 楼栋号. */
  description: string;
  datatypeDescription: string;
  order: number;
  /** The choices of a list datatype (empty otherwise). */
  values: AttributeValueOption[];
}

/** An answer kept on the case, with the question as it was asked. */
export interface CaseAttributeValue {
  code: string;
  description: string;
  datatype: AttributeDatatype;
  value: string | number | string[];
}

export class AttributeValueOptionDto {
  @ApiProperty({ example: 'high' })
  @Matches(/^[A-Za-z0-9_.-]{1,50}$/)
  key!: string;

  @ApiProperty({ example: '高' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;
}

export class ItemAttributeDto {
  @ApiProperty({ example: 'building', description: 'The `attribute[code]` clients send' })
  @Matches(/^[A-Za-z0-9_-]{1,32}$/)
  code!: string;

  @ApiProperty({ enum: ATTRIBUTE_DATATYPES })
  @IsIn(ATTRIBUTE_DATATYPES)
  datatype!: AttributeDatatype;

  @ApiProperty({ example: '楼栋号', description: 'The question the resident answers' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  description!: string;

  @ApiPropertyOptional({ default: false })
  @IsOmittable()
  @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional({ default: true, description: 'False: information for the resident, asks for nothing' })
  @IsOmittable()
  @IsBoolean()
  variable?: boolean;

  @ApiPropertyOptional({ example: '例如 3 号楼', description: 'A hint on the expected answer' })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  datatypeDescription?: string;

  @ApiPropertyOptional({ description: 'Display order; by default the position in the list' })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(1000)
  order?: number;

  @ApiPropertyOptional({
    type: [AttributeValueOptionDto],
    description: 'The choices: required for list datatypes, not allowed for the others',
  })
  @IsOmittable()
  @ArrayMaxSize(100)
  // Each item an object: ValidateNested alone lets a nested list through.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => AttributeValueOptionDto)
  values?: AttributeValueOptionDto[];
}

export class ItemAttributeView {
  @ApiProperty() code!: string;
  @ApiProperty({ enum: ATTRIBUTE_DATATYPES }) datatype!: AttributeDatatype;
  @ApiProperty() required!: boolean;
  @ApiProperty() variable!: boolean;
  @ApiProperty() description!: string;
  @ApiProperty() datatypeDescription!: string;
  @ApiProperty() order!: number;
  @ApiProperty({ type: [AttributeValueOptionDto] }) values!: AttributeValueOption[];
}

export class CaseAttributeValueView {
  @ApiProperty() code!: string;
  @ApiProperty({ description: 'The question as it was asked' }) description!: string;
  @ApiProperty({ enum: ATTRIBUTE_DATATYPES }) datatype!: AttributeDatatype;
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'array', items: { type: 'string' } }],
    description: 'Text, a number, an ISO date-time, a list key, or the keys of a multi-value list',
  })
  value!: string | number | string[];
}

/**
 * The attributes as the district wrote them, checked beyond field validation: codes unique, list
 * datatypes with distinct choices and the others without; each gets its defaults.
 */
export function checkedAttributes(given: ItemAttributeDto[]): ItemAttribute[] {
  const seen = new Set<string>();
  return given.map((a, i) => {
    const values = a.values ?? [];
    if (seen.has(a.code) || new Set(values.map((v) => v.key)).size !== values.length)
      throw itemsErrors.ITEM_ATTRIBUTE_DUPLICATE({ code: a.code });
    seen.add(a.code);
    if (LIST_DATATYPES.includes(a.datatype) !== values.length > 0)
      throw itemsErrors.ITEM_ATTRIBUTE_VALUES({ code: a.code, datatype: a.datatype });
    return {
      code: a.code,
      datatype: a.datatype,
      required: a.required ?? false,
      variable: a.variable ?? true,
      description: a.description,
      datatypeDescription: a.datatypeDescription ?? '',
      order: a.order ?? i + 1,
      values: values.map((v) => ({ key: v.key, name: v.name })),
    };
  });
}

/** In display order (then code), as service definitions list them. */
export function inOrder(attributes: ItemAttribute[]): ItemAttribute[] {
  return [...attributes].sort((a, b) => a.order - b.order || a.code.localeCompare(b.code));
}
