import {
  ApiConflict,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  Body,
  Controller,
  Ctx,
  Get,
  Param,
  Patch,
  Post,
  Put,
  Query,
  RequirePermission,
  type PluginRequestContext,
} from '@tongxin/plugin-sdk';
import { GRID_MANAGE, GRID_READ } from '../constants';
import {
  CoverageQueryDto,
  CreateGridStaffDto,
  GridCoverageView,
  GridDetailView,
  GridPageView,
  GridProfileView,
  GridStaffListView,
  GridStaffView,
  ListGridsQueryDto,
  ListGridStaffQueryDto,
  PutGridProfileDto,
  UpdateGridStaffDto,
} from './grids.dto';
import { GridsService } from './grids.service';

/** Grids (level-4 units), their profiles and staff, under /api/v1/plugins/grid/grids. */
@ApiTags('grid')
@Controller('grids')
export class GridsController {
  constructor(private readonly grids: GridsService) {}

  @Get()
  @RequirePermission(GRID_READ)
  @ApiOperation({ summary: 'Grids in your scope with their profile and serving staff per duty' })
  @ApiOkResponse({ type: GridPageView })
  list(@Ctx() ctx: PluginRequestContext, @Query() query: ListGridsQueryDto) {
    return this.grids.list(ctx, query);
  }

  // Before `:unitId`, which would otherwise take "coverage" as an id.
  @Get('coverage')
  @RequirePermission(GRID_READ)
  @ApiOperation({ summary: 'Grids missing any of the 三员 (网格员, 网格警, volunteer team), with totals' })
  @ApiOkResponse({ type: GridCoverageView })
  coverage(@Ctx() ctx: PluginRequestContext, @Query() query: CoverageQueryDto) {
    return this.grids.coverage(ctx, query);
  }

  @Get(':unitId')
  @RequirePermission(GRID_READ)
  @ApiOperation({ summary: 'One grid: profile, serving staff, missing duties' })
  @ApiOkResponse({ type: GridDetailView })
  get(@Ctx() ctx: PluginRequestContext, @Param('unitId') unitId: string) {
    return this.grids.get(ctx, unitId);
  }

  @Put(':unitId/profile')
  @RequirePermission(GRID_MANAGE)
  @ApiOperation({ summary: 'Create or replace the grid’s profile (households, buildings, residents, boundary)' })
  @ApiOkResponse({ type: GridProfileView })
  putProfile(@Ctx() ctx: PluginRequestContext, @Param('unitId') unitId: string, @Body() dto: PutGridProfileDto) {
    return this.grids.putProfile(ctx, unitId, dto);
  }

  @Get(':unitId/staff')
  @RequirePermission(GRID_READ)
  @ApiOperation({ summary: 'The grid’s staff, serving and stood down' })
  @ApiOkResponse({ type: GridStaffListView })
  listStaff(@Ctx() ctx: PluginRequestContext, @Param('unitId') unitId: string, @Query() query: ListGridStaffQueryDto) {
    return this.grids.listStaff(ctx, unitId, query);
  }

  @Post(':unitId/staff')
  @RequirePermission(GRID_MANAGE)
  @ApiOperation({ summary: 'Add a 网格长, 网格员, 网格警 or volunteer team to the grid' })
  @ApiCreatedResponse({ type: GridStaffView })
  @ApiConflict('GRID_STAFF_DUPLICATE', 'GRID_LEADER_EXISTS')
  addStaff(@Ctx() ctx: PluginRequestContext, @Param('unitId') unitId: string, @Body() dto: CreateGridStaffDto) {
    return this.grids.addStaff(ctx, unitId, dto);
  }

  @Patch(':unitId/staff/:id')
  @RequirePermission(GRID_MANAGE)
  @ApiOperation({ summary: 'Edit a staff entry, or stand them down (active: false)' })
  @ApiOkResponse({ type: GridStaffView })
  @ApiConflict('GRID_STAFF_DUPLICATE', 'GRID_LEADER_EXISTS')
  updateStaff(
    @Ctx() ctx: PluginRequestContext,
    @Param('unitId') unitId: string,
    @Param('id') id: string,
    @Body() dto: UpdateGridStaffDto,
  ) {
    return this.grids.updateStaff(ctx, unitId, id, dto);
  }
}
