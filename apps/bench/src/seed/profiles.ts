/**
 * The districts the benchmark loads, at the sizes their reports publish (docs/domain.md, "The demo
 * district and the benchmark districts", says which figure comes from where). Street names are
 * real; community, grid and group names are generated.
 */
export interface DistrictProfile {
  /** Tenant code, also the Open311 jurisdiction. */
  code: string;
  name: string;
  divisionCode: string;
  rootUnitName: string;
  /** Prefix of generated unit codes and usernames. */
  prefix: string;
  streets: readonly string[];
  communities: number;
  grids: number;
  /** Full-time grid staff (网格员) with accounts: one per grid, the rest in the busiest grids. */
  gridStaff: number;
  /** Party groups (网格党小组, level 5) under each grid. */
  groupsPerGrid: number;
  /** Cases over the three years before the anchor date, unless `--cases` says otherwise. */
  cases: number;
  departments: readonly string[];
}

const DEPARTMENTS = ['公安分局', '城市管理局', '市场监督管理局', '司法局', '住房和城乡建设局', '人力资源和社会保障局'];

export const PROFILES: Record<string, DistrictProfile> = {
  // 番禺区: 16 streets and towns, 2,025 grids, 2,343 full-time grid staff; ~270 communities and villages.
  panyu: {
    code: 'panyu',
    name: '广州市番禺区',
    divisionCode: '440113',
    rootUnitName: '中共广州市番禺区委员会',
    prefix: 'PY',
    streets: [
      '市桥街道',
      '沙头街道',
      '东环街道',
      '桥南街道',
      '小谷围街道',
      '大石街道',
      '洛浦街道',
      '石壁街道',
      '钟村街道',
      '大龙街道',
      '沙湾街道',
      '南村镇',
      '新造镇',
      '化龙镇',
      '石楼镇',
      '石碁镇',
    ],
    communities: 270,
    grids: 2025,
    gridStaff: 2343,
    groupsPerGrid: 2,
    cases: 1_000_000,
    departments: DEPARTMENTS.map((d) => `番禺区${d}`),
  },
  // 湛河区: 36 communities, 344 grids; 36,000 livelihood problems handled.
  zhanhe: {
    code: 'zhanhe',
    name: '平顶山市湛河区',
    divisionCode: '410411',
    rootUnitName: '中共平顶山市湛河区委员会',
    prefix: 'ZH',
    streets: [
      '马庄街道',
      '南环路街道',
      '姚孟街道',
      '九里山街道',
      '轻工路街道',
      '高阳路街道',
      '河滨街道',
      '北渡街道',
      '荆山街道',
    ],
    communities: 36,
    grids: 344,
    gridStaff: 344,
    groupsPerGrid: 1,
    cases: 36_000,
    departments: DEPARTMENTS.map((d) => `湛河区${d}`),
  },
  // 罗塘街道 (姜堰区): 216 grids, 524 grid staff. A small neighbour tenant.
  jiangyan: {
    code: 'jiangyan',
    name: '泰州市姜堰区（罗塘街道）',
    divisionCode: '321204',
    rootUnitName: '中共泰州市姜堰区委员会',
    prefix: 'JY',
    streets: ['罗塘街道'],
    communities: 24,
    grids: 216,
    gridStaff: 524,
    groupsPerGrid: 1,
    cases: 20_000,
    departments: DEPARTMENTS.map((d) => `姜堰区${d}`),
  },
  // 祥云县: 7 community committees, 68 branches. The smallest neighbour.
  xiangyun: {
    code: 'xiangyun',
    name: '大理州祥云县',
    divisionCode: '532923',
    rootUnitName: '中共祥云县委员会',
    prefix: 'XY',
    streets: ['祥城镇', '下庄镇'],
    communities: 7,
    grids: 68,
    gridStaff: 68,
    groupsPerGrid: 1,
    cases: 5_000,
    departments: DEPARTMENTS.map((d) => `祥云县${d}`),
  },
};

/** The smaller tenants every benchmark database also holds, so isolation has real neighbours. */
export const NEIGHBOURS = ['jiangyan', 'xiangyun'] as const;

/** Neighbours of a profile: the small ones, and 湛河 beside 番禺. */
export function neighboursOf(profile: string): string[] {
  return [...(profile === 'panyu' ? ['zhanhe'] : []), ...NEIGHBOURS.filter((n) => n !== profile)];
}

/** "10k", "1m", "250000" → a count. */
export function parseCount(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  if (!m) throw new Error(`not a case count: ${text}`);
  const scale = { '': 1, k: 1_000, m: 1_000_000 }[m[2]!.toLowerCase() as '' | 'k' | 'm'];
  return Math.round(Number(m[1]) * scale);
}

/** 10000 → "10k", 1000000 → "1m": database names and table headings. */
export function countLabel(n: number): string {
  if (n % 1_000_000 === 0) return `${n / 1_000_000}m`;
  if (n % 1_000 === 0) return `${n / 1_000}k`;
  return String(n);
}

/**
 * The data ends here (the day before, Beijing time), whatever day the seed runs, so two runs
 * produce the same rows; the benchmark's periods are fixed relative to it.
 */
export const ANCHOR = new Date('2026-11-01T00:00:00+08:00');
export const SEED_YEARS = 3;
