import { localTime, type PluginTx, type TimerContext, type TimerDeclaration } from '@tongxin/plugin-sdk';
import { GridCallResponse } from './call-response.entity';
import { GridCall } from './call.entity';

export const REPORT_IN_TIMER = 'call-report-in';

/** The call, locked: report-in, close and the limit timer take turns on it, so lateness is decided once. */
export async function lockCall(tx: PluginTx, id: string): Promise<GridCall | null> {
  const [row] = await tx
    .repository(GridCall)
    .queryBuilder('c')
    .where('c.id = :id', { id })
    .setLock('pessimistic_write')
    .getMany();
  return row ?? null;
}

/** Marks every department that has not reported in as late; returns those responses. */
export async function markLate(tx: PluginTx, call: GridCall): Promise<GridCallResponse[]> {
  const missing = await tx
    .repository(GridCallResponse)
    .queryBuilder('r')
    .where('r.call_id = :id and r.reported_at is null and r.late is null', { id: call.id })
    .getMany();
  for (const r of missing) await tx.repository(GridCallResponse).update(r.id, { late: true });
  if (missing.length)
    await tx.audit('call.late', 'grid_call', call.id, null, { latePartnerIds: missing.map((r) => r.partnerId) });
  return missing;
}

/**
 * At the call's limit (一叫就到): every department that has not reported in is late, even if it
 * never does, and the caller hears which ones. A call closed before its limit has no latecomers.
 */
export const CALL_TIMERS: TimerDeclaration<never>[] = [
  {
    name: REPORT_IN_TIMER,
    async fire(ctx: TimerContext<never>) {
      const call = await lockCall(ctx.tx, ctx.key);
      if (!call || call.status === 'closed') return;
      const missing = await markLate(ctx.tx, call);
      if (!missing.length) return;
      const names = [...(await ctx.tx.names({ partnerBodies: missing.map((r) => r.partnerId) })).partnerBodies.values()]
        .sort()
        .map((name) => ({ name }));
      await ctx.tx.notifications.notify({
        userIds: [call.raisedBy],
        kind: 'call-late',
        params: {
          title: call.title,
          reportInBy: localTime(call.reportInBy, { round: 'down', timeZone: await ctx.tx.clock.timeZone() }),
          departments: { 'zh-CN': names.map((n) => n.name).join('、'), en: names.map((n) => n.name).join(', ') },
        },
        data: { callId: call.id, partnerIds: missing.map((r) => r.partnerId) },
        dedupeKey: `call-late:${call.id}`,
      });
    },
  },
];
