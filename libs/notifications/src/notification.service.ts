import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { RequestContext } from '@tongxin/context';
import { TenantTransaction } from '@tongxin/database';
import { decodeCursor, notFound, pageSize, parseSort, toPage, type Page, isUuid } from '@tongxin/http';
import { Notification } from './notification.entity';
import { NOTIFICATION_SORTS, type NotificationDto, type NotificationQueryDto } from './notification.dto';

export interface NewNotification {
  userIds: string[];
  kind: string;
  title: string;
  body?: string;
  link?: string | null;
  data?: Record<string, unknown>;
  dedupeKey: string;
}

const toDto = (n: Notification): NotificationDto => ({
  id: n.id,
  kind: n.kind,
  pluginId: n.pluginId,
  title: n.title,
  body: n.body,
  link: n.link,
  data: n.data,
  read: n.readAt !== null,
  readAt: n.readAt?.toISOString() ?? null,
  createdAt: n.createdAt.toISOString(),
});

/** Each user's in-app inbox: written in the sender's transaction, read only by its owner. */
@Injectable()
export class NotificationService {
  constructor(private readonly tx: TenantTransaction) {}

  /** Sends in the caller's transaction; the same dedupe key twice for a user stays one message. */
  async send(em: EntityManager, tenantId: string, pluginId: string | null, input: NewNotification): Promise<void> {
    const userIds = [...new Set(input.userIds)];
    if (userIds.length === 0) return;
    await em
      .createQueryBuilder()
      .insert()
      .into(Notification)
      .values(
        userIds.map((userId) => ({
          tenantId,
          id: uuidv7(),
          userId,
          pluginId,
          kind: input.kind,
          title: input.title.slice(0, 200),
          body: input.body ?? '',
          link: input.link ?? null,
          data: (input.data ?? {}) as never,
          dedupeKey: input.dedupeKey,
          readAt: null,
        })),
      )
      .orIgnore()
      .execute();
  }

  /** The caller's inbox, newest first (`sort=createdAt`: oldest first). */
  list(ctx: RequestContext, query: NotificationQueryDto): Promise<Page<NotificationDto>> {
    const newest = parseSort(query.sort, NOTIFICATION_SORTS, '-createdAt').descending;
    return this.tx.run(ctx.tenantId, async (em) => {
      const limit = pageSize(query);
      const qb = em
        .createQueryBuilder(Notification, 'n')
        .where('n.user_id = :userId', { userId: ctx.userId })
        .orderBy('n.id', newest ? 'DESC' : 'ASC')
        .limit(limit + 1);
      if (query.unread) qb.andWhere('n.read_at IS NULL');
      const after = decodeCursor(query.cursor);
      if (after) qb.andWhere(`n.id ${newest ? '<' : '>'} :after`, { after });
      return toPage(await qb.getMany(), limit, toDto);
    });
  }

  unreadCount(ctx: RequestContext): Promise<number> {
    return this.tx.run(ctx.tenantId, (em) =>
      em
        .createQueryBuilder(Notification, 'n')
        .where('n.user_id = :userId AND n.read_at IS NULL', { userId: ctx.userId })
        .getCount(),
    );
  }

  /** Marks one of the caller's messages read; another user's message is a 404. Idempotent. */
  markRead(ctx: RequestContext, id: string): Promise<NotificationDto> {
    return this.tx.run(ctx.tenantId, async (em) => {
      if (!isUuid(id)) throw notFound('notification');
      const n = await em.findOneBy(Notification, { tenantId: ctx.tenantId, id, userId: ctx.userId });
      if (!n) throw notFound('notification');
      if (!n.readAt) {
        n.readAt = new Date();
        await em.update(Notification, { tenantId: ctx.tenantId, id }, { readAt: n.readAt });
      }
      return toDto(n);
    });
  }

  markAllRead(ctx: RequestContext): Promise<number> {
    return this.tx.run(ctx.tenantId, async (em) => {
      const result = await em
        .createQueryBuilder()
        .update(Notification)
        .set({ readAt: () => 'now()' })
        .where('user_id = :userId AND read_at IS NULL', { userId: ctx.userId })
        .execute();
      return result.affected ?? 0;
    });
  }
}
