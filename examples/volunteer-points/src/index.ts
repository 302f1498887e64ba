import { definePlugin, type IndicatorContext, type PluginTx } from '@tongxin/plugin-sdk';
import { dayFrom, PLUGIN_ID } from './constants';
import { pointsErrors } from './errors';
import { PointsAwarded } from './events';
import { VolunteerPoints1795400000000 } from './migrations/1795400000000-volunteer-points';
import { VolunteerPointsEntry } from './points-entry.entity';
import { PointsController } from './points.controller';
import { PointsService } from './points.service';
import { VolunteerPointsReward } from './reward.entity';
import { RewardsController } from './rewards.controller';
import { RewardsService } from './rewards.service';
import { VolunteerPointsSettings } from './settings';

export { VolunteerPointsSettings } from './settings';
export { PointsAwardedV1 } from './events';
export { VolunteerPointsEntry } from './points-entry.entity';
export { VolunteerPointsReward } from './reward.entity';

/** What every district starts with, offered district-wide; seeded once, never overwritten. */
const DEFAULT_REWARDS = [
  { name: '社区理发券', description: '凭券在社区便民理发点免费理发一次', cost: 50, stock: 100 },
  { name: '爱心超市兑换券', description: '凭券在爱心超市兑换价值 20 元的生活用品', cost: 100, stock: 200 },
];

async function seedRewards(tx: PluginTx): Promise<void> {
  const root = await tx.hierarchy.root();
  for (const reward of DEFAULT_REWARDS) {
    const exists = await tx.query('select 1 from volunteer_points_rewards where unit_id = $1 and name = $2', [
      root.id,
      reward.name,
    ]);
    if (!exists.length)
      await tx
        .repository(VolunteerPointsReward)
        .insert({ ...reward, unitId: root.id, active: true }, { unitId: root.id });
  }
}

/** Service entries of the unit's subtree whose day starts within [from, to). */
async function serviceFigure(ctx: IndicatorContext, expression: string): Promise<number> {
  const calendar = await ctx.tx.clock.calendar();
  const [row] = await ctx.tx.query<{ value: number }>(
    `select ${expression} as value from volunteer_points_entries
      where kind = 'service' and ${ctx.scopeColumn} = $1 and activity_date >= $2::date and activity_date < $3::date`,
    [ctx.unit.id, dayFrom(calendar, ctx.from), dayFrom(calendar, ctx.to)],
  );
  return row?.value ?? 0;
}

/** 志愿服务积分: volunteers earn points for hours served and redeem them for rewards. */
export default definePlugin({
  id: PLUGIN_ID,
  version: '1.0.0',
  names: { 'zh-CN': '志愿服务积分', en: 'Volunteer points' },
  description: {
    'zh-CN': '记录志愿服务时长并折算积分，积分可兑换社区奖品，按社区展示志愿者排行榜',
    en: 'Records volunteer service as points, redeemable for rewards, with a leaderboard per community',
  },
  sdk: '^1.5.0',
  entities: [VolunteerPointsReward, VolunteerPointsEntry],
  migrations: [VolunteerPoints1795400000000],
  permissions: [
    {
      key: 'entry.write',
      names: { 'zh-CN': '登记志愿服务', en: 'Record volunteer service' },
      defaultGrants: ['district_admin', 'community_staff', 'grid_branch_staff'],
    },
    {
      key: 'entry.read',
      names: { 'zh-CN': '查看志愿服务积分', en: 'Read volunteer points' },
      defaultGrants: ['district_admin', 'district_staff', 'street_staff', 'community_staff', 'grid_branch_staff'],
    },
    {
      key: 'entry.adjust',
      names: { 'zh-CN': '调整志愿者积分', en: 'Adjust volunteer points' },
      defaultGrants: ['district_admin'],
    },
    {
      key: 'reward.read',
      names: { 'zh-CN': '查看积分奖品', en: 'Read rewards' },
      defaultGrants: ['district_admin', 'district_staff', 'street_staff', 'community_staff', 'grid_branch_staff'],
    },
    {
      key: 'reward.manage',
      names: { 'zh-CN': '维护积分奖品', en: 'Manage rewards' },
      defaultGrants: ['district_admin', 'community_staff'],
    },
    {
      key: 'redemption.write',
      names: { 'zh-CN': '办理积分兑换', en: 'Redeem points' },
      defaultGrants: ['district_admin', 'community_staff'],
    },
  ],
  roles: [
    {
      key: 'coordinator',
      names: { 'zh-CN': '志愿服务协调员', en: 'Volunteer coordinator' },
      permissions: ['entry.write', 'entry.read', 'reward.read', 'redemption.write'],
    },
  ],
  settings: VolunteerPointsSettings,
  controllers: [PointsController, RewardsController],
  providers: [PointsService, RewardsService],
  events: { publishes: [PointsAwarded] },
  notifications: {
    'points-awarded': {
      title: { 'zh-CN': '志愿服务积分 +{points}', en: 'Volunteer points +{points}' },
      body: {
        'zh-CN': '{date} 在{unit}服务 {hours} 小时：{description}',
        en: '{hours} hours served at {unit} on {date}: {description}',
      },
    },
  },
  indicators: [
    {
      key: 'hours-served',
      names: { 'zh-CN': '志愿服务时长', en: 'Volunteer hours served' },
      unit: 'hours',
      permission: 'entry.read',
      compute: (ctx) => serviceFigure(ctx, 'coalesce(sum(hours), 0)::float8'),
    },
    {
      key: 'volunteers-active',
      names: { 'zh-CN': '参与志愿服务人数', en: 'Active volunteers' },
      unit: 'count',
      permission: 'entry.read',
      compute: (ctx) => serviceFigure(ctx, 'count(distinct volunteer_id)::int'),
    },
  ],
  errors: pointsErrors,
  hooks: {
    seed: (ctx) => seedRewards(ctx.tx),
  },
});
