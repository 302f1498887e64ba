import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** Accounts of the people who run the platform; they provision tenants and never log in to one. */
@Entity('platform_operators')
export class PlatformOperator {
  @PrimaryColumn('uuid')
  id!: string;

  @Index('uq_platform_operators_username', { unique: true })
  @Column('varchar', { length: 64 })
  username!: string;

  @Column('varchar', { length: 200 })
  passwordHash!: string;

  @Column('varchar', { length: 100 })
  displayName!: string;

  /** A disabled operator cannot log in, and their open sessions are refused on the next request. */
  @Column('varchar', { length: 16, default: 'active' })
  status!: 'active' | 'disabled';

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
