import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { PlatformOperator } from './platform-operator.entity';

/**
 * One login of a platform operator. Its id is the `sid` claim of the operator's token, and every
 * operator request checks it is still open, so a logout (or removing the operator) ends it at once.
 * Operators get no refresh token: a session lasts one access token's lifetime.
 */
@Entity('operator_sessions')
@Index('ix_operator_sessions_operator', ['operatorId'])
@ForeignKey(() => PlatformOperator, ['operatorId'], ['id'], {
  name: 'fk_operator_sessions_operator',
  onDelete: 'CASCADE',
})
export class OperatorSession {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  operatorId!: string;

  @Column('timestamptz')
  expiresAt!: Date;

  @Column('timestamptz', { nullable: true })
  revokedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
