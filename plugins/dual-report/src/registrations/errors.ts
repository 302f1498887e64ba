import { definePluginErrors } from '@tongxin/plugin-sdk';

/** The registrations feature's refusals, each with its status and both languages (`throw registrationsErrors.KEY(params)`). */
export const registrationsErrors = definePluginErrors('DUAL_REPORT', {
  ALREADY_REGISTERED: {
    status: 409,
    'zh-CN': '你已在{community}报到（{status}），同一时间只能在一个社区报到',
    en: 'You are already registered with {community} ({status}): one community at a time',
  },
  REGISTRATION_NOT_PENDING: {
    status: 409,
    'zh-CN': '该报到已处理（当前状态“{status}”），只有待审核的报到可以审核或撤回',
    en: 'This registration is no longer pending ("{status}"): only a pending one can be reviewed or withdrawn',
  },
  REGISTRATION_CLOSED: {
    status: 409,
    'zh-CN': '该报到已结束（当前状态“{status}”），不能再修改',
    en: 'This registration is closed ("{status}") and can no longer be changed',
  },
  NOT_REGISTERED: {
    status: 409,
    'zh-CN': '你还没有已通过的报到，无法转移；请直接到居住地社区报到',
    en: 'You have no approved registration to transfer: apply to your home community instead',
  },
  TRANSFER_SAME_COMMUNITY: {
    status: 409,
    'zh-CN': '你已在{community}报到，无需转移',
    en: 'You are already registered with {community}: there is nothing to transfer',
  },
});
