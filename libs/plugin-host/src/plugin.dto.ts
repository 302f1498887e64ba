import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsUUID } from 'class-validator';

export class PluginProblemDto {
  @ApiProperty({ example: 'sdk' }) field!: string;
  @ApiProperty() message!: string;
}

export class PluginDto {
  @ApiProperty({ example: 'volunteer-points' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) version!: string | null;
  @ApiProperty({ description: 'Name in the caller’s language' }) name!: string;
  @ApiProperty() nameZh!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty({ enum: ['first-party', 'third-party'] }) source!: string;
  @ApiProperty({ enum: ['enabled', 'disabled', 'quarantined'] }) state!: 'enabled' | 'disabled' | 'quarantined';
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'id → version range' })
  dependsOn!: Record<string, string>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Effective settings (defaults filled in)' })
  settings!: Record<string, unknown>;
  @ApiProperty({ type: [String] }) permissions!: string[];
  @ApiProperty({ type: [PluginProblemDto], description: 'Why a quarantined plugin was refused' })
  problems!: PluginProblemDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) enabledAt!: string | null;
}

export class PluginPageDto {
  @ApiProperty({ type: [PluginDto] }) items!: PluginDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor!: string | null;
}

export class IndicatorDefinitionDto {
  @ApiProperty({ example: 'volunteer-points.hours-served' }) key!: string;
  @ApiProperty() pluginId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['count', 'ratio', 'hours', 'minutes', 'points'] }) unit!: string;
  @ApiProperty() permission!: string;
}

export class IndicatorDefinitionPageDto {
  @ApiProperty({ type: [IndicatorDefinitionDto] }) items!: IndicatorDefinitionDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor!: string | null;
}

export class IndicatorQueryDto {
  @ApiProperty({ description: 'The org unit whose subtree is counted' })
  @IsUUID()
  unitId!: string;

  @ApiProperty({ description: 'Start of the period (inclusive), ISO 8601' })
  @IsISO8601()
  from!: string;

  @ApiProperty({ description: 'End of the period (exclusive), ISO 8601' })
  @IsISO8601()
  to!: string;
}

export class IndicatorValueDto {
  @ApiProperty() key!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'null when undefined (e.g. a ratio over nothing)' })
  value!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'A ratio’s numerator, when its plugin says it' })
  numerator?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'A ratio’s denominator, when its plugin says it' })
  denominator?: number | null;
  @ApiProperty() unit!: string;
}

export class IndicatorUnitDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: '1 区委 … 5 网格党小组' }) level!: number;
}

export class IndicatorChildValueDto {
  @ApiProperty({ type: IndicatorUnitDto }) unit!: IndicatorUnitDto;
  @ApiProperty({ nullable: true, type: Number, description: 'null when undefined (e.g. a ratio over nothing)' })
  value!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) numerator?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) denominator?: number | null;
}

export class IndicatorChildrenDto {
  @ApiProperty({ example: 'grid.cases-received' }) key!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ enum: ['count', 'ratio', 'hours', 'minutes', 'points'], description: 'What the values measure' })
  unit!: string;
  @ApiProperty({
    type: [IndicatorChildValueDto],
    description: 'One per child unit of `unitId` the caller may see, in code order',
  })
  items!: IndicatorChildValueDto[];
}
