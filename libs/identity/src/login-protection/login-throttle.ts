import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@tongxin/config';
import { clientKey, DomainError, localTime, retryLater } from '@tongxin/http';
import { Clock } from '@tongxin/jobs';
import { RateLimiter } from '@tongxin/rate-limit';
import { DUMMY_HASH_PROMISE, verifyPassword } from '../passwords';

/**
 * Where a failure is counted:
 * - `account-source`: one account from one source (the only scope a familiar source meets);
 * - `source`: one source, any account in any district;
 * - `account`: one account, any unfamiliar source;
 * - `tenant`: one district, any account, any unfamiliar source.
 * The first two lock the source out; the last two, being about many sources, put the account or
 * district *under attack* instead: unfamiliar sources keep trying, with a smaller allowance each.
 */
export type LoginScope = 'account-source' | 'source' | 'account' | 'tenant';

/** Who is trying to log in, as far as counting goes (no secret in here). */
export interface LoginSubject {
  /** Tenant users and platform operators are counted apart (the source scope is shared). */
  realm: 'tenant' | 'operator';
  /** The district code as typed ('' for operators). */
  tenant: string;
  username: string;
  /** The stored password hash, or null for an unknown account. Only a digest of it names counters. */
  passwordHash: string | null;
  /** The client's address (clientAddress). */
  source: string | null;
}

/** An attempt let through: what was counted up front, and where a failure will count too. */
export interface LoginAttempt {
  subject: LoginSubject;
  familiar: boolean;
  /** The account-and-source counter, counted before the password is checked. */
  counted: { scope: LoginScope; key: string; count: number; max: number };
  /** The unfamiliar source's other scopes, counted only when the password turns out wrong. */
  shared: { scope: LoginScope; key: string; max: number }[];
}

/** A lockout (or an under-attack period, for the account and tenant scopes) set by a failure, for the audit trail. */
export interface Lockout {
  scope: LoginScope;
  until: Date;
  level: number;
}

/** Thrown by `begin` when a lockout is in force; carries what the audit trail records. */
export class LoginThrottled extends DomainError {
  constructor(
    readonly scope: LoginScope,
    readonly retryAfterSeconds: number,
    /** The first refusal of this lockout (the audit trail records one event per lockout, not per knock). */
    readonly firstRefusal: boolean,
    now: Date,
  ) {
    // The message gives the district's local time to try again at; the details keep it in ISO 8601.
    const retryAt = new Date(now.getTime() + retryAfterSeconds * 1000);
    const e = retryLater('LOGIN_THROTTLED', 429, retryAfterSeconds, { until: localTime(retryAt) });
    super(e.code, e.status, e.params, { ...(e.details as object), retryAt: retryAt.toISOString() }, e.headers);
  }
}

/** Scopes whose limit locks the source out; the others put the account or district under attack. */
const LOCKING_SCOPES: ReadonlySet<LoginScope> = new Set(['account-source', 'source']);
const DAY_SECONDS = 86_400;
const FAMILIAR_DAYS = 30;
const NO_LIMIT = 1_000_000_000;

