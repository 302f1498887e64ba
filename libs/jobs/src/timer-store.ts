import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';

/**
 * Durable timers inside the caller's transaction. A timer is named by (plugin, name, key);
 * scheduling an existing one moves it to the new due time and bumps its generation, which
 * re-arms a fired timer and disowns any firing already claimed for the old time.
 */
@Injectable()
export class TimerStore {
  async schedule(
    em: EntityManager,
    tenantId: string,
    timer: { pluginId: string; name: string; key: string; dueAt: Date; payload?: Record<string, unknown> },
  ): Promise<void> {
    await em.query(
      `insert into durable_timers (tenant_id, id, plugin_id, name, key, due_at, payload)
       values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (tenant_id, plugin_id, name, key) do update
          set due_at = excluded.due_at, payload = excluded.payload,
              generation = durable_timers.generation + 1,
              fired_at = null, cancelled_at = null, enqueued_at = null`,
      [tenantId, uuidv7(), timer.pluginId, timer.name, timer.key, timer.dueAt, timer.payload ?? {}],
    );
  }

  /** Cancels a pending timer; false when there was none pending. */
  async cancel(em: EntityManager, timer: { pluginId: string; name: string; key: string }): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `update durable_timers set cancelled_at = now(), generation = generation + 1
        where plugin_id = $1 and name = $2 and key = $3 and fired_at is null and cancelled_at is null
        returning id`,
      [timer.pluginId, timer.name, timer.key],
    );
    return rows.length > 0;
  }

  async dueAt(em: EntityManager, timer: { pluginId: string; name: string; key: string }): Promise<Date | null> {
    const rows: { due_at: Date }[] = await em.query(
      `select due_at from durable_timers
        where plugin_id = $1 and name = $2 and key = $3 and fired_at is null and cancelled_at is null`,
      [timer.pluginId, timer.name, timer.key],
    );
    return rows[0]?.due_at ?? null;
  }
}
