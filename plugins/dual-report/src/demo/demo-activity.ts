import { demoId, insertRows, type DemoContext } from '@tongxin/plugin-sdk';
import { PARTY_MEMBER_SQL } from '../shared/people';

/*
 * A year of 双报到 for the demo district (hooks.demo): every community paired with one or two of
 * the district's units (agreements with their items), the demo's in-service party members
 * registered (报到) in the communities they live in (all but member1, left for a visitor to walk
 * through), each community posting service calls and activities twice a month with units and
 * members signing up, attending and recording hours and things done (办实事), and the year-end
 * evaluations both ways.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The demo's own community (community1 works there; member1 lives there, paired with their court). */
const MEMBER_COMMUNITY = 'ZH-01-01';

interface Unit {
  id: string;
  code: string;
  name: string;
  district_id: string;
  street_id: string | null;
  community_id: string | null;
  grid_id: string | null;
  group_id: string | null;
}

const CALLS = [
  ['need', '老旧小区楼道清理', '清理楼道杂物，恢复消防通道畅通'],
  ['need', '独居老人走访', '上门看望独居老人，了解生活需求'],
  ['activity', '普法宣传进社区', '宣讲民法典与防范电信诈骗'],
  ['activity', '义诊服务', '测血压、血糖，健康咨询'],
  ['need', '文明交通劝导', '早晚高峰路口文明劝导'],
  ['activity', '垃圾分类宣传', '入户宣传垃圾分类知识'],
  ['need', '困难家庭帮扶', '为困难家庭送米面油，帮助解决实际困难'],
  ['activity', '青少年暑期课堂', '为双职工家庭孩子开设暑期课堂'],
] as const;
const DONE = ['清理杂物3处', '走访老人5户', '解答群众咨询12人次', '帮助修缮楼道扶手', '发放宣传资料200份', ''];

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export async function loadDemoActivity(ctx: DemoContext): Promise<void> {
  const { tx, users } = ctx;
  const calendar = await tx.clock.calendar();
  const districtDay = (ms: number) => calendar.dateOf(new Date(ms));
  const r = ctx.random;
  const int = (min: number, max: number) => min + Math.floor(r() * (max - min + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const admin = users.admin!;
  const start = ctx.from.getTime();
  const end = ctx.to.getTime();

  const communities = await tx.query<Unit>(
    'select id, code, name, district_id, street_id, community_id, grid_id, group_id from sdk_units where level = 3 order by code',
  );
  const partners = (await tx.partners.list()).filter((p) => p.type !== 'department' || r() < 0.5);
  if (!communities.length || !partners.length) return;
  // The court member1 works for: paired with the demo community.
  const court = users.member1 ? ((await tx.users.get(users.member1))?.partnerBodyId ?? null) : null;
  const scopeOf = (u: Unit) => ({
    district_id: u.district_id,
    street_id: u.street_id,
    community_id: u.community_id,
    grid_id: u.grid_id,
    group_id: u.group_id,
  });
  const row = (at: number, u: Unit) => ({
    tenant_id: tx.tenantId,
    id: demoId(at, r),
    created_at: iso(at),
    updated_at: iso(at),
    ...scopeOf(u),
  });
  const staffOf = (u: Unit) => (u.code === MEMBER_COMMUNITY ? (users.community1 ?? admin) : admin);

  // Agreements signed at the start of the year, for two years; the member's community with the court.
  const pairings: Record<string, unknown>[] = [];
  const items: Record<string, unknown>[] = [];
  const pairedWith = new Map<string, string[]>();
  const signedAt = start + int(3, 20) * DAY;
  for (const [i, community] of communities.entries()) {
    const chosen = new Set<string>();
    if (community.code === MEMBER_COMMUNITY && court) chosen.add(court);
    while (chosen.size < 1 + (i % 2)) chosen.add(pick(partners).id);
    pairedWith.set(community.id, [...chosen]);
    for (const partnerId of chosen) {
      const at = signedAt + int(0, 10) * DAY;
      const day = districtDay(at);
      const p = row(at, community);
      pairings.push({
        ...p,
        unit_id: community.id,
        partner_id: partnerId,
        signed_on: day,
        term_start: day,
        term_end: `${Number(day.slice(0, 4)) + 2}${day.slice(4)}`,
        status: 'active',
        ended_at: null,
        created_by: staffOf(community),
      });
      const kinds = [
        ['need', '社区治理需求：老旧小区改造、养老服务'],
        ['resource', '单位资源：党员志愿者、法律与专业服务'],
        ['activity', '共建活动：每月一次主题党日进社区'],
      ] as const;
      kinds.forEach(([kind, title], sort) =>
        items.push({ ...row(at, community), pairing_id: p.id, kind, title, description: '', sort_order: sort }),
      );
    }
  }

  // The members registered (报到) where they live early in the year, approved the next day.
  const members = await tx.query<{ id: string; partner_body_id: string | null; community_id: string | null }>(
    `select u.id, u.partner_body_id, o.community_id from sdk_users u
       join sdk_units o on o.tenant_id = u.tenant_id and o.id = u.org_unit_id
      where u.status = 'active' and u.id <> $1 and ${PARTY_MEMBER_SQL('u')} order by u.username`,
    [users.member1 ?? null],
  );
  const registrations: Record<string, unknown>[] = [];
  const membersAt = new Map<string, { id: string; partnerId: string | null }[]>();
  for (const m of members) {
    const home = communities.find((c) => c.id === m.community_id);
    if (!home) continue;
    const applied = start + int(5, 40) * DAY;
    membersAt.set(home.id, [...(membersAt.get(home.id) ?? []), { id: m.id, partnerId: m.partner_body_id }]);
    registrations.push({
      ...row(applied, home),
      member_id: m.id,
      unit_id: home.id,
      partner_id: m.partner_body_id,
      status: 'approved',
      skills: '{志愿服务}',
      available_days: '{sat,sun}',
      note: '',
      applied_at: iso(applied),
      decided_at: iso(applied + DAY),
      decided_by: staffOf(home),
      reason: '',
      transferred_from: null,
    });
  }

  // Calls: each community about twice a month; paired units and the member sign up and serve.
  const calls: Record<string, unknown>[] = [];
  const signups: Record<string, unknown>[] = [];
  for (const community of communities) {
    const count = int(20, 28);
    for (let n = 0; n < count; n++) {
      const startsAt = calendar.startOfDay(districtDay(start + (n + r()) * (365 / count) * DAY)).getTime() + 9 * HOUR;
      const endsAt = startsAt + int(2, 4) * HOUR;
      if (endsAt > end) continue;
      const [kind, title, description] = pick(CALLS);
      const call = row(startsAt - int(3, 10) * DAY, community);
      calls.push({
        ...call,
        unit_id: community.id,
        kind,
        title,
        description,
        place: `${community.name}党群服务中心`,
        starts_at: iso(startsAt),
        ends_at: iso(endsAt),
        capacity: int(5, 20),
        skills_wanted: '{}',
        status: 'closed',
        posted_by: staffOf(community),
        source_case_id: null,
        closed_at: iso(endsAt + DAY),
      });
      const signed = Date.parse(String(call.created_at)) + DAY;
      const hours = (endsAt - startsAt) / HOUR;
      const attendees = new Set((pairedWith.get(community.id) ?? []).filter(() => r() < 0.8));
      for (const partnerId of attendees)
        signups.push({
          ...row(signed, community),
          call_id: call.id,
          member_id: null,
          partner_id: partnerId,
          member_partner_id: null,
          status: r() < 0.92 ? 'attended' : 'absent',
          signed_at: iso(signed),
          signed_by: partnerId === court ? (users.unit1 ?? admin) : admin,
          confirmed_at: iso(endsAt + DAY),
          confirmed_by: staffOf(community),
          hours: hours * int(2, 6),
          work_done: pick(DONE),
        });
      for (const m of membersAt.get(community.id) ?? []) {
        if (r() > 0.6) continue;
        signups.push({
          ...row(signed, community),
          call_id: call.id,
          member_id: m.id,
          partner_id: null,
          member_partner_id: m.partnerId,
          status: 'attended',
          signed_at: iso(signed),
          signed_by: m.id,
          confirmed_at: iso(endsAt + DAY),
          confirmed_by: staffOf(community),
          hours,
          work_done: pick(DONE),
        });
      }
    }
  }
  // An absent sign-up served nothing.
  for (const s of signups) if (s.status === 'absent') Object.assign(s, { hours: 0, work_done: '' });

  // Last year's evaluations, given early this year: communities rate their units and the member.
  const evaluations: Record<string, unknown>[] = [];
  const year = Number(districtDay(start).slice(0, 4));
  const evaluatedAt = start + int(30, 60) * DAY;
  for (const p of pairings) {
    const community = communities.find((c) => c.id === p.unit_id)!;
    const score = pick([5, 5, 4, 4, 3]);
    for (const direction of ['community_to_unit', 'unit_to_community'] as const) {
      if (direction === 'unit_to_community' && p.partner_id !== court) continue;
      evaluations.push({
        ...row(evaluatedAt, community),
        direction,
        year,
        subject_key: `${direction}:${year}:${community.id}:${String(p.partner_id)}`,
        unit_id: community.id,
        member_id: null,
        partner_id: p.partner_id,
        pairing_id: p.id,
        score,
        item_scores: '{}',
        comment: '',
        evaluated_by: direction === 'unit_to_community' ? (users.unit1 ?? admin) : staffOf(community),
        evaluated_at: iso(evaluatedAt),
      });
    }
  }
  for (const [communityId, registered] of membersAt)
    for (const m of registered)
      evaluations.push({
        ...row(
          evaluatedAt,
          communities.find((c) => c.id === communityId)!,
        ),
        direction: 'community_to_member',
        year,
        subject_key: `community_to_member:${year}:${communityId}:${m.id}`,
        unit_id: communityId,
        member_id: m.id,
        partner_id: null,
        pairing_id: null,
        score: pick([5, 5, 4]),
        item_scores: '{}',
        comment: '积极参加社区服务',
        evaluated_by: staffOf(communities.find((c) => c.id === communityId)!),
        evaluated_at: iso(evaluatedAt),
      });

  await insertRows(tx, 'dual_report_pairings', pairings);
  await insertRows(tx, 'dual_report_agreement_items', items);
  await insertRows(tx, 'dual_report_registrations', registrations);
  await insertRows(tx, 'dual_report_calls', calls);
  await insertRows(tx, 'dual_report_signups', signups);
  await insertRows(tx, 'dual_report_evaluations', evaluations);
}
