import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { RequestContext } from '@tongxin/context';
import { AuditEvent } from './audit-event.entity';
import { PlatformAuditEvent } from './platform-audit-event.entity';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string | null;
  before?: object | null;
  after?: object | null;
}

/** Who did it, from where. `sourceAddress` is the client's (clientAddress in libs/http). */
export interface AuditActor {
  actorId: string | null;
  actorType: AuditEvent['actorType'];
  requestId: string | null;
  sourceAddress?: string | null;
}

export interface PlatformAuditEntry {
  action: string;
  entity: string;
  entityId: string | null;
  /** The district concerned, if any. */
  tenantId?: string | null;
  after?: object | null;
}

const SECRET_FIELDS = new Set([
  'passwordHash',
  'tokenHash',
  'password',
  'currentPassword',
  'newPassword',
  'apiKey',
  'apiKeyHash',
  'accessToken',
  'refreshToken',
]);

/** Drops secrets and turns dates into strings, so audit rows never hold credentials. */
function snapshot(value: object | null | undefined): Record<string, unknown> | null {
  if (!value) return null;
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (SECRET_FIELDS.has(key) ? undefined : v))) as Record<
    string,
    unknown
  >;
}

/**
 * Writes audit events inside the caller's transaction, so an audit row exists exactly when the
 * change it describes committed.
 */
@Injectable()
export class AuditService {
  async record(
    em: EntityManager,
    ctx: Pick<RequestContext, 'tenantId' | 'userId' | 'requestId' | 'sourceAddress'>,
    entry: AuditEntry,
  ): Promise<void> {
    await this.write(
      em,
      ctx.tenantId,
      { actorId: ctx.userId, actorType: 'user', requestId: ctx.requestId, sourceAddress: ctx.sourceAddress },
      entry,
    );
  }

  async recordAs(em: EntityManager, tenantId: string, actor: AuditActor, entry: AuditEntry): Promise<void> {
    await this.write(em, tenantId, actor, entry);
  }

  /** An event of the platform's own trail (no tenant transaction needed: the table has no row-level security). */
  async recordPlatform(
    em: EntityManager,
    actor: Omit<AuditActor, 'actorType'> & { actorType: PlatformAuditEvent['actorType'] },
    entry: PlatformAuditEntry,
  ): Promise<void> {
    await em.insert(PlatformAuditEvent, {
      id: uuidv7(),
      actorId: actor.actorId,
      actorType: actor.actorType,
      requestId: actor.requestId,
      sourceAddress: actor.sourceAddress ?? null,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId,
      targetTenantId: entry.tenantId ?? null,
      after: snapshot(entry.after) as never,
    });
  }

  private async write(em: EntityManager, tenantId: string, actor: AuditActor, entry: AuditEntry): Promise<void> {
    await em.insert(AuditEvent, {
      tenantId,
      id: uuidv7(),
      actorId: actor.actorId,
      actorType: actor.actorType,
      requestId: actor.requestId,
      sourceAddress: actor.sourceAddress ?? null,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId,
      before: snapshot(entry.before) as never,
      after: snapshot(entry.after) as never,
    });
  }
}
