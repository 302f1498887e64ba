import { createHash, randomBytes } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from './db';
import { badRequest, HttpError, objectBody } from './http';
import { signAccessToken } from './jwt';
import {
  INSERT_AUDIT,
  INSERT_REFRESH_TOKEN,
  RECORD_FAILURE,
  RESET_FAILURES,
  TENANT_BY_CODE,
  USER_BY_USERNAME,
} from './sql';

export interface AuthConfig {
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
}

// libs/identity/src/password-hasher.ts: argon2id (the package's const enum value 2), OWASP's profile.
const ARGON2ID = 2 as unknown as Algorithm;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * Verified against for unknown tenants and users, so they cost as long as a wrong password; made
 * at module load, like the product's DUMMY_HASH_PROMISE.
 */
const DUMMY_HASH = hash(`no-such-user-${Math.random()}`, OPTIONS);

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

interface LoginBody {
  tenantCode: string;
  username: string;
  password: string;
}

/** LoginDto's checks (whitelisted, no other fields). */
function loginBody(body: unknown): LoginBody {
  const b = objectBody(body);
  const { tenantCode, username, password } = b;
  const ok =
    Object.keys(b).every((k) => k === 'tenantCode' || k === 'username' || k === 'password') &&
    typeof tenantCode === 'string' &&
    /^[a-z][a-z0-9-]{1,31}$/.test(tenantCode) &&
    typeof username === 'string' &&
    username.length >= 1 &&
    username.length <= 64 &&
    typeof password === 'string' &&
    password.length >= 1 &&
    password.length <= 128;
  if (!ok) throw badRequest();
  return { tenantCode, username, password };
}

interface UserRow {
  u_id: string;
  u_status: string;
  u_locked_until: Date | null;
  u_password_hash: string;
}

/** `POST /api/v1/auth/login`: AuthService.login and TokenService.issue, statement for statement. */
export async function login(db: Database, config: AuthConfig, body: unknown, requestId: string) {
  const { tenantCode, username, password } = loginBody(body);
  const tenant = await db.platform(
    async (tx) => (await tx.query<{ Tenant_id: string; Tenant_status: string }>(TENANT_BY_CODE, [tenantCode]))[0],
  );
  if (!tenant) {
    await verifyPassword(await DUMMY_HASH, password);
    throw new HttpError(401, 'INVALID_CREDENTIALS');
  }
  const tenantId = tenant.Tenant_id;
  // The password is checked outside the transaction (argon2 is slow), the outcome recorded in one.
  const user = await db.run(tenantId, async (tx) => (await tx.query<UserRow>(USER_BY_USERNAME, [username]))[0]);
  if (!user) {
    await verifyPassword(await DUMMY_HASH, password);
    throw new HttpError(401, 'INVALID_CREDENTIALS');
  }
  if (user.u_locked_until && user.u_locked_until > new Date())
    throw new HttpError(423, 'ACCOUNT_LOCKED', { until: user.u_locked_until.toISOString() });
  if (!(await verifyPassword(user.u_password_hash, password))) {
    await db.run(tenantId, async (tx) => {
      const [row] = await tx.query<{ locked_until: Date | null }>(RECORD_FAILURE, [
        user.u_id,
        config.loginMaxFailures,
        config.loginLockMinutes,
      ]);
      const lockedUntil = row?.locked_until;
      if (lockedUntil && lockedUntil > new Date())
        await tx.query(INSERT_AUDIT, [
          tenantId,
          uuidv7(),
          null,
          'system',
          'user.lock',
          'user',
          user.u_id,
          null,
          JSON.stringify({ lockedUntil }),
          requestId,
        ]);
    });
    throw new HttpError(401, 'INVALID_CREDENTIALS');
  }
  if (tenant.Tenant_status !== 'active') throw new HttpError(401, 'TENANT_SUSPENDED');
  if (user.u_status !== 'active') throw new HttpError(401, 'ACCOUNT_DISABLED');
  return db.run(tenantId, async (tx) => {
    await tx.query(RESET_FAILURES, [0, null, tenantId, user.u_id]);
    const familyId = uuidv7();
    const id = uuidv7();
    const secret = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + config.refreshTokenTtlDays * 86_400_000);
    await tx.query(INSERT_REFRESH_TOKEN, [tenantId, id, user.u_id, familyId, sha256(secret), expiresAt]);
    return {
      accessToken: signAccessToken(config.jwtSecret, user.u_id, tenantId, config.accessTokenTtlSeconds),
      refreshToken: `${tenantId}.${id}.${secret}`,
      tokenType: 'Bearer',
      expiresIn: config.accessTokenTtlSeconds,
    };
  });
}
