import type { GridFeature } from '../shared/feature';
import { GridCallResponse } from './call-response.entity';
import { CALL_TIMERS } from './call-timers';
import { GridCall } from './call.entity';
import { CallsController } from './calls.controller';
import { CallsService } from './calls.service';

export { GridCall } from './call.entity';
export { GridCallResponse } from './call-response.entity';
export { lockCall } from './call-timers';

export const callsFeature: GridFeature = {
  entities: [GridCall, GridCallResponse],
  controllers: [CallsController],
  providers: [CallsService],
  timers: CALL_TIMERS,
  entityNames: {
    grid_calls: { 'zh-CN': '三级呼叫', en: 'call' },
    grid_call_responses: { 'zh-CN': '部门报到', en: 'department response' },
  },
  errors: {
    GRID_CALL_UNIT_LEVEL: {
      'zh-CN': '只有街道或社区可以发起呼叫，“{unit}”不能',
      en: 'Only a street or a community raises calls: "{unit}" cannot',
    },
    GRID_CALL_NOT_A_DEPARTMENT: {
      'zh-CN': '被呼叫方 {id} 不是服务“{unit}”的职能部门',
      en: '{id} is not a government department serving "{unit}"',
    },
    GRID_CALL_ALREADY_REPORTED: {
      'zh-CN': '本部门已于 {at} 报到',
      en: 'Your department already reported in at {at}',
    },
    GRID_CALL_CLOSED: {
      'zh-CN': '呼叫“{title}”已关闭',
      en: 'The call "{title}" is closed',
    },
  },
};
