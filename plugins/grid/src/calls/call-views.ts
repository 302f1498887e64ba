import type { PluginTx } from '@tongxin/plugin-sdk';
import { GridCallResponse } from './call-response.entity';
import type { GridCall } from './call.entity';
import type { CallView } from './calls.dto';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A page of calls with their responses and the unit and department names: three queries. */
export async function callViews(tx: PluginTx, calls: GridCall[]): Promise<CallView[]> {
  if (!calls.length) return [];
  const responses = await tx
    .repository(GridCallResponse)
    .queryBuilder('r')
    .where('r.call_id IN (:...ids)', { ids: calls.map((c) => c.id) })
    .orderBy('r.id', 'ASC')
    .getMany();
  const names = await tx.names({ units: calls.map((c) => c.unitId), partnerBodies: responses.map((r) => r.partnerId) });
  const nameOf = new Map([...names.units, ...names.partnerBodies]);
  return calls.map((c) => ({
    id: c.id,
    unitId: c.unitId,
    unitName: nameOf.get(c.unitId) ?? '',
    front: c.front,
    title: c.title,
    description: c.description,
    address: c.address,
    caseId: c.caseId,
    raisedBy: c.raisedBy,
    raisedAt: c.raisedAt.toISOString(),
    reportInBy: c.reportInBy.toISOString(),
    status: c.status,
    closedAt: iso(c.closedAt),
    responses: responses
      .filter((r) => r.callId === c.id)
      .map((r) => ({
        id: r.id,
        partnerId: r.partnerId,
        name: nameOf.get(r.partnerId) ?? '',
        reportedAt: iso(r.reportedAt),
        reportedBy: r.reportedBy,
        late: r.late,
        note: r.note,
      })),
  }));
}

export async function callView(tx: PluginTx, call: GridCall): Promise<CallView> {
  return (await callViews(tx, [call]))[0]!;
}
