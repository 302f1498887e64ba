import { readVariable } from '@tongxin/config';
/** How long a call to the queue store may take before we stop waiting for it. */
export const QUEUE_CALL_TIMEOUT_MS = readVariable('JOB_QUEUE_TIMEOUT_MS');

/**
 * Gives up on a queue call that does not settle in time: while Redis reconnects, a command can
 * wait indefinitely, and the relay would hold its outbox rows locked (and a sweep its flag) until
 * then. Giving up is safe: a call that completes late adds jobs whose ids are already taken, or
 * the next sweep does the work again.
 */
export async function withQueueTimeout<T>(what: string, call: Promise<T>, ms = QUEUE_CALL_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: the queue did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
