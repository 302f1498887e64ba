import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { v7 as uuidv7 } from 'uuid';
import { AuditService } from '@tongxin/audit';
import type { OperatorContext } from '@tongxin/context';
import { TenantTransaction } from '@tongxin/database';
import { DomainError } from '@tongxin/http';
import {
  assertStrongPassword,
  hashPassword,
  LoginThrottle,
  OPERATOR_TOKEN_TTL_SECONDS,
  type RequestOrigin,
} from '@tongxin/identity';
import { OperatorSession, PlatformOperator } from '@tongxin/tenancy';
import type { OperatorTokenDto } from './platform.dto';

/**
 * Platform operators log in separately from tenants and get tokens no tenant route accepts. They
 * provision and suspend every district, so their login is throttled like a tenant login (the
 * same counters for the source), audited in the platform's trail, and each token names a session
 * the guard checks on every request; logout ends it. No refresh token: a session lasts one hour.
 */
@Injectable()
export class OperatorAuthService {
  constructor(
    private readonly tx: TenantTransaction,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
  ) {}

  async login(username: string, password: string, origin: RequestOrigin): Promise<OperatorTokenDto> {
    const operator = await this.tx.platform((em) => em.findOneBy(PlatformOperator, { username }));
    const subject = {
      realm: 'operator' as const,
      tenant: '',
      username,
      passwordHash: operator?.passwordHash ?? null,
      source: origin.sourceAddress,
    };
    const { attempt, ok } = await this.throttle.checkPassword(subject, password, (refusal) =>
      this.record(origin, null, 'operator.login.throttled', operator?.id ?? null, {
        username,
        scope: refusal.scope,
        retryAfterSeconds: refusal.retryAfterSeconds,
      }),
    );
    if (!operator || !ok) {
      const lockouts = await this.throttle.failed(attempt);
      await this.tx.platform(async (em) => {
        const actor = { actorId: null, actorType: 'anonymous' as const, ...origin };
        const reason = operator ? 'wrong_password' : 'unknown_operator';
        await this.audit.recordPlatform(em, actor, {
          action: 'operator.login.failed',
          entity: 'operator',
          entityId: operator?.id ?? null,
          after: { username, reason },
        });
        for (const l of lockouts)
          await this.audit.recordPlatform(em, actor, {
            action: 'operator.lockout',
            entity: 'operator',
            entityId: operator?.id ?? null,
            after: { username, scope: l.scope, level: l.level, until: l.until },
          });
      });
      throw new DomainError('INVALID_CREDENTIALS', 401);
    }
    await this.throttle.succeeded(attempt);
    if (operator.status !== 'active') {
      await this.record(origin, null, 'operator.login.failed', operator.id, { username, reason: 'account_disabled' });
      throw new DomainError('ACCOUNT_DISABLED', 401);
    }
    const sessionId = uuidv7();
    await this.tx.platform(async (em) => {
      // Sessions long over are of no use to anyone: each login clears its operator's.
      await em.query(`delete from operator_sessions where operator_id = $1 and expires_at < now() - interval '1 day'`, [
        operator.id,
      ]);
      await em.insert(OperatorSession, {
        id: sessionId,
        operatorId: operator.id,
        expiresAt: new Date(Date.now() + OPERATOR_TOKEN_TTL_SECONDS * 1000),
        revokedAt: null,
      });
      await this.audit.recordPlatform(
        em,
        { actorId: operator.id, actorType: 'operator', ...origin },
        { action: 'operator.login', entity: 'operator', entityId: operator.id, after: { username } },
      );
    });
    const accessToken = await this.jwt.signAsync(
      { sub: operator.id, sid: sessionId, typ: 'operator' },
      { expiresIn: OPERATOR_TOKEN_TTL_SECONDS },
    );
    return { accessToken, tokenType: 'Bearer', expiresIn: OPERATOR_TOKEN_TTL_SECONDS };
  }

  /** Ends the operator's session: their token is refused from the next request on. */
  async logout(operator: OperatorContext): Promise<void> {
    await this.tx.platform(async (em) => {
      await em.update(
        OperatorSession,
        { id: operator.sessionId, operatorId: operator.operatorId },
        { revokedAt: new Date() },
      );
      await this.audit.recordPlatform(
        em,
        {
          actorId: operator.operatorId,
          actorType: 'operator',
          requestId: operator.requestId,
          sourceAddress: operator.sourceAddress,
        },
        { action: 'operator.logout', entity: 'operator', entityId: operator.operatorId },
      );
    });
  }

  private record(
    origin: RequestOrigin,
    actorId: string | null,
    action: string,
    entityId: string | null,
    after: object,
  ) {
    return this.tx.platform((em) =>
      this.audit.recordPlatform(
        em,
        { actorId, actorType: actorId ? 'operator' : 'anonymous', ...origin },
        { action, entity: 'operator', entityId, after },
      ),
    );
  }
}

/** Used by the `operator:create` CLI, which connects as the owner role. */
export async function newOperatorRow(
  username: string,
  password: string,
  displayName: string,
): Promise<PlatformOperator> {
  assertStrongPassword(password, { username });
  return Object.assign(new PlatformOperator(), {
    id: uuidv7(),
    username,
    displayName,
    status: 'active',
    passwordHash: await hashPassword(password),
  });
}
