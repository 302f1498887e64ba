import type { INestApplicationContext } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { buildAbility, CORE_PERMISSIONS, TENANT_ADMIN_ROLE } from '@tongxin/access';
import type { RequestContext } from '@tongxin/context';
import { TenantTransaction } from '@tongxin/database';
import { logger } from '@tongxin/http';
import { OrgImportService, OrgUnit } from '@tongxin/org';
import { PartnerBodyService } from '@tongxin/partners';
import { PluginCatalog, TenantPluginService } from '@tongxin/plugin-host';
import { pluginPermission } from '@tongxin/plugin-sdk';
import { TenantProvisioningService } from '@tongxin/platform';
import { Role, RoleAssignmentService } from '@tongxin/roles';
import { Tenant } from '@tongxin/tenancy';
import { UserService } from '@tongxin/users';
import { DEMO_ROOT_CODE, zhanheDistrictUnits } from './zhanhe-district';

export const DEMO_TENANT_CODE = 'demo';

export interface DemoSummary {
  tenantCode: string;
  tenantName: string;
  units: number;
  usernames: string[];
}

/** One demo user per level (and the outside roles), by the unit code they are assigned at. */
const DEMO_USERS: { username: string; displayName: string; role: string; unitCode: string }[] = [
  { username: 'district1', displayName: '区委组织部 李明', role: 'district_staff', unitCode: '' },
  { username: 'street1', displayName: '马庄街道党工委 张伟', role: 'street_staff', unitCode: 'ZH-01' },
  { username: 'street2', displayName: '南环路街道党工委 刘洋', role: 'street_staff', unitCode: 'ZH-02' },
  { username: 'community1', displayName: '沿河路社区党委书记 王芳', role: 'community_staff', unitCode: 'ZH-01-01' },
  { username: 'grid1', displayName: '网格长 赵磊', role: 'grid_branch_staff', unitCode: 'ZH-01-01-01' },
  { username: 'worker1', displayName: '网格员 陈静', role: 'grid_worker', unitCode: 'ZH-01-01-01' },
  { username: 'group1', displayName: '党小组长 孙强', role: 'group_staff', unitCode: 'ZH-01-01-01-1' },
  { username: 'member1', displayName: '党员志愿者 周敏', role: 'party_member', unitCode: 'ZH-01-01-01-1' },
];

const DEMO_PARTNERS: { type: string; name: string }[] = [
  { type: 'department', name: '平顶山市公安局湛河分局' },
  { type: 'department', name: '湛河区城市管理局' },
  { type: 'department', name: '湛河区市场监督管理局' },
  { type: 'department', name: '湛河区司法局' },
  { type: 'department', name: '湛河区住房和城乡建设局' },
  { type: 'department', name: '湛河区人力资源和社会保障局' },
  { type: 'unit', name: '湛河区人民法院' },
  { type: 'unit', name: '国网平顶山供电公司湛河分部' },
  { type: 'property_company', name: '平顶山市阳光物业服务有限公司' },
  { type: 'law_firm', name: '河南湛河律师事务所' },
  { type: 'social_org', name: '湛河区志愿者协会' },
];

/** The practices the demo district runs from the start, when installed. */
const DEMO_PLUGINS = ['grid', 'dual-report'];

/**
 * Demo users from outside the tree, by partner body name: a department's case handler (网格) and
 * a unit's party liaison (双报到).
 */
const DEMO_PARTNER_USERS: { username: string; displayName: string; role: string; partner: string }[] = [
  {
    username: 'dept1',
    displayName: '城管局承办人 吴涛',
    role: 'plugin:grid.department-handler',
    partner: '湛河区城市管理局',
  },
  {
    username: 'unit1',
    displayName: '区人民法院机关党委 郑洁',
    role: 'plugin:dual-report.unit-liaison',
    partner: '湛河区人民法院',
  },
];

/**
 * More in-service party members (在职党员) of the district's units, living across the streets: the
 * 双报到 activity reports them to their communities. member1 is left free for a visitor to walk the
 * registration through.
 */
const DEMO_PARTY_MEMBERS: { username: string; displayName: string; unitCode: string; partner: string }[] = [
  { username: 'member2', displayName: '党员 黄丽', unitCode: 'ZH-01-01-02', partner: '湛河区人民法院' },
  { username: 'member3', displayName: '党员 杨帆', unitCode: 'ZH-01-02-01', partner: '湛河区人民法院' },
  { username: 'member4', displayName: '党员 吴昊', unitCode: 'ZH-01-03-01', partner: '国网平顶山供电公司湛河分部' },
  { username: 'member5', displayName: '党员 徐静', unitCode: 'ZH-02-01-01', partner: '湛河区城市管理局' },
  { username: 'member6', displayName: '党员 马超', unitCode: 'ZH-02-02-01', partner: '湛河区司法局' },
  { username: 'member7', displayName: '党员 朱琳', unitCode: 'ZH-03-01-01', partner: '国网平顶山供电公司湛河分部' },
  { username: 'member8', displayName: '党员 胡军', unitCode: 'ZH-04-01-01', partner: '湛河区人民法院' },
  { username: 'member9', displayName: '党员 郭燕', unitCode: 'ZH-05-01-01', partner: '湛河区市场监督管理局' },
];

/** member1 is an in-service party member (在职党员) of this unit, free to report where they live. */
const MEMBER_UNIT = { username: 'member1', partner: '湛河区人民法院' };

