import type { PluginTx, ReferralUpdateContext, ReferralView } from '@tongxin/plugin-sdk';
import { CASE_DISPATCH } from '../constants';
import { cancelDeadlineTimers } from './case-timers';
import { CASE_WORKFLOW } from './case-workflow';
import { GridCase, NO_HANDLER } from './case.entity';
import type { ReferCaseDto } from './cases.dto';
import { casesErrors } from './errors';
import { recordEvent } from './intake';

/**
 * 按责转办 (ADR 021): a case that belongs to another practice goes there as a referral and stays
 * the grid's (transferred) until that practice reports its outcome; then the dispatcher closes it.
 * The grid learns each change through `referrals.onUpdate` (below) and never reads the other
 * practice's record: only the referral's status and outcome.
 */

/** `refer`: opens the referral in the case's transaction; the deadline keeps running until it is accepted. */
export async function referCase(tx: PluginTx, c: GridCase, dto: Partial<ReferCaseDto>): Promise<Partial<GridCase>> {
  const referral = await tx.referrals.open({
    kind: dto.kind ?? '',
    targetUnitId: dto.targetUnitId,
    targetPartnerBodyId: dto.targetPartnerBodyId,
    reason: dto.reason ?? '',
    recordId: c.id,
    recordRef: c.number,
    recordUnitId: c.unitId,
    payload: dto.payload,
  });
  await recordEvent(
    tx,
    c,
    'refer',
    c.state,
    'transferred',
    { referralId: referral.id, kind: referral.kind, target: referral.target.name },
    dto.reason ?? '',
    dto.publicReply ?? '',
  );
  return { referralId: referral.id, referralStatus: 'pending', referredAt: tx.now };
}

/** `close`: only once the practice it went to reported its outcome. */
export async function closeReferredCase(tx: PluginTx, c: GridCase, note: string, reply: string) {
  if (c.referralStatus !== 'resolved') throw casesErrors.CASE_REFERRAL_NOT_RESOLVED({ number: c.number });
  const [referral] = c.referralId ? await tx.referrals.ofRecords([c.id]) : [];
  await recordEvent(
    tx,
    c,
    'close',
    c.state,
    'closed',
    { referralId: c.referralId, outcome: referral?.outcome?.result ?? null },
    note,
    reply,
  );
  return { closedAt: tx.now, closedBy: tx.actorId };
}

/** The case's current referral, as its readers may see it: where it went and what became of it. */
export async function currentReferral(tx: PluginTx, c: GridCase): Promise<ReferralView | null> {
  if (!c.referralId) return null;
  return (await tx.referrals.ofRecords([c.id])).find((r) => r.id === c.referralId) ?? null;
}

/**
 * News of a referral the grid opened: accepted stops the grid's deadline (the practice's own
 * clock runs now); refused puts the case back before its dispatchers, with the reason; resolved
 * lets them close it. A redelivered or stale change (an older referral of the case) does nothing.
 */
export async function onReferralUpdate({ tx, change, referral }: ReferralUpdateContext): Promise<void> {
  const [c] = await tx
    .repository(GridCase)
    .queryBuilder('c')
    .where('c.id = :id', { id: referral.source.recordId })
    .setLock('pessimistic_write')
    .getMany();
  if (!c || c.referralId !== referral.id || c.state !== 'transferred' || c.referralStatus === change) return;
  const repo = tx.repository(GridCase);
  const label = { target: referral.target.name, practice: referral.target.pluginNames['zh-CN'] };
  switch (change) {
    case 'accepted':
      await cancelDeadlineTimers(tx, c);
      await recordEvent(tx, c, 'referral-accepted', c.state, c.state, { referralId: referral.id, ...label });
      await repo.update(c.id, { referralStatus: 'accepted' });
      return;
    case 'refused': {
      const step = CASE_WORKFLOW.step('take-back', c);
      await cancelDeadlineTimers(tx, c);
      await recordEvent(
        tx,
        c,
        'take-back',
        c.state,
        step.to,
        { referralId: referral.id, ...label },
        referral.refusalReason ?? '',
      );
      await repo.update(c.id, { state: step.to, referralStatus: 'refused', ...NO_HANDLER });
      await CASE_WORKFLOW.recordStep(tx, step, c.id, { referralStatus: 'refused' });
      await notifyDispatchers(tx, c, 'case-referral-refused', {
        number: c.number,
        reason: referral.refusalReason ?? '',
      });
      return;
    }
    case 'resolved':
      await recordEvent(tx, c, 'referral-resolved', c.state, c.state, {
        referralId: referral.id,
        outcome: referral.outcome?.result ?? null,
        ...label,
      });
      await repo.update(c.id, { referralStatus: 'resolved' });
      await notifyDispatchers(tx, c, 'case-referral-resolved', {
        number: c.number,
        outcome: referral.outcome?.names ?? '',
      });
      return;
  }
}

/** The handling unit's dispatchers (and whoever referred it), who decide what happens next. */
async function notifyDispatchers(
  tx: PluginTx,
  c: GridCase,
  kind: 'case-referral-refused' | 'case-referral-resolved',
  params: NonNullable<Parameters<PluginTx['notifications']['notify']>[0]['params']>,
) {
  const userIds = await tx.users.recipients({
    permission: CASE_DISPATCH,
    unitId: c.handlingUnitId,
    status: 'active',
    limit: 50,
  });
  if (userIds.length)
    await tx.notifications.notify({
      userIds,
      kind,
      params,
      data: { caseId: c.id, number: c.number, referralId: c.referralId },
      dedupeKey: `${kind}:${c.id}:${c.referralId ?? ''}`,
    });
}
