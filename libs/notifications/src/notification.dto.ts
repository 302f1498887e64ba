import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto, SortParam, type SortKeys } from '@tongxin/http';

/** `?sort=` of the inbox: by time, newest first unless asked. */
export const NOTIFICATION_SORTS: SortKeys = { createdAt: 'id' };

export class NotificationQueryDto extends PageQueryDto {
  @SortParam(NOTIFICATION_SORTS, '-createdAt')
  sort?: string;

  @ApiPropertyOptional({ description: 'Only unread messages' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class NotificationDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Machine kind, `<pluginId>.<kind>` for plugins' }) kind!: string;
  @ApiProperty({ nullable: true, type: String }) pluginId!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ nullable: true, type: String }) link!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
  @ApiProperty() read!: boolean;
  @ApiProperty({ nullable: true, type: String }) readAt!: string | null;
  @ApiProperty() createdAt!: string;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) items!: NotificationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class UnreadCountDto {
  @ApiProperty() unread!: number;
}

export class MarkedReadDto {
  @ApiProperty() marked!: number;
}
