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

export { CaseClosedV1, CaseReportedV1 } from './events';
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
  errors: {
    GRID_CASE_TRANSITION_NOT_ALLOWED: {
      'zh-CN': '事件当前状态为“{state}”，不能执行“{action}”',
      en: 'The case is "{state}": "{action}" is not allowed now',
    },
    GRID_CASE_ACTION_FORBIDDEN: {
      'zh-CN': '您不能对该事件执行“{action}”',
      en: 'You may not "{action}" this case',
    },
    GRID_CASE_SEPARATION_OF_DUTIES: {
      'zh-CN': '采办分离：办理人不能核实、结项或重启自己办理的事件',
      en: 'Separation of duties: whoever handled a case may not verify, close or reopen it',
    },
    GRID_CASE_REFERRAL_NOT_RESOLVED: {
      'zh-CN': '事件 {number} 移交的单位尚未报告办理结果，暂不能结项',
      en: 'Case {number} cannot be closed before the practice it was referred to reports its outcome',
    },
    GRID_CASE_AT_TOP_LEVEL: {
      'zh-CN': '事件 {number} 已在区级办理，不能再向上提级',
      en: 'Case {number} is already with the district: there is no level above',
    },
    GRID_CASE_DISPATCH_TARGET_REQUIRED: {
      'zh-CN': '派单需指定一个承办单位（unitId）或一个职能部门（partnerId），且只能指定其一',
      en: 'A dispatch names exactly one target: an org unit (unitId) or a department (partnerId)',
    },
    GRID_CASE_DISPATCH_OUTSIDE: {
      'zh-CN': '只能派给“{unit}”及其下属单位',
      en: 'Cases can only be dispatched within "{unit}" and the units under it',
    },
    GRID_CASE_NOT_A_DEPARTMENT: {
      'zh-CN': '指定的承办方不是服务“{unit}”的职能部门',
      en: 'The target is not a government department serving "{unit}"',
    },
    GRID_CASE_DEPARTMENT_FROM_GRID: {
      'zh-CN': '网格不能直接派单给职能部门：请提级到社区或街道后派单',
      en: 'A grid cannot dispatch to a department: escalate to the community or street first',
    },
    GRID_CASE_HANDLER_NOT_IN_TARGET: {
      'zh-CN': '指定的办理人不属于“{target}”',
      en: 'The handler named does not belong to "{target}"',
    },
    GRID_CASE_DATE_RANGE_INVALID: {
      'zh-CN': '起始日期 {from} 晚于截止日期 {to}',
      en: 'The start date {from} is after the end date {to}',
    },
    GRID_CASE_DEADLINE_PASSED: {
      'zh-CN': '办理期限 {deadline} 已过',
      en: 'The deadline {deadline} has already passed',
    },
    GRID_CASE_REOPEN_WINDOW_PASSED: {
      'zh-CN': '结项已超过 {days} 天，不能重新办理',
      en: 'The case was closed more than {days} days ago and can no longer be reopened',
    },
    GRID_PHOTO_NOT_ALLOWED: {
      'zh-CN': '您不能为事件 {number} 添加照片',
      en: 'You may not add photos to case {number}',
    },
    GRID_PHOTO_TYPE_NOT_ALLOWED: {
      'zh-CN': '照片须为 JPEG、PNG 或 WebP 图片，且内容与声明的类型（{type}）一致',
      en: 'Photos must be JPEG, PNG or WebP images whose content matches the declared type ({type})',
    },
    GRID_PHOTO_TOO_LARGE: {
      'zh-CN': '照片大小 {size} 字节，超过上限 {max} 字节',
      en: 'The photo is {size} bytes, over the limit of {max} bytes',
    },
    GRID_PHOTO_LIMIT: {
      'zh-CN': '每个事件最多 {max} 张照片',
      en: 'A case holds at most {max} photos',
    },
    GRID_CASE_LOCATION_OUTSIDE_GRID: {
      'zh-CN': '位置（{latitude}, {longitude}）不在网格“{unit}”的范围内',
      en: 'The location ({latitude}, {longitude}) is outside the grid "{unit}"',
    },
  },
};
