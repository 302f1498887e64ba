import type { PluginTx, TimerContext, TimerDeclaration } from '@tongxin/plugin-sdk';
import type { DualReportSettings } from '../settings';
import { DualReportPairing } from './pairing.entity';
import { liaisonsOf } from '../shared/people';

export const RENEWAL_TIMER = 'agreement-renewal';

type RenewalPayload = { termEnd: string };

const DAY_MS = 86_400_000;

/**
 * Schedules (or moves) the pairing's renewal reminder to the start of the district day
 * `renewalReminderDays` before its term ends; a term ending sooner than that is reminded now.
 * The payload carries the term it was set for, so a reminder for a superseded term does nothing.
 */
export async function scheduleRenewal(tx: PluginTx, pairing: DualReportPairing): Promise<void> {
  const { renewalReminderDays } = await tx.settings<DualReportSettings>();
  const day = new Date(Date.parse(`${pairing.termEnd}T00:00:00Z`) - renewalReminderDays * DAY_MS);
  const due = await tx.clock.startOfDay(day.toISOString().slice(0, 10));
  const payload: RenewalPayload = { termEnd: pairing.termEnd };
  await tx.timers.schedule(RENEWAL_TIMER, pairing.id, due < tx.now ? tx.now : due, payload);
}

/** The pairing, locked: renewal, ending and the reminder take turns on it. */
export async function lockPairing(tx: PluginTx, id: string): Promise<DualReportPairing | null> {
  const [row] = await tx
    .repository(DualReportPairing)
    .queryBuilder('p')
    .where('p.id = :id', { id })
    .setLock('pessimistic_write')
    .getMany();
  return row ?? null;
}

/**
 * Before the term ends, the community staff who signed the pairing in and the unit's liaisons
 * are reminded to renew. Nothing when the pairing ended or its term moved since.
 */
export const PAIRING_TIMERS: TimerDeclaration<never>[] = [
  {
    name: RENEWAL_TIMER,
    async fire(ctx: TimerContext<RenewalPayload>) {
      const { tx } = ctx;
      const pairing = await lockPairing(tx, ctx.key);
      if (!pairing || pairing.status !== 'active' || pairing.termEnd !== ctx.payload.termEnd) return;
      const creator = await tx.users.get(pairing.createdBy);
      const userIds = [
        ...new Set([
          ...(creator?.status === 'active' ? [creator.id] : []),
          ...(await liaisonsOf(tx, pairing.partnerId)),
        ]),
      ];
      if (!userIds.length) return;
      const community = await tx.hierarchy.unit(pairing.unitId);
      const unit = await tx.partners.get(pairing.partnerId);
      await tx.notifications.notify({
        userIds,
        kind: RENEWAL_TIMER,
        params: { unit: unit?.name ?? '', community: community?.name ?? '', termEnd: pairing.termEnd },
        data: {
          pairingId: pairing.id,
          communityId: pairing.unitId,
          partnerId: pairing.partnerId,
          termEnd: pairing.termEnd,
        },
        dedupeKey: `${RENEWAL_TIMER}:${pairing.id}:${pairing.termEnd}`,
      });
    },
  },
];