/** Acts as the district's own administrator (all core permissions, and the given ones, over the root). */
function systemContext(tenantId: string, rootUnitId: string, userId: string, extra: string[] = []): RequestContext {
  const grants = [{ permissions: [...CORE_PERMISSIONS.map((p) => p.key), ...extra], unitId: rootUnitId, level: 1 }];
  return {
    tenantId,
    userId,
    username: 'admin',
    rootUnitId,
    grants,
    enabledPlugins: [],
    ability: buildAbility(grants),
    // Compared as the district administrator it acts for: what every role can grant (RoleAuthority).
    heldRoles: [{ roleKey: TENANT_ADMIN_ROLE, system: true, permissions: [], unitId: rootUnitId, level: 1 }],
    lang: 'zh-CN',
    requestId: `demo-seed-${uuidv7()}`,
  };
}

/**
 * Loads the demo district (modelled on 湛河区) through the real services, once: if tenant `demo`
 * exists it is left as it is.
 */
export async function seedDemoDistrict(app: INestApplicationContext, password: string): Promise<DemoSummary> {
  const tx = app.get(TenantTransaction, { strict: false });
  const usernames = ['admin', ...DEMO_USERS.map((u) => u.username)];
  const existing = await tx.platform((em) => em.findOneBy(Tenant, { code: DEMO_TENANT_CODE }));
  if (existing) {
    const units = await tx.run(existing.id, (em) => em.count(OrgUnit));
    return { tenantCode: existing.code, tenantName: existing.name, units, usernames };
  }
  logger.info('loading the demo district');
  const provisioned = await app.get(TenantProvisioningService, { strict: false }).provision(null, {
    code: DEMO_TENANT_CODE,
    name: '平顶山市湛河区（演示）',
    divisionCode: '410411',
    rootUnitName: '中共平顶山市湛河区委员会',
    admin: { username: 'admin', password, displayName: '区委组织部管理员' },
  });
  const ctx = systemContext(provisioned.id, provisioned.rootUnitId, provisioned.adminUserId);

  const rows = zhanheDistrictUnits().map((r) => ({
    ...r,
    parentCode: r.parentCode === DEMO_ROOT_CODE ? '410411' : r.parentCode,
  }));
  await app.get(OrgImportService, { strict: false }).run(ctx, rows);

  const unitIds = await tx.run(ctx.tenantId, async (em) => {
    const units = await em.find(OrgUnit, { select: { id: true, code: true } });
    return new Map(units.map((u) => [u.code, u.id]));
  });
  const roleIds = await tx.run(ctx.tenantId, async (em) => new Map((await em.find(Role)).map((r) => [r.key, r.id])));
  const users = app.get(UserService, { strict: false });
  const assignments = app.get(RoleAssignmentService, { strict: false });
  const userIds = new Map<string, string>();
  for (const u of DEMO_USERS) {
    const unitId = u.unitCode ? unitIds.get(u.unitCode)! : provisioned.rootUnitId;
    const user = await users.create(ctx, {
      username: u.username,
      displayName: u.displayName,
      password,
      orgUnitId: unitId,
    });
    await assignments.grant(ctx, { userId: user.id, roleId: roleIds.get(u.role)!, orgUnitId: unitId });
    userIds.set(u.username, user.id);
  }
  const partners = app.get(PartnerBodyService, { strict: false });
  const partnerIds = new Map<string, string>();
  for (const p of DEMO_PARTNERS) partnerIds.set(p.name, (await partners.create(ctx, p)).id);
  await users.update(ctx, userIds.get(MEMBER_UNIT.username)!, { partnerBodyId: partnerIds.get(MEMBER_UNIT.partner) });
  for (const m of DEMO_PARTY_MEMBERS) {
    const unitId = unitIds.get(m.unitCode);
    if (!unitId) continue;
    const user = await users.create(ctx, {
      username: m.username,
      displayName: m.displayName,
      password,
      orgUnitId: unitId,
      partnerBodyId: partnerIds.get(m.partner),
    });
    await assignments.grant(ctx, { userId: user.id, roleId: roleIds.get('party_member')!, orgUnitId: unitId });
    userIds.set(m.username, user.id);
  }

  // Switch on the practices, then add the users their roles need.
  const catalog = app.get(PluginCatalog, { strict: false });
  const plugins = DEMO_PLUGINS.filter((id) => catalog.get(id)?.state === 'installed');
  for (const id of plugins) await app.get(TenantPluginService, { strict: false }).enable(ctx, id);
  const pluginKeys = plugins.flatMap((id) =>
    (catalog.get(id)!.manifest!.permissions ?? []).map((p) => pluginPermission(id, p.key)),
  );
  const pluginCtx = systemContext(provisioned.id, provisioned.rootUnitId, provisioned.adminUserId, pluginKeys);
  pluginCtx.enabledPlugins = plugins;
  const allRoles = await tx.run(ctx.tenantId, async (em) => new Map((await em.find(Role)).map((r) => [r.key, r.id])));
  for (const u of DEMO_PARTNER_USERS) {
    const roleId = allRoles.get(u.role);
    if (!roleId) continue;
    const user = await users.create(pluginCtx, {
      username: u.username,
      displayName: u.displayName,
      password,
      orgUnitId: provisioned.rootUnitId,
      partnerBodyId: partnerIds.get(u.partner),
    });
    await assignments.grant(pluginCtx, { userId: user.id, roleId, orgUnitId: provisioned.rootUnitId });
    usernames.push(u.username);
    userIds.set(u.username, user.id);
  }

  // A year of activity, so the first look shows real figures rather than zeros.
  userIds.set('admin', provisioned.adminUserId);
  const started = Date.now();
  const tenantPlugins = app.get(TenantPluginService, { strict: false });
  for (const id of plugins) await tenantPlugins.fillDemo(pluginCtx, id, Object.fromEntries(userIds));
  logger.info({ ms: Date.now() - started }, 'demo activity loaded');

  return { tenantCode: DEMO_TENANT_CODE, tenantName: provisioned.name, units: rows.length + 1, usernames };
}
