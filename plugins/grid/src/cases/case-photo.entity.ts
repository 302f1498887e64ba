import { Check, Column, Entity, ForeignKey, Index, ScopedEntity } from '@tongxin/plugin-sdk';
import { GridCase } from './case.entity';

/** A photo of a case, stored through the file storage port; `stage` says whose it is. */
@Entity('grid_case_photos')
@Index('ix_grid_case_photos_case', ['tenantId', 'caseId'])
@Check('ck_grid_case_photos_stage', `"stage" IN ('report', 'resolution')`)
@ForeignKey(() => GridCase, ['tenantId', 'caseId'], ['tenantId', 'id'], { name: 'fk_grid_case_photos_case' })
export class GridCasePhoto extends ScopedEntity {
  @Column('uuid')
  caseId!: string;

  @Column('varchar', { length: 12 })
  stage!: 'report' | 'resolution';

  @Column('varchar', { length: 300 })
  storageKey!: string;

  @Column('varchar', { length: 40 })
  contentType!: string;

  @Column('integer')
  size!: number;

  /** Null for a photo a resident sent through Open311. */
  @Column('uuid', { nullable: true })
  uploadedBy!: string | null;

  /**
   * The resident's own photo, sent with an Open311 request: served at the public `media_url`.
   * Photos staff add (what they found, what they did) never are.
   */
  @Column('boolean', { default: false })
  published!: boolean;
}
