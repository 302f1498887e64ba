import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  Body,
  Controller,
  Ctx,
  Get,
  Post,
  Query,
  RequirePermission,
  type PluginRequestContext,
} from '@tongxin/plugin-sdk';
import { PATROL_READ, PATROL_WRITE } from '../constants';
import {
  CreatePatrolDto,
  ListPatrolsQueryDto,
  PatrolCoverageQueryDto,
  PatrolCoveragePageView,
  PatrolPageView,
  PatrolView,
} from './patrols.dto';
import { PatrolsService } from './patrols.service';

/** Patrol check-ins (上下午双巡) under /api/v1/plugins/grid/patrols. */
@ApiTags('grid')
@Controller('patrols')
export class PatrolsController {
  constructor(private readonly patrols: PatrolsService) {}

  @Post()
  @RequirePermission(PATROL_WRITE)
  @ApiOperation({ summary: 'Check in a patrol at your grid (time from the server clock)' })
  @ApiCreatedResponse({ type: PatrolView })
  create(@Ctx() ctx: PluginRequestContext, @Body() dto: CreatePatrolDto) {
    return this.patrols.create(ctx, dto);
  }

  @Get()
  @RequirePermission(PATROL_READ)
  @ApiOperation({ summary: 'Patrols in your scope, newest first' })
  @ApiOkResponse({ type: PatrolPageView })
  list(@Ctx() ctx: PluginRequestContext, @Query() query: ListPatrolsQueryDto) {
    return this.patrols.list(ctx, query);
  }

  @Get('coverage')
  @RequirePermission(PATROL_READ)
  @ApiOperation({
    summary: 'Morning/afternoon patrols per grid and day, and the rate of days that met the expectation',
  })
  @ApiOkResponse({ type: PatrolCoveragePageView })
  coverage(@Ctx() ctx: PluginRequestContext, @Query() query: PatrolCoverageQueryDto) {
    return this.patrols.coverage(ctx, query);
  }
}
