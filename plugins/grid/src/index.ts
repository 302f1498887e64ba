import { loadDemoActivity } from './demo/demo-activity';
import { definePlugin } from '@tongxin/plugin-sdk';
import { PLUGIN_ID } from './constants';
import { callsFeature } from './calls';
import { casesFeature, CaseClosed, CaseReported } from './cases';
import { evaluationsFeature } from './evaluations';
import { gridsFeature } from './grids';
import { GRID_INDICATORS } from './indicators';
import { itemsFeature, seedDefaultItems } from './items';
import { Grid1795500000000 } from './migrations/1795500000000-grid';
import { GridListIndexes1795700000000 } from './migrations/1795700000000-grid-list-indexes';
import { GridCaseReportedAt1795710000000 } from './migrations/1795710000000-grid-case-reported-at';
import { GridOpen311PublicSurface1795900000000 } from './migrations/1795900000000-grid-open311-public-surface';
import { GridCaseTerms1796000000000 } from './migrations/1796000000000-grid-case-terms';
import { GridItemLimitUnit1796100000000 } from './migrations/1796100000000-grid-item-limit-unit';
import { onReferralUpdate } from './cases/case-referrals';
import { GridCaseReferrals1796300000000 } from './migrations/1796300000000-grid-case-referrals';
import { open311Feature } from './open311';
import { patrolsFeature } from './patrols';
import { GridSettings } from './settings';
import type { GridFeature } from './shared/feature';

export { GridSettings } from './settings';
export { CaseClosed, CaseClosedV1, CaseReported, CaseReportedV1 } from './cases';

const features: GridFeature[] = [
  itemsFeature,
  gridsFeature,
  patrolsFeature,
  casesFeature,
  callsFeature,
  evaluationsFeature,
  open311Feature,
];
const merged = <K extends 'errors' | 'entityNames' | 'notifications'>(key: K) =>
  Object.assign({}, ...features.map((f) => f[key] ?? {})) as NonNullable<(typeof features)[number][K]>;

const STAFF = ['district_admin', 'district_staff', 'street_staff', 'community_staff', 'grid_branch_staff'];
const perm = (key: string, zh: string, en: string, defaultGrants: string[]) => ({
  key,
  names: { 'zh-CN': zh, en },
  defaultGrants,
});

/** 网格: all-in-one grids, the grid item list, patrols, the closed case loop, three-level calls. */
export default definePlugin({
  id: PLUGIN_ID,
  version: '1.0.0',
  names: { 'zh-CN': '网格化管理', en: 'Grid management' },
  description: {
    'zh-CN': '全科网格、入格事项清单、巡查、问题闭环（采集→上报→派单→处置→核实→督办）、三级呼叫与评价、Open311 接口',
    en: 'All-in-one grids, the grid item list, patrols, the closed case loop with time limits and escalation, three-level calls, evaluation and Open311',
  },
  sdk: '^1.5.0',
  entities: features.flatMap((f) => f.entities ?? []),
  migrations: [
    Grid1795500000000,
    GridListIndexes1795700000000,
    GridCaseReportedAt1795710000000,
    GridOpen311PublicSurface1795900000000,
    GridCaseTerms1796000000000,
    GridItemLimitUnit1796100000000,
    GridCaseReferrals1796300000000,
  ],
  permissions: [
    perm('grid.read', '查看网格', 'Read grids', [...STAFF, 'grid_worker', 'group_staff']),
    perm('grid.manage', '维护网格档案和网格人员', 'Manage grid profiles and staff', [
      'district_admin',
      'street_staff',
      'community_staff',
    ]),
    perm('item.read', '查看入格事项清单', 'Read the grid item list', [...STAFF, 'grid_worker', 'group_staff']),
    perm('item.manage', '维护入格事项清单', 'Manage the grid item list', ['district_admin']),
    perm('patrol.read', '查看网格巡查', 'Read patrols', [...STAFF, 'grid_worker']),
    perm('patrol.write', '登记网格巡查', 'Check in patrols', ['grid_branch_staff', 'grid_worker']),
    perm('case.read', '查看网格事件', 'Read grid cases', [...STAFF, 'grid_worker']),
    perm('case.report', '采集上报网格事件', 'Collect and report cases', [
      'district_admin',
      'street_staff',
      'community_staff',
      'grid_branch_staff',
      'grid_worker',
    ]),
    perm('case.dispatch', '分类派单、提级和撤销', 'Dispatch, escalate and cancel cases', [
      'district_admin',
      'street_staff',
      'community_staff',
      'grid_branch_staff',
    ]),
    perm('case.handle', '处置网格事件', 'Handle dispatched cases', [
      'district_admin',
      'street_staff',
      'community_staff',
      'grid_branch_staff',
      'grid_worker',
    ]),
    perm('case.verify', '核实结项', 'Verify and close cases', [
      'district_admin',
      'street_staff',
      'community_staff',
      'grid_branch_staff',
    ]),
    perm('case.supervise', '督办考核', 'Supervise and assess', ['district_admin', 'district_staff', 'street_staff']),
    perm('call.read', '查看三级呼叫', 'Read three-level calls', [
      'district_admin',
      'district_staff',
      'street_staff',
      'community_staff',
    ]),
    perm('call.raise', '发起呼叫（吹哨）', 'Raise calls', ['district_admin', 'street_staff', 'community_staff']),
    perm('call.respond', '响应呼叫（报到）', 'Report in to calls', ['district_admin']),
    perm('open311.manage', '管理 Open311 接入密钥', 'Manage Open311 api keys', ['district_admin']),
  ],
  roles: [
    {
      key: 'department-handler',
      names: { 'zh-CN': '职能部门承办人', en: 'Department case handler' },
      permissions: ['item.read', 'case.handle', 'call.respond'],
    },
    {
      key: 'grid-police',
      names: { 'zh-CN': '网格警', en: 'Grid police officer' },
      permissions: ['grid.read', 'item.read', 'case.read', 'case.report', 'patrol.read'],
    },
  ],
  settings: GridSettings,
  controllers: features.flatMap((f) => f.controllers ?? []),
  publicControllers: features.flatMap((f) => f.publicControllers ?? []),
  providers: features.flatMap((f) => f.providers ?? []),
  events: { publishes: [CaseReported, CaseClosed] },
  timers: features.flatMap((f) => f.timers ?? []),
  indicators: GRID_INDICATORS,
  errors: merged('errors'),
  entityNames: merged('entityNames'),
  notifications: merged('notifications'),
  // Cases the grid refers to other practices (按责转办): their news moves the case (ADR 021).
  referrals: { onUpdate: onReferralUpdate },
  hooks: {
    seed: (ctx) => seedDefaultItems(ctx.tx),
    demo: (ctx) => loadDemoActivity(ctx),
  },
});
