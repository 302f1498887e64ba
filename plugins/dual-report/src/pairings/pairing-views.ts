import type { PluginTx } from '@tongxin/plugin-sdk';
import { DualReportAgreementItem, type AgreementItemKind } from './agreement-item.entity';
import type { DualReportPairing } from './pairing.entity';
import type { AgreementView, PairingDetailView, PairingView } from './pairings.dto';
import { RENEWAL_TIMER } from './pairing-timers';

/** Where each kind of line goes in the view (and comes from in the create body). */
export const LIST_OF_KIND: Record<AgreementItemKind, keyof AgreementView> = {
  need: 'needs',
  resource: 'resources',
  activity: 'activities',
  service: 'services',
  assessment: 'assessmentItems',
};

/** The agreement lines of these pairings, in list order. */
export function itemsOf(tx: PluginTx, pairingIds: string[]): Promise<DualReportAgreementItem[]> {
  if (!pairingIds.length) return Promise.resolve([]);
  return tx
    .repository(DualReportAgreementItem)
    .queryBuilder('i')
    .where('i.pairing_id IN (:...pairingIds)', { pairingIds })
    .orderBy('i.sort_order', 'ASC')
    .addOrderBy('i.id', 'ASC')
    .getMany();
}

/** A page of pairings with their agreements and the community and unit names: three queries. */
export async function pairingViews(tx: PluginTx, pairings: DualReportPairing[]): Promise<PairingView[]> {
  if (!pairings.length) return [];
  const items = await itemsOf(
    tx,
    pairings.map((p) => p.id),
  );
  const names = await tx.names({
    units: pairings.map((p) => p.unitId),
    partnerBodies: pairings.map((p) => p.partnerId),
  });
  const nameOf = new Map([...names.units, ...names.partnerBodies]);
  return pairings.map((p) => {
    const agreement: AgreementView = { needs: [], resources: [], activities: [], services: [], assessmentItems: [] };
    for (const i of items)
      if (i.pairingId === p.id)
        agreement[LIST_OF_KIND[i.kind]].push({ id: i.id, title: i.title, description: i.description });
    return {
      id: p.id,
      communityId: p.unitId,
      communityName: nameOf.get(p.unitId) ?? '',
      partnerId: p.partnerId,
      partnerName: nameOf.get(p.partnerId) ?? '',
      signedOn: p.signedOn,
      termStart: p.termStart,
      termEnd: p.termEnd,
      status: p.status,
      endedAt: p.endedAt ? p.endedAt.toISOString() : null,
      createdBy: p.createdBy,
      agreement,
    };
  });
}

/** One pairing, with when its renewal reminder is due. */
export async function pairingDetail(tx: PluginTx, pairing: DualReportPairing): Promise<PairingDetailView> {
  const [view] = await pairingViews(tx, [pairing]);
  const due = await tx.timers.dueAt(RENEWAL_TIMER, pairing.id);
  return { ...view!, renewalReminderAt: due ? due.toISOString() : null };
}
