import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

/** One problem with one field of the request (or one row of an import), in `details`. */
export class FieldErrorDto {
  @ApiProperty({ example: 'parentId', description: 'The field, dotted for nested ones (`items.0.name`)' })
  field!: string;
  @ApiPropertyOptional({
    example: 'isUuid',
    description: 'The validation constraint that failed (`VALIDATION_FAILED`)',
  })
  constraint?: string;
  @ApiPropertyOptional({ example: 'PARENT_NOT_FOUND', description: 'The row’s problem (`IMPORT_INVALID`)' })
  code?: string;
  @ApiPropertyOptional({ example: 3, description: 'The 1-based row of an import' })
  row?: number;
  @ApiProperty({ example: 'parentId 必须是 UUID', description: 'For people, in the caller’s language' })
  message!: string;
  @ApiPropertyOptional({
    type: [String],
    description: 'For an unknown field (`whitelistValidation`): the fields the body or query takes',
  })
  allowed?: string[];
}

/** The body of every error response. */
@ApiExtraModels(FieldErrorDto)
export class ApiErrorDto {
  @ApiProperty({ example: 404 }) statusCode!: number;
  @ApiProperty({ example: 'NOT_FOUND', description: 'Stable machine-readable code' }) code!: string;
  @ApiProperty({ example: '未找到组织' }) message!: string;
  @ApiPropertyOptional({
    description:
      'Per-field or per-row problems (`VALIDATION_FAILED`, `IMPORT_INVALID`): an array of field errors. ' +
      'A few codes carry facts as an object instead (`retryAfterSeconds` on a 429 or 503, the missing ' +
      '`permission` on a 403, the `allowed` values of `INVALID_SORT`).',
    oneOf: [
      { type: 'array', items: { $ref: getSchemaPath(FieldErrorDto) } },
      { type: 'object', additionalProperties: true },
    ],
  })
  details?: FieldErrorDto[] | Record<string, unknown>;
  @ApiProperty({ example: '0193a1b2-…' }) requestId!: string;
}
