import { Check, Column, Entity, ForeignKey, Index, ScopedEntity } from '@tongxin/plugin-sdk';
import { DualReportPairing } from './pairing.entity';

/**
 * One line of a co-building agreement's three lists: 需求/资源清单 (`need`, `resource`),
 * 活动/服务清单 (`activity`, `service`) and 考核清单 (`assessment`, what the year-end
 * evaluation scores).
 */
export type AgreementItemKind = 'need' | 'resource' | 'activity' | 'service' | 'assessment';
export const AGREEMENT_ITEM_KINDS: readonly AgreementItemKind[] = [
  'need',
  'resource',
  'activity',
  'service',
  'assessment',
];

@Entity('dual_report_agreement_items')
@Index('ix_dual_report_agreement_items_pairing', ['tenantId', 'pairingId', 'kind'])
@Check('ck_dual_report_agreement_items_kind', `"kind" IN ('need', 'resource', 'activity', 'service', 'assessment')`)
@ForeignKey(() => DualReportPairing, ['tenantId', 'pairingId'], ['tenantId', 'id'], {
  name: 'fk_dual_report_agreement_items_pairing',
})
export class DualReportAgreementItem extends ScopedEntity {
  @Column('uuid')
  pairingId!: string;

  @Column('varchar', { length: 12 })
  kind!: AgreementItemKind;

  @Column('varchar', { length: 200 })
  title!: string;

  @Column('varchar', { length: 1000, default: '' })
  description!: string;

  @Column('integer', { default: 0 })
  sortOrder!: number;
}