/**
 * Login throttling and lockout that an anonymous attacker cannot turn against the real user
 * (docs/adr/006-authentication-hardening.md), on the shared RateLimiter so every api process
 * counts together:
 *
 * - Failures are counted per account *and source*: guesses from elsewhere never lock the real
 *   user's own source. After LOGIN_MAX_FAILURES the pair is locked out for LOGIN_LOCK_MINUTES,
 *   each further lockout within a day twice as long (up to a day).
 * - A source the account logged in from in the last 30 days is familiar; from unfamiliar sources
 *   failures also count per source (spraying from one client: a lockout of that source), per
 *   account (guessing from many) and per district (spraying a district from many). Those last two
 *   never lock anyone out, as that would hand the attacker a switch that shuts a district's
 *   grid workers on mobile data out of it: reaching their limit puts the account or district
 *   *under attack* for the same growing period, during which each unfamiliar source may fail at
 *   that account only LOGIN_UNDER_ATTACK_MAX_FAILURES times before it is locked out of it. The
 *   real user on a new address still logs in with the right password; an attacker's addresses
 *   get a couple of guesses each. Familiar sources meet none of these.
 * - Each attempt counts against its account and source before the password is checked, so
 *   concurrent guesses cannot slip past that (small) limit; a success forgets the count. The
 *   other scopes count failures once they are known: counting those up front would refuse a
 *   crowd of legitimate logins from one office's address while they wait for the hashing pool,
 *   and their overshoot is bounded by that pool (PASSWORD_HASH_CONCURRENCY + _QUEUE in flight).
 * - Refusals are 429 `LOGIN_THROTTLED` with `Retry-After`, for known and unknown usernames alike.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Refuses the attempt with LoginThrottled while a lockout applies; otherwise counts it against
   * the account and source up front (see the class comment) and lets it through.
   */
  async begin(subject: LoginSubject): Promise<LoginAttempt> {
    const source = clientKey(subject.source);
    const familiar =
      (await this.limiter.peek(this.bucket(subject, 'familiar'), this.familiarKey(subject, source))).count > 0;
    const scopes = this.scopes(subject, source, familiar);
    await this.refuseIfLocked(
      subject,
      scopes.filter((s) => LOCKING_SCOPES.has(s.scope)),
    );
    const attack = await this.longestLock(
      subject,
      scopes.filter((s) => !LOCKING_SCOPES.has(s.scope)),
    );
    const [own, ...shared] = scopes;
    const max = attack ? Math.min(own!.max, this.config.login.underAttackMaxFailures) : own!.max;
    if (attack && (await this.limiter.peek(this.bucket(subject, own!.scope, 'fail'), own!.key)).count >= max)
      // This source used its allowance while the attack lasts (its failures before it count too).
      await this.refuse(subject, attack);
    const d = await this.limiter.consume(this.bucket(subject, own!.scope, 'fail'), own!.key, {
      limit: max,
      windowSeconds: DAY_SECONDS,
    });
    const counted = { ...own!, max, count: d.count };
    // Beyond the limit: concurrent guesses raced past the lockout check while the last allowed
    // ones are still being checked. Give the unit back and ask for a moment.
    if (counted.count > counted.max) {
      await this.giveBack(subject, counted);
      throw new LoginThrottled(counted.scope, 1, false, this.clock.now());
    }
    return { subject, familiar, counted, shared };
  }

  /**
   * One login's password check under the throttle, as tenant and operator logins both do it:
   * refused while a lockout applies (`onFirstRefusal` is told of the first refusal of each lockout,
   * for the audit trail); an unknown account is checked against a dummy hash, so it costs the same
   * work as a wrong password; a familiar source waits in the hashing pool's own lane, ahead of a
   * flood from new addresses; a check that could not run (the pool was full) is not held against
   * the caller. The caller then reports `failed` or `succeeded` with the attempt.
   */
  async checkPassword(
    subject: LoginSubject,
    password: string,
    onFirstRefusal: (refusal: LoginThrottled) => Promise<void>,
  ): Promise<{ attempt: LoginAttempt; ok: boolean }> {
    let attempt: LoginAttempt;
    try {
      attempt = await this.begin(subject);
    } catch (error) {
      if (error instanceof LoginThrottled && error.firstRefusal) await onFirstRefusal(error);
      throw error;
    }
    try {
      const hash = subject.passwordHash ?? (await DUMMY_HASH_PROMISE);
      const account = `${subject.realm}:${subject.tenant.toLowerCase()}:${subject.username.toLowerCase()}`;
      return { attempt, ok: await verifyPassword(hash, password, attempt.familiar ? 'familiar' : 'other', account) };
    } catch (error) {
      await this.abandon(attempt);
      throw error;
    }
  }

  /** A wrong password (or no such account): the failure counts everywhere; a limit reached sets a lockout. */
  async failed(attempt: LoginAttempt): Promise<Lockout[]> {
    const { subject } = attempt;
    const shared = await Promise.all(
      attempt.shared.map(async (s) => {
        const d = await this.limiter.consume(this.bucket(subject, s.scope, 'fail'), s.key, {
          limit: s.max,
          windowSeconds: DAY_SECONDS,
        });
        return { ...s, count: d.count };
      }),
    );
    const lockouts: Lockout[] = [];
    // Exactly one failure reaches a limit (counts are atomic, and `begin` lets none past its
    // allowance), so each limit sets one lockout.
    for (const c of [attempt.counted, ...shared].filter((c) => c.count === c.max)) {
      const level = (
        await this.limiter.consume(this.bucket(subject, c.scope, 'level'), c.key, {
          limit: NO_LIMIT,
          windowSeconds: DAY_SECONDS,
        })
      ).count;
      const seconds = Math.min(this.config.login.lockMinutes * 60 * 2 ** (level - 1), DAY_SECONDS);
      const lock = await this.limiter.consume(this.bucket(subject, c.scope, 'lock'), c.key, {
        limit: NO_LIMIT,
        windowSeconds: seconds,
      });
      await this.limiter.reset(this.bucket(subject, c.scope, 'fail'), c.key);
      lockouts.push({ scope: c.scope, until: lock.resetAt!, level });
    }
    return lockouts;
  }

  /** The right password: the account's failures from this source are forgotten, the source becomes familiar. */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    const { subject, counted } = attempt;
    await Promise.all([
      this.limiter.reset(this.bucket(subject, counted.scope, 'fail'), counted.key),
      this.limiter.consume(this.bucket(subject, 'familiar'), this.familiarKey(subject, clientKey(subject.source)), {
        limit: NO_LIMIT,
        windowSeconds: FAMILIAR_DAYS * DAY_SECONDS,
      }),
    ]);
  }

  /** The password could not be checked (the server was too busy): nothing is held against the caller. */
  async abandon(attempt: LoginAttempt): Promise<void> {
    await this.giveBack(attempt.subject, attempt.counted);
  }

  private scopes(
    subject: LoginSubject,
    source: string,
    familiar: boolean,
  ): { scope: LoginScope; key: string; max: number }[] {
    const login = this.config.login;
    // A new password lifts the account's lockouts (an administrator's reset included): its
    // counters are named after a digest of the stored hash.
    const epoch = subject.passwordHash
      ? createHash('sha256').update(subject.passwordHash).digest('hex').slice(0, 16)
      : '0';
    const account = `${subject.tenant}:${subject.username}:${epoch}`;
    const scopes: { scope: LoginScope; key: string; max: number }[] = [
      { scope: 'account-source', key: `${account}:${source}`, max: login.maxFailures },
    ];
    if (familiar) return scopes;
    scopes.push({ scope: 'source', key: source, max: login.sourceMaxFailures });
    scopes.push({ scope: 'account', key: account, max: login.accountMaxFailures });
    if (subject.realm === 'tenant') scopes.push({ scope: 'tenant', key: subject.tenant, max: login.tenantMaxFailures });
    return scopes;
  }

  private async refuseIfLocked(subject: LoginSubject, scopes: { scope: LoginScope; key: string }[]): Promise<void> {
    const longest = await this.longestLock(subject, scopes);
    if (longest) await this.refuse(subject, longest);
  }

  /** The one of these scopes whose lockout (or attack) lasts longest, if any is in force. */
  private async longestLock(
    subject: LoginSubject,
    scopes: { scope: LoginScope; key: string }[],
  ): Promise<{ scope: LoginScope; key: string; until: Date } | null> {
    const locks = await Promise.all(
      scopes.map(async (s) => ({
        ...s,
        until: (await this.limiter.peek(this.bucket(subject, s.scope, 'lock'), s.key)).resetAt,
      })),
    );
    const active = locks.filter((l): l is typeof l & { until: Date } => l.until !== null);
    return active.length ? active.reduce((a, b) => (b.until > a.until ? b : a)) : null;
  }

  private async refuse(
    subject: LoginSubject,
    longest: { scope: LoginScope; key: string; until: Date },
  ): Promise<never> {
    const retryAfterSeconds = Math.max(1, Math.ceil((longest.until.getTime() - this.clock.now().getTime()) / 1000));
    // One audit event per lockout: the first refusal while it lasts is noted, later ones are not.
    const noted = await this.limiter.consume(this.bucket(subject, longest.scope, 'noted'), longest.key, {
      limit: 1,
      windowSeconds: retryAfterSeconds,
    });
    throw new LoginThrottled(longest.scope, retryAfterSeconds, noted.allowed, this.clock.now());
  }

  private async giveBack(subject: LoginSubject, counted: { scope: LoginScope; key: string; max: number }) {
    await this.limiter.consume(
      this.bucket(subject, counted.scope, 'fail'),
      counted.key,
      { limit: counted.max, windowSeconds: DAY_SECONDS },
      -1,
    );
  }

  private familiarKey(subject: LoginSubject, source: string): string {
    return `${subject.tenant}:${subject.username}:${source}`;
  }

  /** The source scope is one bucket for both realms: a client spraying operators and districts is one client. */
  private bucket(
    subject: LoginSubject,
    scope: LoginScope | 'familiar',
    kind?: 'fail' | 'lock' | 'level' | 'noted',
  ): string {
    const realm = scope === 'source' ? 'any' : subject.realm;
    return kind ? `login.${realm}.${scope}.${kind}` : `login.${realm}.${scope}`;
  }
}
