import type { DistrictProfile } from './profiles';
import { Random, splitTotal } from './random';

export interface UnitRow {
  code: string;
  name: string;
  parentCode: string;
  level: number;
}

const NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 12 → 十二, 27 → 二十七 (names read like the districts' own). */
function chinese(n: number): string {
  if (n < 10) return NUMERALS[n]!;
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : NUMERALS[tens]}十${NUMERALS[n % 10]}`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The district's tree below its root, in import order (parents first): streets, communities split
 * unevenly among them, grids split unevenly among those, and party groups under each grid.
 */
export function districtUnits(profile: DistrictProfile, rng: Random): UnitRow[] {
  const rows: UnitRow[] = [];
  const communitiesPerStreet = splitTotal(rng, profile.communities, profile.streets.length, 0.4);
  const gridsPerCommunity = splitTotal(rng, profile.grids, profile.communities, 0.6);
  let community = 0;
  profile.streets.forEach((streetName, s) => {
    const streetCode = `${profile.prefix}-${pad(s + 1)}`;
    rows.push({ code: streetCode, name: streetName, parentCode: profile.divisionCode, level: 2 });
    const place = streetName.replace(/(街道|镇)$/, '');
    for (let c = 1; c <= communitiesPerStreet[s]!; c++, community++) {
      const communityCode = `${streetCode}-${pad(c)}`;
      rows.push({ code: communityCode, name: `${place}第${chinese(c)}社区`, parentCode: streetCode, level: 3 });
      for (let g = 1; g <= gridsPerCommunity[community]!; g++) {
        const gridCode = `${communityCode}-${pad(g)}`;
        rows.push({
          code: gridCode,
          name: `${place}第${chinese(c)}社区第${chinese(g)}网格`,
          parentCode: communityCode,
          level: 4,
        });
        for (let p = 1; p <= profile.groupsPerGrid; p++)
          rows.push({ code: `${gridCode}-${p}`, name: `第${chinese(p)}党小组`, parentCode: gridCode, level: 5 });
      }
    }
  });
  return rows;
}
