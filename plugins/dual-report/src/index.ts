import { loadDemoActivity } from './demo/demo-activity';
import { definePlugin } from '@tongxin/plugin-sdk';
import { callsFeature, gridCaseReportedSubscription } from './calls';
import { PLUGIN_ID } from './constants';
import { evaluationsFeature } from './evaluations';
import { DUAL_REPORT_INDICATORS } from './indicators';
import { DualReport1795600000000 } from './migrations/1795600000000-dual-report';
import { pairingsFeature } from './pairings';
import { registrationsFeature } from './registrations';
import { reportsFeature } from './reports';
import { DualReportSettings } from './settings';
import type { DualReportFeature } from './shared/feature';

export { DualReportSettings } from './settings';

const features: DualReportFeature[] = [
  pairingsFeature,
  registrationsFeature,
  callsFeature,
  evaluationsFeature,
  reportsFeature,
];
const merged = <K extends 'errors' | 'entityNames' | 'notifications'>(key: K) =>
  Object.assign({}, ...features.map((f) => f[key] ?? {})) as NonNullable<(typeof features)[number][K]>;

const STAFF_READ = ['district_admin', 'district_staff', 'street_staff', 'community_staff', 'grid_branch_staff'];
const perm = (key: string, zh: string, en: string, defaultGrants: string[]) => ({
  key,
  names: { 'zh-CN': zh, en },
  defaultGrants,
});

/** 双报到: units pair with communities, in-service party members report where they live and serve there. */
export default definePlugin({
  id: PLUGIN_ID,
  version: '1.0.0',
  names: { 'zh-CN': '双报到', en: 'Dual reporting' },
  description: {
    'zh-CN': '单位与社区结对共建、在职党员到居住地社区报到、社区吹号与报名服务、服务记录反馈单位（双报告）、双向考评',
    en: 'Units pair with communities under co-building agreements, in-service party members report to their home community, calls and sign-ups, reports back to units, two-way evaluation',
  },
  sdk: '^1.5.0',
  entities: features.flatMap((f) => f.entities ?? []),
  migrations: [DualReport1795600000000],
  permissions: [
    perm('pairing.read', '查看结对共建', 'Read pairings and agreements', STAFF_READ),
    perm('pairing.manage', '维护结对共建协议', 'Manage pairings and agreements', [
      'district_admin',
      'street_staff',
      'community_staff',
    ]),
    perm('registration.apply', '在职党员报到', 'Report to one’s home community', ['district_admin', 'party_member']),
    perm('registration.read', '查看报到党员', 'Read member registrations', STAFF_READ),
    perm('registration.review', '审核党员报到', 'Review member registrations', ['district_admin', 'community_staff']),
    perm('call.read', '查看吹号需求', 'Read calls', [...STAFF_READ, 'party_member']),
    perm('call.post', '发布吹号需求', 'Post calls', ['district_admin', 'community_staff', 'grid_branch_staff']),
    perm('call.signup', '报名参加', 'Sign up to calls', ['district_admin', 'party_member']),
    perm('attendance.confirm', '确认到场与服务时长', 'Confirm attendance and hours', [
      'district_admin',
      'community_staff',
      'grid_branch_staff',
    ]),
    perm('evaluation.write', '社区考评党员和单位', 'Rate members and units (community)', [
      'district_admin',
      'community_staff',
    ]),
    perm('unit.report', '查看本单位党员服务记录', 'Read one’s own unit’s members’ service', ['district_admin']),
    perm('unit.evaluate', '单位评价社区', 'Rate the community (unit)', ['district_admin']),
  ],
  roles: [
    {
      key: 'unit-liaison',
      names: { 'zh-CN': '单位党组织联络人', en: 'Unit party liaison' },
      permissions: ['call.read', 'call.signup', 'unit.report', 'unit.evaluate'],
    },
  ],
  settings: DualReportSettings,
  controllers: features.flatMap((f) => f.controllers ?? []),
  providers: features.flatMap((f) => f.providers ?? []),
  events: { subscribes: [gridCaseReportedSubscription] },
  timers: features.flatMap((f) => f.timers ?? []),
  indicators: DUAL_REPORT_INDICATORS,
  hooks: { demo: (ctx) => loadDemoActivity(ctx) },
  errors: merged('errors'),
  entityNames: merged('entityNames'),
  notifications: merged('notifications'),
});
