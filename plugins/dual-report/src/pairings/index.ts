import type { DualReportFeature } from '../shared/feature';
import { DualReportAgreementItem } from './agreement-item.entity';
import { PAIRING_TIMERS, RENEWAL_TIMER } from './pairing-timers';
import { DualReportPairing } from './pairing.entity';
import { PairingsController } from './pairings.controller';
import { PairingsService } from './pairings.service';

export { DualReportAgreementItem, type AgreementItemKind } from './agreement-item.entity';
export { DualReportPairing } from './pairing.entity';

export const pairingsFeature: DualReportFeature = {
  entities: [DualReportPairing, DualReportAgreementItem],
  controllers: [PairingsController],
  providers: [PairingsService],
  timers: PAIRING_TIMERS,
  entityNames: {
    dual_report_pairings: { 'zh-CN': '结对共建', en: 'pairing' },
    dual_report_agreement_items: { 'zh-CN': '协议清单项', en: 'agreement item' },
  },
  notifications: {
    [RENEWAL_TIMER]: {
      title: {
        'zh-CN': '共驻共建协议即将到期：{unit}—{community}',
        en: 'Partnership agreement ending soon: {unit}–{community}',
      },
      body: {
        'zh-CN': '协议期至 {termEnd}，请在到期前商议续签。',
        en: 'The agreement runs until {termEnd}: agree on a renewal before then.',
      },
    },
  },
  errors: {
    DUAL_REPORT_NOT_A_COMMUNITY: {
      'zh-CN': '“{unit}”不是社区：结对和报到都只能选择社区',
      en: '"{unit}" is not a community: units pair with, and members report to, communities',
    },
    DUAL_REPORT_NOT_A_UNIT: {
      'zh-CN': '{id} 不是本区的驻区单位或机关企事业单位',
      en: '{id} is not one of the district’s units',
    },
    DUAL_REPORT_TERM_INVALID: {
      'zh-CN': '协议期限有误：结束日期 {termEnd} 须晚于开始日期 {termStart}',
      en: 'The term must end ({termEnd}) after it starts ({termStart})',
    },
    DUAL_REPORT_ASSESSMENT_REQUIRED: {
      'zh-CN': '共驻共建协议至少需要一项考核内容（考核清单）',
      en: 'A co-building agreement needs at least one assessment item',
    },
    DUAL_REPORT_ALREADY_PAIRED: {
      'zh-CN': '{unit}已与{community}结对',
      en: '{unit} is already paired with {community}',
    },
    DUAL_REPORT_PAIRING_ENDED: {
      'zh-CN': '该结对已于 {endedOn} 终止',
      en: 'This pairing ended on {endedOn}',
    },
    DUAL_REPORT_AGREEMENT_ITEM_UNKNOWN: {
      'zh-CN': '协议中没有清单项 {id}',
      en: 'The agreement has no item {id}',
    },
    DUAL_REPORT_AGREEMENT_ITEM_SCORED: {
      'zh-CN': '考核内容“{title}”已用于考评，不能删除',
      en: 'The assessment item "{title}" has been scored and cannot be removed',
    },
  },
};
