import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { DomainError } from '@tongxin/http';

// The package's Algorithm is a const enum that has no runtime value under isolated modules; 2 is Argon2id.
const ARGON2ID = 2 as unknown as Algorithm;
// OWASP's second recommended argon2id profile: 19 MiB, 2 iterations, 1 lane.
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** 8–128 characters with at least one letter and one digit. */
export function assertStrongPassword(password: string): void {
  if (password.length < 8 || password.length > 128 || !/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    throw new DomainError('WEAK_PASSWORD', 400);
  }
}

/**
 * A real argon2id hash of a random string, verified against when the username does not exist,
 * so a wrong username costs as long as a wrong password and usernames cannot be probed by timing.
 */
export const DUMMY_HASH_PROMISE = hashPassword(`no-such-user-${Math.random()}`);
