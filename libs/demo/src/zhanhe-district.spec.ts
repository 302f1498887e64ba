import { DEMO_ROOT_CODE, zhanheDistrictUnits, type DemoUnitRow } from './zhanhe-district';

const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

describe('zhanheDistrictUnits (湛河区 demo hierarchy)', () => {
  const rows = zhanheDistrictUnits();
  const atLevel = (level: number): DemoUnitRow[] => rows.filter((r) => r.level === level);

  it('has at least 3 streets, 36 communities and 344 grids, like 湛河区', () => {
    expect(atLevel(2).length).toBeGreaterThanOrEqual(3);
    expect(atLevel(3)).toHaveLength(36);
    expect(atLevel(4)).toHaveLength(344);
    expect(rows.every((r) => r.level >= 2 && r.level <= 5)).toBe(true);
  });

  it('does not emit the root, and hangs every street off it', () => {
    expect(rows.some((r) => r.code === DEMO_ROOT_CODE)).toBe(false);
    for (const street of atLevel(2)) expect(street.parentCode).toBe(DEMO_ROOT_CODE);
  });

  it('gives every community 6 to 14 grids and every grid 2 or 3 party groups', () => {
    const children = new Map<string, number>();
    for (const r of rows) children.set(r.parentCode, (children.get(r.parentCode) ?? 0) + 1);
    for (const street of atLevel(2)) expect(children.get(street.code) ?? 0).toBeGreaterThan(0);
    for (const community of atLevel(3)) {
      const n = children.get(community.code) ?? 0;
      expect(n).toBeGreaterThanOrEqual(6);
      expect(n).toBeLessThanOrEqual(14);
    }
    const groupCounts = atLevel(4).map((grid) => children.get(grid.code) ?? 0);
    expect(groupCounts.every((n) => n === 2 || n === 3)).toBe(true);
    expect(new Set(groupCounts)).toEqual(new Set([2, 3]));
  });

  it('uses unique, valid codes and unique names of at most 100 characters', () => {
    expect(new Set(rows.map((r) => r.code)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
    for (const r of rows) {
      expect(r.code).toMatch(CODE_PATTERN);
      expect(r.name.length).toBeGreaterThan(0);
      expect(r.name.length).toBeLessThanOrEqual(100);
    }
  });

  it('lists parents before children, one level apart, codes nested in the parent code', () => {
    const levelOf = new Map<string, number>([[DEMO_ROOT_CODE, 1]]);
    for (const r of rows) {
      expect(levelOf.has(r.parentCode)).toBe(true);
      expect(r.level).toBe(levelOf.get(r.parentCode)! + 1);
      expect(r.code.startsWith(`${r.parentCode}-`)).toBe(true);
      levelOf.set(r.code, r.level);
    }
    const levels = rows.map((r) => r.level);
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
  });

  it('names each level the way the district does', () => {
    const nameOf = new Map(rows.map((r) => [r.code, r.name]));
    for (const r of atLevel(2)) expect(r.name).toMatch(/街道党工委$/);
    for (const r of atLevel(3)) expect(r.name).toMatch(/社区党委$/);
    for (const r of atLevel(4)) {
      expect(r.name).toMatch(/社区第\d+网格党支部$/);
      expect(r.name.startsWith(nameOf.get(r.parentCode)!.replace(/党委$/, ''))).toBe(true);
    }
    for (const r of atLevel(5)) {
      expect(r.name).toMatch(/网格第\d+党小组$/);
      expect(r.name.startsWith(nameOf.get(r.parentCode)!.replace(/党支部$/, ''))).toBe(true);
    }
    const names = rows.map((r) => r.name);
    for (const known of ['姚孟街道党工委', '曙光街社区党委', '阳光苑社区党委', '湛南社区党委', '翱翔社区党委']) {
      expect(names).toContain(known);
    }
    expect(names).toContain('曙光街社区第3网格党支部');
    expect(names).toContain('曙光街社区第3网格第1党小组');
  });

  it('is deterministic and returns fresh rows on each call', () => {
    const again = zhanheDistrictUnits();
    expect(again).toEqual(rows);
    expect(again).not.toBe(rows);
  });
});
