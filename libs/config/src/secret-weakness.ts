import { deflateRawSync } from 'node:zlib';

/** Bits a secret must carry by the estimate below; a random 32-character base64 string has about 150. */
export const MIN_SECRET_BITS = 128;

/**
 * Why a signing secret is too weak, or undefined. Length alone let `aaaa…` (32 × a) through. The
 * estimate is the smaller of two upper bounds on what the secret can hold: length × the Shannon
 * entropy of its character frequencies (a short alphabet: `abab…`, `password` × 4 at 88 bits) and
 * its size deflated (repetition: `changeme-` × 5 at 112 bits). Random base64 or 64 hex characters
 * pass with room to spare; a 32-character hex string (128 bits at most) does not, which RFC 7518
 * §3.2 agrees with (HS256 keys of 256 bits). It cannot see meaning (`my-long-passphrase-…`
 * passes), so it catches mistakes, not determined misuse.
 */
export function secretWeakness(secret: string): string | undefined {
  if (secret.length < 32) return `it has ${secret.length} characters, at least 32 are needed`;
  const counts = new Map<string, number>();
  for (const c of secret) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bitsPerChar = 0;
  for (const n of counts.values()) bitsPerChar -= (n / secret.length) * Math.log2(n / secret.length);
  const deflatedBits = deflateRawSync(Buffer.from(secret), { level: 9 }).length * 8;
  const bits = Math.floor(Math.min(bitsPerChar * secret.length, deflatedBits));
  if (bits < MIN_SECRET_BITS) return `it carries about ${bits} bits of entropy, at least ${MIN_SECRET_BITS} are needed`;
  return undefined;
}
