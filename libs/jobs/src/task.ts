/** The queue for tenant work (plugin jobs, event deliveries, timer firings). */
export const TASKS_QUEUE = 'tongxin-tasks';
/** The queue for the platform's own schedules (outbox relay sweep, timer sweep, purges). */
export const SYSTEM_QUEUE = 'tongxin-system';

/** One unit of tenant work on the tasks queue. Always carries its tenant: it runs inside that tenant's context. */
export interface TaskData {
  kind: 'job' | 'event' | 'timer' | 'referral';
  tenantId: string;
  /** The plugin that runs it: the job's owner, the event's subscriber, the timer's owner, the referral's target or origin. */
  pluginId: string;
  /** Job name, event name (`<source>.<event>`), or timer name. */
  name: string;
  version: number;
  payload: Record<string, unknown>;
  /** The outbox row (jobs, events) or timer row it came from. */
  sourceId: string;
  /** Events only: who published it (null for the core). */
  sourcePluginId?: string | null;
  actorId?: string | null;
  occurredAt: string;
  /** Timers only: the timer's business key. */
  key?: string;
  /** Timers only: the generation claimed, so a rescheduled timer cannot fire for its old due time. */
  generation?: number;
}

/** BullMQ job ids may not contain ':'; ours are `<source id>` or `<source id>.<subscriber>`. */
export const eventJobId = (outboxId: string, subscriber: string) => `${outboxId}.${subscriber}`;
/** A timer handed over again (a lost job) gets a new id: firing once is the `fired_at` claim's job, not the id's. */
export const timerJobId = (timerId: string, generation: number, enqueuedAt: Date) =>
  `timer.${timerId}.${generation}.${enqueuedAt.getTime()}`;
