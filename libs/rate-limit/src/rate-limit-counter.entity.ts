import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A rate-limit counter kept in PostgreSQL (deployments without Redis). Not tenant-owned: counters
 * span tenants (a source address) or name tenants that do not exist (a login attempt for an
 * unknown district), so the table has no row-level security; it holds no tenant data, only
 * counts under names the RateLimiter builds.
 */
@Entity('rate_limit_counters')
@Index('ix_rate_limit_counters_window', ['windowEndsAt'])
export class RateLimitCounter {
  @PrimaryColumn('varchar', { length: 300 })
  name!: string;

  @Column('integer')
  count!: number;

  @Column('timestamptz')
  windowEndsAt!: Date;

  @Column('timestamptz')
  lastAt!: Date;
}
