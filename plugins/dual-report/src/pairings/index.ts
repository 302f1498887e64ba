import type { DualReportFeature } from '../shared/feature';
import { DualReportAgreementItem } from './agreement-item.entity';
import { PAIRING_TIMERS, RENEWAL_TIMER } from './pairing-timers';
import { DualReportPairing } from './pairing.entity';
import { PairingsController } from './pairings.controller';
import { PairingsService } from './pairings.service';
import { pairingsErrors } from './errors';

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
  errors: pairingsErrors,
};
