import { v7 as uuidv7 } from 'uuid';

/**
 * A small seeded generator (mulberry32), so the same seed always yields the same district: the
 * benchmark's data is reproducible, byte for byte, on any machine.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One of `choices` with probability proportional to its weight. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [value, weight] of choices) {
      r -= weight;
      if (r < 0) return value;
    }
    return choices[choices.length - 1]![0];
  }

  /** Log-normal around `median` (sigma in log space): skewed durations, a few very long. */
  logNormal(median: number, sigma: number): number {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(sigma * z);
  }

  /** A time-ordered uuid v7 for `ms`, its random bits from this generator (ids sort like times). */
  uuidAt(ms: number): string {
    const random = new Uint8Array(16);
    for (let i = 0; i < 16; i++) random[i] = Math.floor(this.next() * 256);
    return uuidv7({ msecs: Math.floor(ms), random });
  }
}

/**
 * Splits `total` into `parts` positive integers that vary around the mean (±`spread` of it), and
 * sum exactly to `total`: communities per street, grids per community.
 */
export function splitTotal(rng: Random, total: number, parts: number, spread = 0.5): number[] {
  const weights = Array.from({ length: parts }, () => 1 + spread * (2 * rng.next() - 1));
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const counts = exact.map((x) => Math.max(1, Math.floor(x)));
  let left = total - counts.reduce((a, b) => a + b, 0);
  // Largest remainders first; then trim from the largest parts if the floor of 1 overshot.
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k = (k + 1) % parts, left--) counts[order[k]![1]]!++;
  while (left < 0) {
    const i = counts.indexOf(Math.max(...counts));
    counts[i]!--;
    left++;
  }
  return counts;
}
