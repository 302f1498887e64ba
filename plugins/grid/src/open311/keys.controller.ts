import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  Body,
  Controller,
  Ctx,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  RequirePermission,
  RespondsWithSecret,
  type PluginRequestContext,
} from '@tongxin/plugin-sdk';
import { OPEN311_MANAGE } from '../constants';
import { IssuedKeyView, IssueKeyDto, KeyPageView, KeyView, ListKeysQueryDto } from './keys.dto';
import { Open311KeysService } from './keys.service';

/** Open311 api_keys under /api/v1/plugins/grid/open311/keys (the district administrator's). */
@ApiTags('grid')
@Controller('open311/keys')
export class Open311KeysController {
  constructor(private readonly keys: Open311KeysService) {}

  @Post()
  @RequirePermission(OPEN311_MANAGE)
  @RespondsWithSecret()
  @ApiOperation({ summary: 'Issue an Open311 api_key (district-wide); the key is shown only in this answer' })
  @ApiCreatedResponse({ type: IssuedKeyView })
  issue(@Ctx() ctx: PluginRequestContext, @Body() dto: IssueKeyDto) {
    return this.keys.issue(ctx, dto);
  }

  @Get()
  @RequirePermission(OPEN311_MANAGE)
  @ApiOperation({ summary: 'Open311 api_keys, newest first (prefix, client, unit, issued, revoked)' })
  @ApiOkResponse({ type: KeyPageView })
  list(@Ctx() ctx: PluginRequestContext, @Query() query: ListKeysQueryDto) {
    return this.keys.list(ctx, query);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @RequirePermission(OPEN311_MANAGE)
  @ApiOperation({ summary: 'Revoke an Open311 api_key: it files nothing from now on' })
  @ApiOkResponse({ type: KeyView })
  revoke(@Ctx() ctx: PluginRequestContext, @Param('id') id: string) {
    return this.keys.revoke(ctx, id);
  }
}
