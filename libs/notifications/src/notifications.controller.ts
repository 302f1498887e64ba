import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Authenticated, Ctx, type RequestContext } from '@tongxin/context';
import type { Page } from '@tongxin/http';
import {
  MarkedReadDto,
  NotificationDto,
  NotificationPageDto,
  NotificationQueryDto,
  UnreadCountDto,
} from './notification.dto';
import { NotificationService } from './notification.service';

/** The signed-in user's own inbox: nobody reads anyone else's. */
@ApiTags('notifications')
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationService) {}

  @Get()
  @Authenticated()
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiOperation({ summary: 'Your notifications, newest first' })
  list(@Ctx() ctx: RequestContext, @Query() query: NotificationQueryDto): Promise<Page<NotificationDto>> {
    return this.notifications.list(ctx, query);
  }

  @Get('unread-count')
  @Authenticated()
  @ApiOkResponse({ type: UnreadCountDto })
  @ApiOperation({ summary: 'How many of your notifications are unread' })
  async unreadCount(@Ctx() ctx: RequestContext): Promise<UnreadCountDto> {
    return { unread: await this.notifications.unreadCount(ctx) };
  }

  @Post('read-all')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: MarkedReadDto })
  @ApiOperation({ summary: 'Mark all your notifications read' })
  async readAll(@Ctx() ctx: RequestContext): Promise<MarkedReadDto> {
    return { marked: await this.notifications.markAllRead(ctx) };
  }

  @Post(':id/read')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: NotificationDto })
  @ApiOperation({ summary: 'Mark one notification read' })
  read(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<NotificationDto> {
    return this.notifications.markRead(ctx, id);
  }
}
