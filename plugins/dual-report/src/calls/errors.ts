import { definePluginErrors } from '@tongxin/plugin-sdk';

/** The calls feature's refusals, each with its status and both languages (`throw callsErrors.KEY(params)`). */
export const callsErrors = definePluginErrors('DUAL_REPORT', {
  CALL_UNIT_LEVEL: {
    status: 400,
    'zh-CN': '只有社区或网格党支部可以吹号，“{unit}”不能',
    en: 'Only a community or a grid branch posts calls: "{unit}" cannot',
  },
  CALL_STARTS_IN_PAST: { status: 400, 'zh-CN': '开始时间必须晚于现在', en: 'The call must start in the future' },
  CALL_ENDS_BEFORE_START: { status: 400, 'zh-CN': '结束时间必须晚于开始时间', en: 'The call must end after it starts' },
  CALL_CLOSED: {
    status: 409,
    'zh-CN': '“{title}”已截止、结束或取消',
    en: 'The call "{title}" is closed, over or cancelled',
  },
  CALL_FULL: {
    status: 409,
    'zh-CN': '“{title}”的 {capacity} 个名额已满',
    en: 'All {capacity} places of "{title}" are taken',
  },
  CALL_STARTED: {
    status: 409,
    'zh-CN': '“{title}”已开始，不能再取消报名',
    en: 'The call "{title}" has started: the sign-up can no longer be withdrawn',
  },
  CALL_NOT_STARTED: {
    status: 409,
    'zh-CN': '“{title}”尚未开始，不能确认到场',
    en: 'The call "{title}" has not started yet: attendance cannot be confirmed',
  },
  CALL_HAS_ATTENDANCE: {
    status: 409,
    'zh-CN': '“{title}”已确认到场情况，不能取消',
    en: 'Attendance at "{title}" has been confirmed: it cannot be cancelled',
  },
  NOT_REGISTERED_HERE: {
    status: 409,
    'zh-CN': '您未在发布该需求的社区报到（或报到尚未通过），不能报名',
    en: 'You have no approved registration with the community that posted this call',
  },
  UNIT_NOT_PAIRED: {
    status: 409,
    'zh-CN': '本单位未与发布该需求的社区结对共建，不能以单位名义报名',
    en: 'Your unit is not paired with the community that posted this call',
  },
  NOT_A_LIAISON: {
    status: 403,
    'zh-CN': '只有单位党组织联络人可以代表单位报名',
    en: 'Only a unit’s party liaison signs the unit up',
  },
  ALREADY_SIGNED_UP: { status: 409, 'zh-CN': '已报名“{title}”', en: 'Already signed up to "{title}"' },
  NOT_SIGNED_UP: {
    status: 409,
    'zh-CN': '报名 {id} 不是本次活动的有效报名',
    en: 'Sign-up {id} is not a live sign-up of this call',
  },
  ALREADY_CONFIRMED: {
    status: 409,
    'zh-CN': '报名 {id} 的到场情况已确认',
    en: 'Attendance for sign-up {id} is already confirmed',
  },
  ATTENDANCE_DUPLICATE: {
    status: 400,
    'zh-CN': '同一报名在本次确认中出现了多次',
    en: 'A sign-up appears more than once in the entries',
  },
  HOURS_OUT_OF_RANGE: {
    status: 400,
    'zh-CN': '报名 {id} 的服务时长须大于 0 且不超过 {max} 小时（未到场不记时长）',
    en: 'Hours for sign-up {id} must be more than 0 and at most {max} (none when absent)',
  },
});
