import { Injectable } from '@nestjs/common';
import { canOn, districtScope } from '@tongxin/access';
import type { RequestContext } from '@tongxin/context';
import { TenantTransaction } from '@tongxin/database';
import { decodeCursor, DomainError, pageSize, parseSort, toPage, ValidationFailed, type Page } from '@tongxin/http';
import { AuditEvent } from './audit-event.entity';
import {
  AUDIT_SORTS,
  type AuditEventDto,
  type AuditQueryDto,
  type PlatformAuditEventDto,
  type PlatformAuditQueryDto,
} from './audit-query.dto';
import { PlatformAuditEvent } from './platform-audit-event.entity';

/**
 * A query time as a Date. @IsISO8601 also accepts forms Date cannot parse (week dates such as
 * `2024-W05`, ordinal dates such as `2024-123`); those are refused like any other invalid field.
 */
function instant(value: string, field: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new ValidationFailed([
      { property: field, constraints: { isIso8601: `${field} must be a valid ISO 8601 date string` }, children: [] },
    ]);
  }
  return date;
}

/**
 * The audit trail, newest first (`sort=createdAt`: oldest first). It spans the whole tenant (it
 * records rows that belong to no unit, such as roles), so reading it needs `audit.read` over the
 * district root.
 */
@Injectable()
export class AuditQueryService {
  constructor(private readonly tx: TenantTransaction) {}

  list(ctx: RequestContext, query: AuditQueryDto): Promise<Page<AuditEventDto>> {
    if (!canOn(ctx.ability, 'audit.read', districtScope(ctx))) throw new DomainError('AUDIT_NEEDS_DISTRICT_SCOPE', 403);
    const newest = parseSort(query.sort, AUDIT_SORTS, '-createdAt').descending;
    return this.tx.run(ctx.tenantId, async (em) => {
      const limit = pageSize(query);
      const qb = em
        .createQueryBuilder(AuditEvent, 'e')
        .orderBy('e.id', newest ? 'DESC' : 'ASC')
        .take(limit + 1);
      if (query.actorId) qb.andWhere('e.actor_id = :actorId', { actorId: query.actorId });
      if (query.entity) qb.andWhere('e.entity = :entity', { entity: query.entity });
      if (query.entityId) qb.andWhere('e.entity_id = :entityId', { entityId: query.entityId });
      if (query.action) qb.andWhere('e.action = :action', { action: query.action });
      if (query.from) qb.andWhere('e.created_at >= :from', { from: instant(query.from, 'from') });
      if (query.to) qb.andWhere('e.created_at < :to', { to: instant(query.to, 'to') });
      if (query.sourceAddress) qb.andWhere('e.source_address = :source', { source: query.sourceAddress });
      const after = decodeCursor(query.cursor);
      if (after) qb.andWhere(`e.id ${newest ? '<' : '>'} :after`, { after });
      return toPage(await qb.getMany(), limit, (e) => ({
        id: e.id,
        actorId: e.actorId,
        actorType: e.actorType,
        action: e.action,
        entity: e.entity,
        entityId: e.entityId,
        before: e.before,
        after: e.after,
        requestId: e.requestId,
        sourceAddress: e.sourceAddress,
        createdAt: e.createdAt,
      }));
    });
  }
}

/** The platform's own trail (operators' logins, unknown districts' login attempts), newest first, for operators. */
@Injectable()
export class PlatformAuditQueryService {
  constructor(private readonly tx: TenantTransaction) {}

  list(query: PlatformAuditQueryDto): Promise<Page<PlatformAuditEventDto>> {
    const newest = parseSort(query.sort, AUDIT_SORTS, '-createdAt').descending;
    return this.tx.platform(async (em) => {
      const limit = pageSize(query);
      const qb = em
        .createQueryBuilder(PlatformAuditEvent, 'e')
        .orderBy('e.id', newest ? 'DESC' : 'ASC')
        .take(limit + 1);
      if (query.actorId) qb.andWhere('e.actor_id = :actorId', { actorId: query.actorId });
      if (query.action) qb.andWhere('e.action = :action', { action: query.action });
      if (query.tenantId) qb.andWhere('e.target_tenant_id = :tenantId', { tenantId: query.tenantId });
      if (query.sourceAddress) qb.andWhere('e.source_address = :source', { source: query.sourceAddress });
      if (query.from) qb.andWhere('e.created_at >= :from', { from: instant(query.from, 'from') });
      if (query.to) qb.andWhere('e.created_at < :to', { to: instant(query.to, 'to') });
      const after = decodeCursor(query.cursor);
      if (after) qb.andWhere(`e.id ${newest ? '<' : '>'} :after`, { after });
      return toPage(await qb.getMany(), limit, (e) => ({
        id: e.id,
        actorId: e.actorId,
        actorType: e.actorType,
        action: e.action,
        entity: e.entity,
        entityId: e.entityId,
        tenantId: e.targetTenantId,
        after: e.after,
        sourceAddress: e.sourceAddress,
        requestId: e.requestId,
        createdAt: e.createdAt,
      }));
    });
  }
}
