import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIP, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto, SortParam, type SortKeys } from '@tongxin/http';

/** `?sort=` of the audit trails: by time (the primary key's order), newest first unless asked. */
export const AUDIT_SORTS: SortKeys = { createdAt: 'id' };

export class AuditQueryDto extends PageQueryDto {
  @SortParam(AUDIT_SORTS, '-createdAt')
  sort?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() actorId?: string;
  @ApiPropertyOptional({ example: 'org_unit' }) @IsOptional() @IsString() @MaxLength(64) entity?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() entityId?: string;
  @ApiPropertyOptional({ example: 'org.move' }) @IsOptional() @IsString() @MaxLength(64) action?: string;
  @ApiPropertyOptional({ description: 'ISO 8601, inclusive' }) @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional({ description: 'ISO 8601, exclusive' }) @IsOptional() @IsISO8601() to?: string;
  @ApiPropertyOptional({ example: '203.0.113.7', description: 'Events of requests from this address' })
  @IsOptional()
  @IsIP()
  sourceAddress?: string;
}

export class AuditEventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) actorId!: string | null;
  @ApiProperty({ enum: ['user', 'operator', 'system', 'anonymous'] }) actorType!: string;
  @ApiProperty({ example: 'org.move' }) action!: string;
  @ApiProperty({ example: 'org_unit' }) entity!: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) entityId!: string | null;
  @ApiPropertyOptional({ type: Object, nullable: true }) before!: Record<string, unknown> | null;
  @ApiPropertyOptional({ type: Object, nullable: true }) after!: Record<string, unknown> | null;
  @ApiPropertyOptional({ type: String, nullable: true }) requestId!: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '203.0.113.7',
    description: 'The client address of the request (see TRUST_PROXY)',
  })
  sourceAddress!: string | null;
  @ApiProperty() createdAt!: Date;
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items!: AuditEventDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor!: string | null;
}

export class PlatformAuditQueryDto extends PageQueryDto {
  @SortParam(AUDIT_SORTS, '-createdAt')
  sort?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() actorId?: string;
  @ApiPropertyOptional({ example: 'operator.login' }) @IsOptional() @IsString() @MaxLength(64) action?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Events about this district' })
  @IsOptional()
  @IsUUID()
  tenantId?: string;
  @ApiPropertyOptional({ example: '203.0.113.7' }) @IsOptional() @IsIP() sourceAddress?: string;
  @ApiPropertyOptional({ description: 'ISO 8601, inclusive' }) @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional({ description: 'ISO 8601, exclusive' }) @IsOptional() @IsISO8601() to?: string;
}

export class PlatformAuditEventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) actorId!: string | null;
  @ApiProperty({ enum: ['operator', 'system', 'anonymous'] }) actorType!: string;
  @ApiProperty({ example: 'operator.login' }) action!: string;
  @ApiProperty({ example: 'operator' }) entity!: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) entityId!: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) tenantId!: string | null;
  @ApiPropertyOptional({ type: Object, nullable: true }) after!: Record<string, unknown> | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '203.0.113.7' }) sourceAddress!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) requestId!: string | null;
  @ApiProperty() createdAt!: Date;
}

export class PlatformAuditEventPageDto {
  @ApiProperty({ type: [PlatformAuditEventDto] }) items!: PlatformAuditEventDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor!: string | null;
}
