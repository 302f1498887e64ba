import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { OutboxMessage, type OutboxKind } from './outbox-message.entity';

export interface OutboxEntry {
  kind: Exclude<OutboxKind, 'timer'>;
  pluginId: string | null;
  name: string;
  version?: number;
  payload: Record<string, unknown>;
  runAt?: Date | null;
  actorId?: string | null;
}

/**
 * Writes follow-up work in the caller's transaction. Nothing reaches the queue until the
 * transaction commits and the relay picks the row up; a rollback takes the row with it.
 */
@Injectable()
export class OutboxWriter {
  async write(em: EntityManager, tenantId: string, entry: OutboxEntry): Promise<string> {
    const id = uuidv7();
    await em.insert(OutboxMessage, {
      tenantId,
      id,
      kind: entry.kind,
      pluginId: entry.pluginId,
      name: entry.name,
      version: entry.version ?? 1,
      payload: entry.payload as never,
      runAt: entry.runAt ?? null,
      actorId: entry.actorId ?? null,
      relayedAt: null,
    });
    return id;
  }
}
