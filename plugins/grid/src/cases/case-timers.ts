import type { PluginTx, TimerContext, TimerDeclaration } from '@tongxin/plugin-sdk';
import type { GridSettings } from '../settings';
import { handlerAndSupervisor, handlerRecipients } from './case-notify';
import { HANDLER_STATES } from './case-workflow';
import { GridCase } from './case.entity';
import { recordEvent } from './intake';
import { GridSupervision } from './supervision.entity';

export const REMINDER_TIMER = 'case-reminder';
export const OVERDUE_TIMER = 'case-overdue';

interface DeadlinePayload {
  deadline: string;
}

/**
 * The reminder goes `reminderBeforeMinutes` before the deadline, or halfway for limits shorter
 * than twice that; the overdue timer at the deadline itself. Both carry the deadline they were
 * set for, so a timer outlived by a new dispatch does nothing.
 */
export async function scheduleDeadlineTimers(tx: PluginTx, c: GridCase, deadline: Date): Promise<void> {
  const { reminderBeforeMinutes } = await tx.settings<GridSettings>();
  const span = deadline.getTime() - tx.now.getTime();
  const before = Math.min(reminderBeforeMinutes * 60_000, span / 2);
  const payload = { deadline: deadline.toISOString() };
  await tx.timers.schedule(REMINDER_TIMER, c.id, new Date(deadline.getTime() - before), payload);
  await tx.timers.schedule(OVERDUE_TIMER, c.id, deadline, payload);
}

export async function cancelDeadlineTimers(tx: PluginTx, c: GridCase): Promise<void> {
  await tx.timers.cancel(REMINDER_TIMER, c.id);
  await tx.timers.cancel(OVERDUE_TIMER, c.id);
}

/** Flags the case overdue and opens its 督办 record; returns the columns to set on the case. */
export async function markOverdue(tx: PluginTx, c: GridCase): Promise<Partial<GridCase>> {
  await tx.repository(GridSupervision).insert(
    {
      caseId: c.id,
      reason: 'overdue',
      openedAt: tx.now,
      openedBy: null,
      handlerUnitId: c.handlerUnitId,
      handlerPartnerId: c.handlerPartnerId,
      note: '',
      closedAt: null,
    },
    { unitId: c.unitId },
  );
  await recordEvent(tx, c, 'overdue', c.state, c.state, { deadline: c.deadlineAt?.toISOString() ?? null });
  const userIds = await handlerAndSupervisor(tx, c);
  if (userIds.length)
    await tx.notifications.notify({
      userIds,
      kind: 'case-overdue',
      title: `超期督办：${c.number}`,
      body: `办理期限 ${c.deadlineAt ? (await tx.clock.calendar()).format(c.deadlineAt) : ''} 已过，事件仍未办结：${c.description}`,
      data: { caseId: c.id, number: c.number },
      dedupeKey: `case-overdue:${c.id}:${c.deadlineAt?.toISOString() ?? ''}`,
    });
  return { overdueAt: tx.now };
}

/** The case the timer was set for, if still with its handler (or its referral unaccepted) on the same deadline. */
async function stillRunning(ctx: TimerContext<DeadlinePayload>): Promise<GridCase | null> {
  const [row] = await ctx.tx
    .repository(GridCase)
    .queryBuilder('c')
    .where('c.id = :id', { id: ctx.key })
    .setLock('pessimistic_write')
    .getMany();
  if (!row) return null;
  // A case referred on is still the grid's until the other practice accepts it (ADR 021).
  const running =
    HANDLER_STATES.includes(row.state) || (row.state === 'transferred' && row.referralStatus === 'pending');
  if (!running) return null;
  return row.deadlineAt?.toISOString() === ctx.payload.deadline ? row : null;
}

export const CASE_TIMERS: TimerDeclaration<never>[] = [
  {
    name: REMINDER_TIMER,
    async fire(ctx: TimerContext<DeadlinePayload>) {
      const c = await stillRunning(ctx);
      if (!c) return;
      await recordEvent(ctx.tx, c, 'remind', c.state, c.state, { deadline: ctx.payload.deadline });
      const userIds = await handlerRecipients(ctx.tx, c);
      if (userIds.length)
        await ctx.tx.notifications.notify({
          userIds,
          kind: 'case-reminder',
          title: `即将超期：${c.number}`,
          body: `请于 ${(await ctx.tx.clock.calendar()).format(new Date(ctx.payload.deadline))} 前办结：${c.description}`,
          data: { caseId: c.id, number: c.number, deadline: ctx.payload.deadline },
          dedupeKey: `case-reminder:${c.id}:${ctx.payload.deadline}`,
        });
    },
  },
  {
    name: OVERDUE_TIMER,
    async fire(ctx: TimerContext<DeadlinePayload>) {
      const c = await stillRunning(ctx);
      if (!c || c.overdueAt) return;
      const changes = await markOverdue(ctx.tx, c);
      await ctx.tx.repository(GridCase).update(c.id, changes);
    },
  },
] as TimerDeclaration<never>[];
