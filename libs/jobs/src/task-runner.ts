import type { EntityManager } from 'typeorm';
import type { TaskData } from './task';

/** Who receives what: the relay asks it how to fan out events and how often to retry jobs. */
export abstract class TaskRouting {
  /** Subscribers of an event name and version (plugin ids), whether or not enabled anywhere. */
  abstract subscribersOf(event: string, version: number): string[];
  /** How many attempts a job of this plugin gets before it is failed. */
  abstract attemptsFor(pluginId: string, jobName: string): number;
}

/**
 * Runs tenant tasks for whoever owns them. The plugin host implements it; the jobs lib only
 * knows that a task runs inside its tenant's transaction and whether its owner is enabled.
 */
export abstract class TaskRunner {
  /** Is the plugin enabled for the tenant (read in the task's own transaction)? */
  abstract isEnabled(em: EntityManager, pluginId: string): Promise<boolean>;
  /** Runs the task's handler in `em`, the transaction that also holds its receipt. */
  abstract run(em: EntityManager, task: TaskData, meta: { jobId: string; attempt: number }): Promise<void>;
}
