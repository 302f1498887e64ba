/** numeric comes back from PostgreSQL as a string; coordinates and ratios fit a JS number. */
export const decimal = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};
