import type { GridFeature } from '../shared/feature';
import { GridCallResponse } from './call-response.entity';
import { CALL_TIMERS } from './call-timers';
import { GridCall } from './call.entity';
import { CallsController } from './calls.controller';
import { CallsService } from './calls.service';
import { callsErrors } from './errors';

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
  errors: callsErrors,
};
