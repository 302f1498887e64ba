import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The body of every error response. */
export class ApiErrorDto {
  @ApiProperty({ example: 404 }) statusCode!: number;
  @ApiProperty({ example: 'NOT_FOUND', description: 'Stable machine-readable code' }) code!: string;
  @ApiProperty({ example: '未找到组织' }) message!: string;
  @ApiPropertyOptional({ description: 'Per-field or per-row problems' }) details?: unknown;
  @ApiProperty({ example: '0193a1b2-…' }) requestId!: string;
}
