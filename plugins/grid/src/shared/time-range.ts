/**
 * uuid v7 ids start with their millisecond timestamp, so a period of creation times is also a
 * range of ids: a list filtered by period walks its id-ordered index (the primary key, or a
 * scope column's `(tenant_id, …, id)`) over that range only. The bound is widened by `SLACK_MS`
 * because a row's id and its `created_at` need not come from the very same instant (rows older
 * than `timeOrderedId`), and the exact period is then checked on `created_at`.
 */
export const SLACK_MS = 3600_000;

/** The smallest (`'0'`) or largest (`'f'`) uuid v7 of the millisecond `at`. */
export function v7Bound(at: number, fill: '0' | 'f'): string {
  const hex = Math.max(0, at).toString(16).padStart(12, '0').slice(-12) + fill.repeat(20);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
