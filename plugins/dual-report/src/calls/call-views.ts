import type { PluginTx } from '@tongxin/plugin-sdk';
import type { DualReportCall } from './call.entity';
import type { CallDetailView, CallView, SignupView } from './calls.dto';
import { DualReportSignup } from './signup.entity';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A page of calls with the posting unit's name and the places left: two queries. */
export async function callViews(tx: PluginTx, calls: DualReportCall[]): Promise<CallView[]> {
  if (!calls.length) return [];
  const ids = calls.map((c) => c.id);
  const taken = await tx.query<{ callId: string; n: number }>(
    `select call_id as "callId", count(*)::int as n from dual_report_signups
      where call_id = any($1::uuid[]) and status <> 'cancelled' group by call_id`,
    [ids],
  );
  const takenOf = new Map(taken.map((r) => [r.callId, r.n]));
  const names = await nameMap(tx, { units: calls.map((c) => c.unitId) });
  return calls.map((c) => ({
    id: c.id,
    unitId: c.unitId,
    unitName: names.get(c.unitId) ?? '',
    communityId: c.communityId!,
    kind: c.kind,
    title: c.title,
    description: c.description,
    place: c.place,
    startsAt: c.startsAt.toISOString(),
    endsAt: c.endsAt.toISOString(),
    capacity: c.capacity,
    placesLeft: Math.max(0, c.capacity - (takenOf.get(c.id) ?? 0)),
    skillsWanted: c.skillsWanted,
    status: c.status,
    postedBy: c.postedBy,
    sourceCaseId: c.sourceCaseId,
    closedAt: iso(c.closedAt),
  }));
}

export async function callDetail(
  tx: PluginTx,
  call: DualReportCall,
  signups: DualReportSignup[],
): Promise<CallDetailView> {
  const [view] = await callViews(tx, [call]);
  return { ...view!, signups: await signupViews(tx, signups) };
}

/** The call with every sign-up: what its staff see. */
export async function callWithSignups(tx: PluginTx, call: DualReportCall): Promise<CallDetailView> {
  const signups = await tx
    .repository(DualReportSignup)
    .queryBuilder('s')
    .where('s.call_id = :callId', { callId: call.id })
    .orderBy('s.id', 'ASC')
    .getMany();
  return callDetail(tx, call, signups);
}

/** Sign-ups with the member's and the unit's names. */
export async function signupViews(tx: PluginTx, signups: DualReportSignup[]): Promise<SignupView[]> {
  const names = await nameMap(tx, {
    users: signups.flatMap((s) => (s.memberId ? [s.memberId] : [])),
    partners: signups.flatMap((s) => (s.partnerId ? [s.partnerId] : [])),
  });
  return signups.map((s) => ({
    id: s.id,
    callId: s.callId,
    memberId: s.memberId,
    memberName: s.memberId ? (names.get(s.memberId) ?? '') : null,
    partnerId: s.partnerId,
    partnerName: s.partnerId ? (names.get(s.partnerId) ?? '') : null,
    memberPartnerId: s.memberPartnerId,
    status: s.status,
    signedAt: s.signedAt.toISOString(),
    signedBy: s.signedBy,
    confirmedAt: iso(s.confirmedAt),
    confirmedBy: s.confirmedBy,
    hours: s.hours,
    workDone: s.workDone,
  }));
}

/** Names of org units, users (display name) and partner bodies by id, in one query. */
async function nameMap(tx: PluginTx, ids: { units?: string[]; users?: string[]; partners?: string[] }) {
  const names = await tx.names({ units: ids.units, users: ids.users, partnerBodies: ids.partners });
  return new Map([...names.units, ...names.users, ...names.partnerBodies]);
}
