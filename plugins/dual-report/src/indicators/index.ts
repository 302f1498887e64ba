import { sqlIndicator, type IndicatorDeclaration, type IndicatorStatementScope } from '@tongxin/plugin-sdk';
import { PARTY_MEMBER_SQL } from '../shared/people';

/**
 * The dual-reporting figures per org unit (its whole subtree) and half-open period [from, to),
 * each one SQL statement (which the host also runs for every child of a unit at once). The definitions are in ../../README.md ("Indicators"); keep the two in
 * step.
 *
 * - Pairings and registrations are scoped at their community; calls and sign-ups at the posting
 *   unit (community or grid), so a grid's figures are its own calls'.
 * - Service is counted when it happened: at the call's start, not when the community confirmed it
 *   (a late confirmation lands in the period of the service).
 * - Pairing terms are district calendar days, in the time zone of its profile (`:timeZone`).
 */

const PERMISSION = 'registration.read';

/**
 * Pairings (alias p) in the unit active at some point in the period: the term (first to last day,
 * in the district's time zone) overlaps it and the pairing was not ended before it began.
 */
const pairedInPeriod = (s: IndicatorStatementScope) =>
  `from dual_report_pairings p
    where p.${s.scopeColumn} = :unit
      and (p.term_start::timestamp at time zone :timeZone) < :to
      and ((p.term_end + 1)::timestamp at time zone :timeZone) > :from
      and (p.ended_at is null or p.ended_at > :from)`;

/**
 * Registration r held at the period's end: approved before it and still approved; or moved away
 * (transferred) with the move still pending (approved before the end: its decidedAt is kept);
 * or moved away only after the end (the move's approval rewrote its decidedAt, so its application
 * stands for when it began). Withdrawn and refused ones never count.
 */
const REPORTED_AT_END = `((r.status = 'approved' and r.decided_at < :to)
  or (r.status = 'transferred' and exists (select 1 from dual_report_registrations n
        where n.tenant_id = r.tenant_id and n.transferred_from = r.id
          and ((n.status = 'pending' and r.decided_at < :to)
            or (n.status = 'approved' and r.applied_at < :to and r.decided_at >= :to)))))`;

/** User u holds a registration at the period's end, wherever they live. */
const HOLDS_REGISTRATION = `exists (select 1 from dual_report_registrations r
                                     where r.tenant_id = u.tenant_id and r.member_id = u.id
                                       and ${REPORTED_AT_END})`;

/** Attended sign-ups (alias s) of calls in the unit that started in the period. */
const served = (s: IndicatorStatementScope) =>
  `from dual_report_signups s
     join dual_report_calls c on c.tenant_id = s.tenant_id and c.id = s.call_id
    where s.${s.scopeColumn} = :unit and s.status = 'attended' and c.starts_at >= :from and c.starts_at < :to`;

export const DUAL_REPORT_INDICATORS: IndicatorDeclaration[] = [
  sqlIndicator({
    key: 'units-paired',
    names: { 'zh-CN': '结对共建单位数', en: 'Units paired' },
    unit: 'count',
    permission: PERMISSION,
    statement: (s) => `select count(distinct p.partner_id)::int as value ${pairedInPeriod(s)}`,
  }),
  sqlIndicator({
    key: 'members-reported',
    names: { 'zh-CN': '报到在职党员数', en: 'Members reported' },
    unit: 'count',
    permission: PERMISSION,
    statement: (s) => `select count(distinct r.member_id)::int as value from dual_report_registrations r
          where r.${s.scopeColumn} = :unit and ${REPORTED_AT_END}`,
  }),
  sqlIndicator({
    key: 'members-reported-share',
    names: { 'zh-CN': '结对单位党员报到率', en: 'Share of paired units’ members reported' },
    unit: 'ratio',
    permission: PERMISSION,
    // Of the party members (active users holding party_member) of the units paired in the unit
    // during the period, those holding a registration at the period's end, wherever they live.
    statement: (s) => `select (count(*) filter (where ${HOLDS_REGISTRATION}))::float8 / nullif(count(*), 0) as value,
                (count(*) filter (where ${HOLDS_REGISTRATION}))::int as numerator, count(*)::int as denominator
           from sdk_users u
          where u.status = 'active'
            and u.partner_body_id in (select p.partner_id ${pairedInPeriod(s)})
            and ${PARTY_MEMBER_SQL('u')}`,
  }),
  sqlIndicator({
    key: 'hours-served',
    names: { 'zh-CN': '服务时长', en: 'Hours served' },
    unit: 'hours',
    permission: PERMISSION,
    statement: (s) => `select coalesce(sum(s.hours), 0)::float8 as value ${served(s)}`,
  }),
  sqlIndicator({
    key: 'activities-held',
    names: { 'zh-CN': '开展活动数', en: 'Activities held' },
    unit: 'count',
    permission: PERMISSION,
    statement: (s) => `select count(distinct s.call_id)::int as value ${served(s)}`,
  }),
  sqlIndicator({
    key: 'things-done',
    names: { 'zh-CN': '办实事件数', en: 'Things done (办实事)' },
    unit: 'count',
    permission: PERMISSION,
    statement: (s) => `select count(*)::int as value ${served(s)} and btrim(s.work_done) <> ''`,
  }),
];
