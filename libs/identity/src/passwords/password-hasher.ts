import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { passwordHashing, type HashingLane } from './hashing-pool';

// The package's Algorithm is a const enum that has no runtime value under isolated modules; 2 is Argon2id.
const ARGON2ID = 2 as unknown as Algorithm;
// OWASP's second recommended argon2id profile: 19 MiB, 2 iterations, 1 lane.
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/** argon2id of the password, computed in the process's bounded hashing pool (503 `AUTH_BUSY` when full). */
export const hashPassword = (password: string): Promise<string> => passwordHashing.run(() => hash(password, OPTIONS));

/**
 * Whether the password matches the hash (false for a malformed hash), in the bounded pool; a
 * login from a source the account used before waits in the `familiar` lane, within `account`'s share.
 */
export async function verifyPassword(
  passwordHash: string,
  password: string,
  lane?: HashingLane,
  account?: string,
): Promise<boolean> {
  return passwordHashing.run(
    async () => {
      try {
        return await verify(passwordHash, password);
      } catch {
        return false;
      }
    },
    lane,
    account,
  );
}

/**
 * A real argon2id hash of a random string, verified against when the username does not exist,
 * so a wrong username costs as long as a wrong password and usernames cannot be probed by timing.
 * Computed outside the pool: at import, before any request.
 */
export const DUMMY_HASH_PROMISE = hash(`no-such-user-${Math.random()}`, OPTIONS);
