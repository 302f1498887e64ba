import {
  ApiProperty,
  ApiPropertyOptional,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOmittable,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  PageQueryDto,
  Transform,
  queryBoolean,
} from '@tongxin/plugin-sdk';
import type { GridBoundary } from './grid-profile.entity';
import { GRID_DUTIES, THREE_MEMBERS, type Employment, type GridDuty } from './grid-staff.entity';

const EMPLOYMENTS: readonly Employment[] = ['full_time', 'part_time'];

const BOUNDARY_SCHEMA = {
  type: 'object' as const,
  additionalProperties: true,
  nullable: true,
  description: 'GeoJSON Polygon or MultiPolygon, [longitude, latitude] in WGS 84, closed rings',
  example: {
    type: 'Polygon',
    coordinates: [
      [
        [113.3, 33.73],
        [113.31, 33.73],
        [113.31, 33.74],
        [113.3, 33.74],
        [113.3, 33.73],
      ],
    ],
  },
};

export class ListGridsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only grids in this unit’s subtree' })
  @IsOmittable()
  @IsUUID()
  unitId?: string;
}

/** PUT replaces the whole profile: an omitted boundary or notes clears it. */
export class PutGridProfileDto {
  @ApiProperty({ example: 420 }) @IsInt() @Min(0) @Max(1_000_000) households!: number;
  @ApiProperty({ example: 12 }) @IsInt() @Min(0) @Max(100_000) buildings!: number;
  @ApiProperty({ example: 1260 }) @IsInt() @Min(0) @Max(10_000_000) residents!: number;

  @ApiPropertyOptional(BOUNDARY_SCHEMA)
  @IsOptional()
  @IsObject()
  boundary?: GridBoundary | null;

  @ApiPropertyOptional({ example: '含沿河路3–9号楼及农贸市场' })
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  notes?: string;
}

export class CreateGridStaffDto {
  @ApiProperty({
    enum: GRID_DUTIES,
    description: '网格长 (also the branch secretary), 网格员, 网格警, or the volunteer team',
  })
  @IsIn(GRID_DUTIES)
  duty!: GridDuty;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'An active user of the district, when the person has an account',
  })
  @IsOmittable()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ example: '张丽', description: 'Required without userId; defaults to the user’s display name' })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ example: '13800000000' })
  @IsOmittable()
  @IsString()
  @MaxLength(32)
  phone?: string;

  @ApiPropertyOptional({ enum: EMPLOYMENTS, default: 'full_time', description: '专职 or 兼职' })
  @IsOmittable()
  @IsIn(EMPLOYMENTS)
  employment?: Employment;

  @ApiPropertyOptional({ example: 15, description: 'Members of a volunteer team (volunteer_team only)' })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(10_000)
  memberCount?: number;
}

export class UpdateGridStaffDto {
  @ApiPropertyOptional() @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(100) name?: string;
  @ApiPropertyOptional() @IsOmittable() @IsString() @MaxLength(32) phone?: string;

  @ApiPropertyOptional({ enum: EMPLOYMENTS })
  @IsOmittable()
  @IsIn(EMPLOYMENTS)
  employment?: Employment;

  @ApiPropertyOptional({ description: 'volunteer_team only' })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(10_000)
  memberCount?: number;

  @ApiPropertyOptional({ description: 'false stands the person down; true brings them back (rules apply again)' })
  @IsOmittable()
  @IsBoolean()
  active?: boolean;
}

export class ListGridStaffQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only serving (true) or stood-down (false) staff' })
  @IsOmittable()
  @Transform(queryBoolean)
  @IsBoolean()
  active?: boolean;
}

export class CoverageQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only grids in this unit’s subtree' })
  @IsOmittable()
  @IsUUID()
  unitId?: string;
}

export class GridProfileView {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() households!: number;
  @ApiProperty() buildings!: number;
  @ApiProperty() residents!: number;
  @ApiProperty(BOUNDARY_SCHEMA) boundary!: GridBoundary | null;
  @ApiProperty() notes!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class GridProfileSummaryView {
  @ApiProperty() households!: number;
  @ApiProperty() buildings!: number;
  @ApiProperty() residents!: number;
  @ApiProperty({ description: 'A boundary is drawn (read it from GET grids/{unitId})' }) hasBoundary!: boolean;
}

export class StaffCountsView {
  @ApiProperty() grid_leader!: number;
  @ApiProperty() grid_worker!: number;
  @ApiProperty() grid_police!: number;
  @ApiProperty() volunteer_team!: number;
}

export class GridSummaryView {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid' }) communityId!: string;
  @ApiProperty({ type: GridProfileSummaryView, nullable: true }) profile!: GridProfileSummaryView | null;
  @ApiProperty({ type: StaffCountsView, description: 'Serving staff per duty' }) staffCounts!: StaffCountsView;
}

export class GridPageView {
  @ApiProperty({ type: [GridSummaryView] }) items!: GridSummaryView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class GridStaffView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty({ enum: GRID_DUTIES }) duty!: GridDuty;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) userId!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty() phone!: string;
  @ApiProperty({ enum: EMPLOYMENTS }) employment!: Employment;
  @ApiProperty({ type: Number, nullable: true }) memberCount!: number | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class GridStaffListView {
  @ApiProperty({ type: [GridStaffView] }) items!: GridStaffView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class GridDetailView {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid' }) communityId!: string;
  @ApiProperty({ type: GridProfileView, nullable: true }) profile!: GridProfileView | null;
  @ApiProperty({ type: [GridStaffView], description: 'Serving staff' }) staff!: GridStaffView[];
  @ApiProperty({ enum: THREE_MEMBERS, isArray: true, description: '三员 duties nobody serves in' })
  missingDuties!: GridDuty[];
  @ApiProperty({ description: 'A 网格长 is serving' }) hasLeader!: boolean;
}

export class CoverageGapView {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid' }) communityId!: string;
  @ApiProperty() communityName!: string;
  @ApiProperty({ enum: THREE_MEMBERS, isArray: true }) missingDuties!: GridDuty[];
  @ApiProperty({ description: 'A 网格长 is serving' }) hasLeader!: boolean;
}

export class CoverageTotalsView {
  @ApiProperty({ description: 'Grids in scope' }) grids!: number;
  @ApiProperty({ description: 'Grids with all three (网格员, 网格警, volunteer team)' }) complete!: number;
  @ApiProperty() incomplete!: number;
}

export class GridCoverageView {
  @ApiProperty({ type: [CoverageGapView], description: 'Incomplete grids only' }) items!: CoverageGapView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiProperty({ type: CoverageTotalsView }) totals!: CoverageTotalsView;
}
