import { applyDecorators, type Type } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, IntersectionType, OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_MEDIA_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** `?format=csv|xlsx` of every export route. */
export class ExportFormatQueryDto {
  @ApiPropertyOptional({
    enum: EXPORT_FORMATS,
    default: 'csv',
    description: 'CSV (UTF-8 with BOM) or an XLSX workbook',
  })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}

/**
 * The query of a list's export: the list's own filters and sort, without its paging (an export is
 * the whole list), plus `format`. Built from the list's query class, so a filter the list refuses
 * the export refuses with the same 400, and an unknown parameter (`limit` too) is the same 400.
 */
export function exportQueryOf<T>(listQuery: Type<T>): Type<Omit<T, 'limit' | 'cursor'> & ExportFormatQueryDto> {
  return IntersectionType(OmitType(listQuery, ['limit', 'cursor'] as never[]), ExportFormatQueryDto) as unknown as Type<
    Omit<T, 'limit' | 'cursor'> & ExportFormatQueryDto
  >;
}

/**
 * OpenAPI of an export route: its summary, and a 200 in the two media types it produces (its
 * refusals stay JSON, as every route's: they are sent before any byte of the file).
 */
export function ApiExport(summary: string): MethodDecorator {
  return applyDecorators(
    ApiOperation({
      summary,
      description:
        'The whole list, with the same filters, sort and scope as the JSON list, as CSV (UTF-8 with BOM, ' +
        'for Excel) or XLSX; column headers in the caller’s language; personal data masked unless the ' +
        'caller may see it in full. Streamed; each export is audited with its filters and row count.',
    }),
    ApiOkResponse({
      description: 'The file, as `attachment` with a Chinese (or English) file name (RFC 6266 / 5987 `filename*`)',
      content: {
        [EXPORT_MEDIA_TYPES.csv]: { schema: { type: 'string' } },
        [EXPORT_MEDIA_TYPES.xlsx]: { schema: { type: 'string', format: 'binary' } },
      },
    }),
  );
}
