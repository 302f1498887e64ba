import type { GridFeature } from '../shared/feature';
import { GridCaseEvent } from './case-event.entity';
import { GridCasePhoto } from './case-photo.entity';
import { GridCaseTerm } from './case-term.entity';
import { CASE_TIMERS } from './case-timers';
import { GridCase } from './case.entity';
import { CasesController, DepartmentsController, SupervisionsController } from './cases.controller';
import { CasesService } from './cases.service';
import { PhotosService } from './photos.service';
import { GridSupervision } from './supervision.entity';
import { casesErrors } from './errors';

export { CaseClosed, CaseClosedV1, CaseReported, CaseReportedV1 } from './events';
export { GridCase } from './case.entity';
export { callerOf, fills, handledBy, visibleCase, type Caller } from './case-access';
export { fileCase, gridAt, recordEvent } from './intake';
export { caseView } from './case-views';
export { CASE_STATE_NAMES } from './case-workflow';
export { assertRoomForPhotos, checkedPhoto, storePhoto, withStoredFilesCleanup } from './case-photos';
export { photoFilename } from './photos.service';

export const casesFeature: GridFeature = {
  entities: [GridCase, GridCaseEvent, GridCasePhoto, GridCaseTerm, GridSupervision],
  controllers: [CasesController, DepartmentsController, SupervisionsController],
  providers: [CasesService, PhotosService],
  timers: CASE_TIMERS,
  entityNames: {
    grid_cases: { 'zh-CN': '网格事件', en: 'grid case' },
    grid_case_photos: { 'zh-CN': '事件照片', en: 'case photo' },
  },
  notifications: {
    'case-dispatched': {
      title: { 'zh-CN': '新派单：{number} {item}', en: 'New case for you: {number} {item}' },
      body: { 'zh-CN': '请于 {deadline} 前办结：{description}', en: 'Please finish it by {deadline}: {description}' },
    },
    'case-reminder': {
      title: { 'zh-CN': '即将超期：{number}', en: 'Due soon: {number}' },
      body: { 'zh-CN': '请于 {deadline} 前办结：{description}', en: 'Please finish it by {deadline}: {description}' },
    },
    'case-overdue': {
      title: { 'zh-CN': '超期督办：{number}', en: 'Overdue: {number}' },
      body: {
        'zh-CN': '办理期限 {deadline} 已过，事件仍未办结：{description}',
        en: 'The deadline {deadline} has passed and the case is still open: {description}',
      },
    },
    'case-rejected': {
      title: { 'zh-CN': '核实未通过：{number}', en: 'Not verified: {number}' },
      body: { 'zh-CN': '{note}', en: '{note}' },
    },
    'case-referral-refused': {
      title: { 'zh-CN': '移交被退回：{number}', en: 'Referral refused: {number}' },
      body: { 'zh-CN': '{reason}', en: '{reason}' },
    },
    'case-referral-resolved': {
      title: { 'zh-CN': '移交已办结，请结项：{number}', en: 'Referral resolved, please close: {number}' },
      body: { 'zh-CN': '{outcome}', en: '{outcome}' },
    },
    'case-supervised': {
      title: { 'zh-CN': '督办：{number}', en: 'Supervision notice: {number}' },
      body: { 'zh-CN': '{note}', en: '{note}' },
    },
  },
  errors: casesErrors,
};
