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
  Query,
  RequirePermission,
  type PluginRequestContext,
} from '@tongxin/plugin-sdk';
import { ITEM_MANAGE, ITEM_READ } from '../constants';
import { CreateItemDto, ItemListView, ItemView, ListItemsQueryDto, UpdateItemDto } from './items.dto';
import { ItemsService } from './items.service';

/** The grid item list, under /api/v1/plugins/grid/items. */
@ApiTags('grid')
@Controller('items')
export class ItemsController {
  constructor(private readonly items: ItemsService) {}

  @Get()
  @RequirePermission(ITEM_READ)
  @ApiOperation({ summary: 'The district’s grid item list (入格事项清单)' })
  @ApiOkResponse({ type: ItemListView })
  list(@Ctx() ctx: PluginRequestContext, @Query() query: ListItemsQueryDto) {
    return this.items.list(ctx, query);
  }

  @Post()
  @RequirePermission(ITEM_MANAGE)
  @ApiOperation({ summary: 'Add an item to the list (district-wide)' })
  @ApiCreatedResponse({ type: ItemView })
  @ApiConflict('GRID_ITEM_CODE_TAKEN')
  create(@Ctx() ctx: PluginRequestContext, @Body() dto: CreateItemDto) {
    return this.items.create(ctx, dto);
  }

  @Patch(':id')
  @RequirePermission(ITEM_MANAGE)
  @ApiOperation({ summary: 'Edit an item, or take it off the list (active: false)' })
  @ApiOkResponse({ type: ItemView })
  update(@Ctx() ctx: PluginRequestContext, @Param('id') id: string, @Body() dto: UpdateItemDto) {
    return this.items.update(ctx, id, dto);
  }
}
