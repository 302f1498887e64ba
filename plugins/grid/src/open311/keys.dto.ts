import {
  ApiProperty,
  ApiPropertyOptional,
  IsNotEmpty,
  IsOmittable,
  IsString,
  IsUUID,
  MaxLength,
  PageQueryDto,
} from '@tongxin/plugin-sdk';

export class IssueKeyDto {
  @ApiProperty({ example: '12345 热线系统', description: 'Who the key is for' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  clientName!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Where its requests are filed when no grid boundary contains them; the district by default',
  })
  @IsOmittable()
  @IsUUID()
  unitId?: string;
}

export class ListKeysQueryDto extends PageQueryDto {}

export class KeyView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() clientName!: string;
  @ApiProperty({ description: 'The first characters of the key, to tell keys apart' }) keyPrefix!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ format: 'uuid' }) issuedBy!: string;
  @ApiProperty({ type: String, format: 'date-time' }) issuedAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) revokedAt!: string | null;
}

/** The answer to issuing a key: the only time the key itself is shown (only its SHA-256 is kept). */
export class IssuedKeyView extends KeyView {
  @ApiProperty({ description: 'The api_key for the client: shown once, never stored' }) apiKey!: string;
}

export class KeyPageView {
  @ApiProperty({ type: [KeyView] }) items!: KeyView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
