import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { availableParallelism } from 'node:os';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from './db';
import { badRequest, HttpError, objectBody } from './http';
import { signAccessToken } from './jwt';
import { INSERT_AUDIT, INSERT_PLATFORM_AUDIT, INSERT_REFRESH_TOKEN, TENANT_BY_CODE, USER_BY_USERNAME } from './sql';

export interface AuthConfig {
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  hashing: Semaphore;
}

/** The product's default PASSWORD_HASH_CONCURRENCY: half the cores, at least one. */
export const DEFAULT_HASH_CONCURRENCY = Math.max(1, Math.floor(availableParallelism() / 2));

/**
 * libs/identity/src/passwords/hashing-pool.ts by hand: at most `concurrency` argon2 runs at once,
 * `queue` more waiting, the rest refused with 503 AUTH_BUSY.
 */
export class Semaphore {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly queue = 16 * concurrency,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queue) throw new HttpError(503, 'AUTH_BUSY');
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

// libs/identity/src/passwords/password-hasher.ts: argon2id (the package's const enum value 2), OWASP's profile.
const ARGON2ID = 2 as unknown as Algorithm;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

async function verifyPassword(hashing: Semaphore, passwordHash: string, password: string): Promise<boolean> {
  return hashing.run(async () => {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  });
}

/**
 * Verified against for unknown tenants and users, so they cost as long as a wrong password; made
 * at module load, like the product's DUMMY_HASH_PROMISE.
 */
const DUMMY_HASH = hash(`no-such-user-${Math.random()}`, OPTIONS);

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** clientAddress (libs/http/src/client-address.ts) with no trusted proxy, as the benchmark runs. */
export function sourceAddressOf(req: IncomingMessage): string | null {
  const raw = req.socket.remoteAddress;
  if (!raw) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(raw);
  return mapped ? mapped[1]! : raw;
}

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
  u_password_hash: string;
}

/**
 * `POST /api/v1/auth/login`: AuthService.login and TokenService.issue, statement for statement
 * (the throttle's counters aside: see main.ts). Every outcome writes one audit event.
 */
export async function login(
  db: Database,
  config: AuthConfig,
  body: unknown,
  requestId: string,
  sourceAddress: string | null,
) {
  const { tenantCode, username, password } = loginBody(body);
  const tenant = await db.platform(
    async (tx) => (await tx.query<{ Tenant_id: string; Tenant_status: string }>(TENANT_BY_CODE, [tenantCode]))[0],
  );
  if (!tenant) {
    await verifyPassword(config.hashing, await DUMMY_HASH, password);
    await db.platform((tx) =>
      tx.query(INSERT_PLATFORM_AUDIT, [
        uuidv7(),
        null,
        'anonymous',
        'auth.login.failed',
        'user',
        null,
        null,
        JSON.stringify({ tenantCode, username, reason: 'unknown_tenant' }),
        sourceAddress,
        requestId,
      ]),
    );
    throw new HttpError(401, 'INVALID_CREDENTIALS');
  }
  const tenantId = tenant.Tenant_id;
  // The password is checked outside the transaction (argon2 is slow), the outcome recorded in one.
  const user = await db.run(tenantId, async (tx) => (await tx.query<UserRow>(USER_BY_USERNAME, [username]))[0]);
  const ok = await verifyPassword(config.hashing, user?.u_password_hash ?? (await DUMMY_HASH), password);
  const audit = (userId: string | null, actorType: string, action: string, after: object) =>
    db.run(tenantId, (tx) =>
      tx.query(INSERT_AUDIT, [
        tenantId,
        uuidv7(),
        actorType === 'user' ? userId : null,
        actorType,
        action,
        'user',
        userId,
        null,
        JSON.stringify(after),
        requestId,
        sourceAddress,
      ]),
    );
  if (!user || !ok) {
    await audit(user?.u_id ?? null, 'anonymous', 'auth.login.failed', {
      tenantCode,
      username,
      reason: user ? 'wrong_password' : 'unknown_user',
    });
    throw new HttpError(401, 'INVALID_CREDENTIALS');
  }
  if (tenant.Tenant_status !== 'active' || user.u_status !== 'active') {
    const reason = tenant.Tenant_status !== 'active' ? 'tenant_suspended' : 'account_disabled';
    await audit(user.u_id, 'anonymous', 'auth.login.failed', { tenantCode, username, reason });
    throw new HttpError(401, reason === 'tenant_suspended' ? 'TENANT_SUSPENDED' : 'ACCOUNT_DISABLED');
  }
  return db.run(tenantId, async (tx) => {
    await tx.query(INSERT_AUDIT, [
      tenantId,
      uuidv7(),
      user.u_id,
      'user',
      'auth.login',
      'user',
      user.u_id,
      null,
      JSON.stringify({ username }),
      requestId,
      sourceAddress,
    ]);
    const familyId = uuidv7();
    const id = uuidv7();
    const secret = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + config.refreshTokenTtlDays * 86_400_000);
    await tx.query(INSERT_REFRESH_TOKEN, [tenantId, id, user.u_id, familyId, sha256(secret), expiresAt]);
    return {
      accessToken: signAccessToken(config.jwtSecret, user.u_id, tenantId, familyId, config.accessTokenTtlSeconds),
      refreshToken: `${tenantId}.${id}.${secret}`,
      tokenType: 'Bearer',
      expiresIn: config.accessTokenTtlSeconds,
    };
  });
}
