import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { EventSubscription } from '@tongxin/plugin-sdk';
import type { EntityManager } from 'typeorm';
import { TaskRouting, TaskRunner, type TaskData } from '@tongxin/jobs';
import { ReferralService } from '@tongxin/referrals';
import { PluginCatalog } from './catalog';
import { PluginRuntime } from './plugin-runtime';

/** Is the plugin installed and enabled for the transaction's tenant? */
export async function isEnabledInTenant(em: EntityManager, catalog: PluginCatalog, pluginId: string): Promise<boolean> {
  if (!catalog.manifest(pluginId)) return false;
  const rows: { enabled: boolean }[] = await em.query('select enabled from tenant_plugins where plugin_id = $1', [
    pluginId,
  ]);
  return rows[0]?.enabled === true;
}

/** Event fan-out and job retries, from the installed plugins' manifests. */
@Injectable()
export class PluginTaskRouting extends TaskRouting {
  constructor(private readonly catalog: PluginCatalog) {
    super();
  }

  subscribersOf(event: string, version: number): string[] {
    return this.catalog
      .installed()
      .filter((m) => m.events?.subscribes?.some((s) => s.event === event && s.version === version))
      .map((m) => m.id);
  }

  attemptsFor(pluginId: string, jobName: string): number {
    return this.catalog.manifest(pluginId)?.jobs?.find((j) => j.name === jobName)?.attempts ?? 5;
  }
}

/** Runs plugin jobs, event deliveries and timer firings inside the executor's tenant transaction. */
@Injectable()
export class PluginTaskRunner extends TaskRunner {
  constructor(
    private readonly catalog: PluginCatalog,
    private readonly runtime: PluginRuntime,
    private readonly referrals: ReferralService,
  ) {
    super();
  }

  isEnabled(em: EntityManager, pluginId: string): Promise<boolean> {
    return isEnabledInTenant(em, this.catalog, pluginId);
  }

  async run(em: EntityManager, task: TaskData, meta: { jobId: string; attempt: number }): Promise<void> {
    const manifest = this.catalog.manifest(task.pluginId);
    if (!manifest) throw new Error(`plugin ${task.pluginId} is not installed`);
    const tx = this.runtime.bind(em, task.tenantId, manifest, { userId: null, requestId: null });
    const get = <T>(type: new (...args: never[]) => T) => this.runtime.get(type);
    switch (task.kind) {
      case 'job': {
        const job = manifest.jobs?.find((j) => j.name === task.name);
        if (!job) throw new Error(`${task.pluginId} declares no job ${task.name}`);
        return job.handle({ tx, payload: task.payload as never, jobId: meta.jobId, attempt: meta.attempt, get });
      }
      case 'event': {
        const sub = manifest.events?.subscribes?.find((s) => s.event === task.name && s.version === task.version);
        if (!sub) throw new Error(`${task.pluginId} does not subscribe to ${task.name} v${task.version}`);
        return sub.handle({
          tx,
          payload: deliveredPayload(task.pluginId, sub, task.payload) as never,
          event: {
            id: task.sourceId,
            name: task.name,
            version: task.version,
            sourcePluginId: task.sourcePluginId ?? null,
            occurredAt: new Date(task.occurredAt),
          },
          get,
        });
      }
      case 'referral':
        return this.referrals.deliver(em, task);
      case 'timer': {
        const timer = manifest.timers?.find((t) => t.name === task.name);
        if (!timer) throw new Error(`${task.pluginId} declares no timer ${task.name}`);
        return timer.fire({
          tx,
          key: task.key ?? '',
          dueAt: new Date(task.occurredAt),
          payload: task.payload as never,
          get,
        });
      }
    }
  }
}

/**
 * The payload a typed subscription (`on(token, handler)`) gets: an instance of its class, checked
 * again on delivery. An invalid one throws, so the delivery fails where operators see it (retried,
 * then failed in the queue) and the handler never runs on data it was not written for.
 */
function deliveredPayload(subscriber: string, sub: EventSubscription<never>, payload: unknown): unknown {
  if (!sub.payload) return payload;
  const instance = plainToInstance(sub.payload, payload);
  const errors = validateSync(instance, { forbidUnknownValues: false });
  if (errors.length)
    throw new Error(
      `${sub.event} v${sub.version} delivered to ${subscriber} is invalid (${errors.map((e) => e.property).join(', ')}): the handler did not run`,
    );
  return instance;
}
