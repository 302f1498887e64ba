import { Column, Entity, ForeignKey, Index, ScopedEntity } from '@tongxin/plugin-sdk';

/**
 * An Open311 api_key issued by the district admin to an outside client (a WeChat mini-program, a
 * 12345 hotline system). Only its SHA-256 is stored; requests it files land at its unit unless a
 * grid boundary contains their location.
 */
@Entity('grid_open311_keys')
@Index('uq_grid_open311_keys_hash', ['tenantId', 'keyHash'], { unique: true })
@ForeignKey('User', ['tenantId', 'issuedBy'], ['tenantId', 'id'], { name: 'fk_grid_open311_keys_issued_by' })
export class GridOpen311Key extends ScopedEntity {
  @Column('varchar', { length: 100 })
  clientName!: string;

  @Column('varchar', { length: 64 })
  keyHash!: string;

  /** The first characters of the key, to tell keys apart in lists. */
  @Column('varchar', { length: 12 })
  keyPrefix!: string;

  /** Where its requests are filed when no grid boundary contains them. */
  @Column('uuid')
  unitId!: string;

  @Column('uuid')
  issuedBy!: string;

  @Column('timestamptz', { nullable: true })
  revokedAt!: Date | null;
}
