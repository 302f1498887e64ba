import { dictionary } from '@zxcvbn-ts/language-common';
import { DomainError } from '@tongxin/http';
import { COMMON_CHINESE_PASSWORDS } from './common-passwords-zh';

/**
 * The maintained list of common passwords (zxcvbn-ts's 49,000 from public leaks) and our own of
 * Chinese patterns, lower-case, in one set.
 */
const COMMON = new Set<string>(
  [...dictionary['passwords-common'], ...COMMON_CHINESE_PASSWORDS].map((p) => p.toLowerCase()),
);

let minLength = 8;

/** PASSWORD_MIN_LENGTH, applied at boot (8 at least, NIST SP 800-63B's floor). */
export function configurePasswordPolicy(options: { minLength: number }): void {
  minLength = Math.max(8, options.minLength);
}

/** Whether a password is on a common-password list, also once its trailing punctuation is dropped (`qwerty123!`). */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  return COMMON.has(lower) || COMMON.has(lower.replace(/[^\p{L}\p{N}]+$/u, ''));
}

/**
 * The one rule for every password anyone sets (users, resets, changes, a district's first admin,
 * platform operators, the demo): at least PASSWORD_MIN_LENGTH (8) and at most 128 characters with
 * a letter and a digit (`WEAK_PASSWORD`), not a common password and not containing the username
 * (`PASSWORD_TOO_COMMON`): the first guesses of any attacker (NIST SP 800-63B §3.1.1.2).
 */
export function assertStrongPassword(password: string, context: { username?: string } = {}): void {
  if (password.length < minLength || password.length > 128 || !/\p{L}/u.test(password) || !/\d/.test(password)) {
    throw new DomainError('WEAK_PASSWORD', 400, { minLength });
  }
  const username = context.username?.toLowerCase();
  if (isCommonPassword(password) || (username && username.length >= 3 && password.toLowerCase().includes(username))) {
    throw new DomainError('PASSWORD_TOO_COMMON', 400);
  }
}
