import { dictionary } from '@zxcvbn-ts/language-common';
import { DomainError } from '@tongxin/http';
import { COMMON_CHINESE_PASSWORDS, COMMON_WORDS } from './common-passwords-zh';

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

/**
 * Whether a password is on a common-password list, also once its trailing punctuation is dropped
 * (`qwerty123!`), or is a common password or word with only digits and punctuation after it
 * (`Huawei@123`, `Beijing2026`, `Password1!`): the first thing guessing tools try with every word.
 */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || COMMON.has(lower.replace(/[^\p{L}\p{N}]+$/u, ''))) return true;
  const word = lower.replace(/[^\p{L}]+$/u, '');
  // Our own list of words, not the whole leak list: that holds `demo` and `passw0rd` too, and
  // refusing every one of its 49,000 entries with a year after it would refuse too much.
  return word !== lower && COMMON_WORDS.has(word);
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
