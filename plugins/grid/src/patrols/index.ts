import type { GridFeature } from '../shared/feature';
import { GridPatrol } from './patrol.entity';
import { PatrolsController } from './patrols.controller';
import { PatrolsService } from './patrols.service';

export const patrolsFeature: GridFeature = {
  entities: [GridPatrol],
  controllers: [PatrolsController],
  providers: [PatrolsService],
  entityNames: { grid_patrols: { 'zh-CN': '巡查记录', en: 'patrol' } },
  errors: {
    GRID_PATROL_OUTSIDE_GRID: {
      'zh-CN': '签到位置（{latitude}, {longitude}）不在网格“{unit}”的范围内',
      en: 'The check-in location ({latitude}, {longitude}) is outside the grid "{unit}"',
    },
    GRID_PATROL_LOCATION_INCOMPLETE: {
      'zh-CN': '签到位置须同时提供纬度和经度',
      en: 'A check-in location needs both latitude and longitude',
    },
    GRID_PATROL_CASE_UNKNOWN: {
      'zh-CN': '事件 {caseId} 不是网格“{unit}”的事件',
      en: 'Case {caseId} is not a case of the grid "{unit}"',
    },
    GRID_PERIOD_INVALID: {
      'zh-CN': '时间段 {from} 至 {to} 无效：开始日期不能晚于结束日期，巡查统计最长 31 天',
      en: 'The period {from} to {to} is invalid: it cannot end before it starts, and patrol coverage spans at most 31 days',
    },
  },
};
