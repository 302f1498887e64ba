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
  notifications: {
    'call-raised': {
      title: { 'zh-CN': '{unit}呼叫：{title}', en: 'Call from {unit}: {title}' },
      body: { 'zh-CN': '请于 {reportInBy}前报到。{details}', en: 'Please report in by {reportInBy}. {details}' },
    },
    'call-reported': {
      title: { 'zh-CN': '{department}已报到：{title}', en: '{department} reported in: {title}' },
      body: { 'zh-CN': '{note}', en: '{note}' },
    },
    'call-late': {
      title: { 'zh-CN': '呼叫超时未报到：{title}', en: 'Not reported in on time: {title}' },
      body: {
        'zh-CN': '以下部门未在 {reportInBy}前报到：{departments}',
        en: 'These departments did not report in by {reportInBy}: {departments}',
      },
    },
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
