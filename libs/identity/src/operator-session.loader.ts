import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, isUuid } from '@tongxin/http';

interface OperatorSessionRow {
  username: string;
  status: string;
  revoked_at: Date | null;
  expires_at: Date;
}

/**
 * The live record behind an operator's token, read on every operator request in one statement:
 * a removed operator (no row), a disabled one, or a session ended by logout is refused at once.
 */
@Injectable()
export class OperatorSessionLoader {
  constructor(private readonly dataSource: DataSource) {}

  async load(operatorId: string, sessionId: string): Promise<{ username: string }> {
    if (!isUuid(operatorId) || !isUuid(sessionId)) throw new DomainError('UNAUTHENTICATED', 401);
    const rows: OperatorSessionRow[] = await this.dataSource.query(
      `select o.username, o.status, s.revoked_at, s.expires_at
         from operator_sessions s join platform_operators o on o.id = s.operator_id
        where s.id = $1 and s.operator_id = $2`,
      [sessionId, operatorId],
    );
    const row = rows[0];
    if (!row) throw new DomainError('UNAUTHENTICATED', 401);
    if (row.status !== 'active') throw new DomainError('ACCOUNT_DISABLED', 401);
    if (row.revoked_at || new Date(row.expires_at) <= new Date()) throw new DomainError('SESSION_ENDED', 401);
    return { username: row.username };
  }
}
