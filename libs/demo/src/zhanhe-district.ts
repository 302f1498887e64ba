/**
 * Demo org hierarchy modelled on 湛河区 (Zhanhe District, 平顶山市 Pingdingshan, Henan; 行政区划代码
 * 410411): its nine real 街道 (streets), 36 communities and 344 grids as the district reports them
 * ("湛河区划分社区网格344个", "36个社区都有了法律管家"). 曹镇乡 is left out: it is a township of
 * villages (村) led by a 乡党委, not a street of 社区 under a 党工委. Street names are real; the
 * assignment of communities to streets and most community names are plausible inventions (沿河路,
 * 阳光苑, 湛南 and 翱翔 appear in 湛河区's report, docs/domain.md). Grid and party-group counts
 * come from a fixed formula, so the output is the same on every call.
 *
 * Pure data: no imports, no I/O, no randomness.
 */

export interface DemoUnitRow {
  code: string;
  name: string;
  parentCode: string;
  level: number;
}

/** Code of the district committee (区委, level 1), which already exists and is not emitted. */
export const DEMO_ROOT_CODE = 'ZH';

const TOTAL_GRIDS = 344;
const MIN_GRIDS = 6;
const MAX_GRIDS = 14;

/** Streets (街道) of 湛河区 and the communities (社区) placed under each: 36 in all. */
const STREETS: ReadonlyArray<{ name: string; communities: readonly string[] }> = [
  { name: '马庄街道', communities: ['沿河路社区', '马庄社区', '湛北社区', '光明路社区', '新华社区'] },
  { name: '南环路街道', communities: ['湛南社区', '曙光街社区', '南环社区', '开元路社区', '建设路社区'] },
  { name: '姚孟街道', communities: ['姚孟社区', '平电社区', '翱翔社区', '和顺社区'] },
  { name: '九里山街道', communities: ['九里山社区', '阳光苑社区', '山水社区', '幸福里社区'] },
  { name: '轻工路街道', communities: ['轻工路社区', '纺织社区', '锦绣社区', '园林路社区'] },
  { name: '高阳路街道', communities: ['高阳路社区', '东安社区', '兴华社区', '永安社区'] },
  { name: '河滨街道', communities: ['河滨社区', '滨河苑社区', '湛河湾社区', '望湖社区'] },
  { name: '北渡街道', communities: ['北渡社区', '白龟湖社区', '龙翔社区'] },
  { name: '荆山街道', communities: ['荆山社区', '翠湖社区', '山湖社区'] },
];

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * Grid counts per community, in community order: a spread pattern between MIN_GRIDS and MAX_GRIDS,
 * then nudged one grid at a time (visiting communities with a stride coprime to their number)
 * until the total is exactly TOTAL_GRIDS.
 */
function gridCounts(communityCount: number): number[] {
  const span = MAX_GRIDS - MIN_GRIDS + 1;
  const counts = Array.from({ length: communityCount }, (_, i) => MIN_GRIDS + ((i * 5 + 2) % span));
  let diff = TOTAL_GRIDS - counts.reduce((a, b) => a + b, 0);
  const stride = 7;
  let i = 0;
  let idle = 0;
  while (diff !== 0) {
    const step = diff > 0 ? 1 : -1;
    const next = counts[i]! + step;
    if (next >= MIN_GRIDS && next <= MAX_GRIDS) {
      counts[i] = next;
      diff -= step;
      idle = 0;
    } else if (++idle > communityCount) {
      throw new Error(`cannot fit ${TOTAL_GRIDS} grids into ${communityCount} communities`);
    }
    i = (i + stride) % communityCount;
  }
  return counts;
}

/** Party groups (党小组) in one grid: 2 or 3, from a fixed formula over the grid's position. */
function groupCount(communityIndex: number, gridNo: number): number {
  return (communityIndex * 7 + gridNo * 3) % 5 < 2 ? 3 : 2;
}

/** Streets, communities, grids and groups, parents before children. */
export function zhanheDistrictUnits(): DemoUnitRow[] {
  const streets: DemoUnitRow[] = [];
  const communities: DemoUnitRow[] = [];
  const grids: DemoUnitRow[] = [];
  const groups: DemoUnitRow[] = [];

  const counts = gridCounts(STREETS.reduce((n, s) => n + s.communities.length, 0));
  let communityIndex = 0;

  STREETS.forEach((street, s) => {
    const streetCode = `${DEMO_ROOT_CODE}-${pad2(s + 1)}`;
    streets.push({ code: streetCode, name: `${street.name}党工委`, parentCode: DEMO_ROOT_CODE, level: 2 });

    street.communities.forEach((community, c) => {
      const communityCode = `${streetCode}-${pad2(c + 1)}`;
      communities.push({ code: communityCode, name: `${community}党委`, parentCode: streetCode, level: 3 });

      const gridTotal = counts[communityIndex]!;
      for (let g = 1; g <= gridTotal; g++) {
        const gridCode = `${communityCode}-${pad2(g)}`;
        const gridName = `${community}第${g}网格`;
        grids.push({ code: gridCode, name: `${gridName}党支部`, parentCode: communityCode, level: 4 });

        const groupTotal = groupCount(communityIndex, g);
        for (let p = 1; p <= groupTotal; p++) {
          groups.push({ code: `${gridCode}-${p}`, name: `${gridName}第${p}党小组`, parentCode: gridCode, level: 5 });
        }
      }
      communityIndex++;
    });
  });

  return [...streets, ...communities, ...grids, ...groups];
}
