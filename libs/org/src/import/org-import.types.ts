import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray } from 'class-validator';

export const MAX_IMPORT_ROWS = 20_000;

/** One unit to import. Rows are checked by the import service, so every bad row is reported at once. */
export class OrgImportRowDto {
  @ApiProperty({ example: 'ZH-YM-001' }) code!: string;
  @ApiProperty({ example: '曙光街社区党委' }) name!: string;
  @ApiProperty({
    example: 'ZH-YM',
    description: 'Code of the parent: a unit already in the tenant or one earlier or later in this import',
  })
  parentCode!: string;
  @ApiPropertyOptional({ minimum: 2, maximum: 5, description: 'Optional check against the parent level + 1' })
  level?: number;
}

export class OrgImportDto {
  @ApiProperty({ type: [OrgImportRowDto] })
  @IsArray()
  @ArrayMaxSize(MAX_IMPORT_ROWS)
  units!: unknown[];
}

export class OrgImportProblemDto {
  @ApiProperty({ description: '1-based row number (for CSV: the data row, not counting the header)' }) row!: number;
  @ApiPropertyOptional() field?: string;
  @ApiProperty({ example: 'PARENT_NOT_FOUND' }) code!: string;
  @ApiProperty() message!: string;
}

export class OrgImportResultDto {
  @ApiProperty({ description: 'Units created' }) created!: number;
  @ApiProperty({ description: 'Units created per level', example: { '2': 3, '3': 36, '4': 344 } })
  byLevel!: Record<string, number>;
  @ApiPropertyOptional({
    enum: ['utf-8', 'utf-16le', 'utf-16be', 'gb18030', 'xlsx'],
    description: 'For a file: how it was read (a CSV’s detected encoding, or `xlsx`)',
  })
  encoding?: string;
}
