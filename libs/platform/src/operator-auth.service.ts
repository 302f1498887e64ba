import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { v7 as uuidv7 } from 'uuid';
import { TenantTransaction } from '@tongxin/database';
import { DomainError } from '@tongxin/http';
import { assertStrongPassword, DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from '@tongxin/identity';
import { PlatformOperator } from '@tongxin/tenancy';
import type { OperatorTokenDto } from './platform.dto';

const OPERATOR_TOKEN_TTL_SECONDS = 3600;

/** Platform operators log in separately from tenants and get tokens no tenant route accepts. */
@Injectable()
export class OperatorAuthService {
  constructor(
    private readonly tx: TenantTransaction,
    private readonly jwt: JwtService,
  ) {}

  async login(username: string, password: string): Promise<OperatorTokenDto> {
    const operator = await this.tx.platform((em) => em.findOneBy(PlatformOperator, { username }));
    const ok = await verifyPassword(operator?.passwordHash ?? (await DUMMY_HASH_PROMISE), password);
    if (!operator || !ok) throw new DomainError('INVALID_CREDENTIALS', 401);
    const accessToken = await this.jwt.signAsync(
      { sub: operator.id, typ: 'operator' },
      { expiresIn: OPERATOR_TOKEN_TTL_SECONDS },
    );
    return { accessToken, tokenType: 'Bearer', expiresIn: OPERATOR_TOKEN_TTL_SECONDS };
  }
}

/** Used by the `operator:create` CLI, which connects as the owner role. */
export async function newOperatorRow(
  username: string,
  password: string,
  displayName: string,
): Promise<PlatformOperator> {
  assertStrongPassword(password);
  return Object.assign(new PlatformOperator(), {
    id: uuidv7(),
    username,
    displayName,
    passwordHash: await hashPassword(password),
  });
}
