import { RegionLevel } from '../../src/modules/region/region.enums';
import { scatter } from '../geo';
import { Rng } from '../random';
import { chineseNumber, claimUnique } from './text';
import {
  COMMUNITY_FIRSTS,
  COMMUNITY_SECONDS,
  VILLAGE_CORES,
  VILLAGE_PREFIXES,
  VILLAGE_SUFFIXES,
} from '../reference/names';
import { DISTRICT, TOWNS, type TownProfile } from '../reference/regions';

export interface GeneratedRegion {
  code: string;
  name: string;
  level: RegionLevel;
  kind: string;
  parentCode: string | null;
  latitude: number;
  longitude: number;
}

export interface VillageUnit extends GeneratedRegion {
  town: TownProfile;
  /** 村 (a village committee, code 2xx) or 社区 (a community, code 0xx). */
  isCommunity: boolean;
}

export interface RegionSet {
  /** District, towns, then villages and communities: parents before children. */
  rows: GeneratedRegion[];
  towns: readonly TownProfile[];
  villages: VillageUnit[];
  /** Village-level units per town code. */
  unitsByTown: Map<string, VillageUnit[]>;
}

/**
 * The district, its 18 streets and towns (reference data) and their villages and communities
 * (generated: names from parts, unique in the district; centroids a few km around the town's).
 * Independent of every seed option.
 */
export function generateRegions(): RegionSet {
  const rows: GeneratedRegion[] = [{ ...DISTRICT, level: RegionLevel.DISTRICT, parentCode: null }];
  for (const town of TOWNS) {
    rows.push({
      code: town.code,
      name: town.name,
      level: RegionLevel.TOWN,
      kind: town.kind,
      parentCode: DISTRICT.code,
      latitude: town.latitude,
      longitude: town.longitude,
    });
  }
  const used = new Set<string>(TOWNS.map((t) => t.name));
  const villages: VillageUnit[] = [];
  const unitsByTown = new Map<string, VillageUnit[]>();
  TOWNS.forEach((town, townIndex) => {
    const units: VillageUnit[] = [];
    const prefix = town.code.slice(0, 9);
    // Streets are compact; mountain towns spread over more ground.
    const communityRadius = town.kind === '街道' ? 1.8 : 1.2;
    const villageRadius = town.population >= 20 ? 4.5 : 5.5;
    for (let k = 0; k < town.communities; k++) {
      const rng = Rng.for('community', townIndex * 1000 + k);
      const name = uniqueName(used, () => `${rng.pick(COMMUNITY_FIRSTS)}${rng.pick(COMMUNITY_SECONDS)}社区`);
      const p = scatter(rng, town, communityRadius);
      units.push({ code: `${prefix}${String(k + 1).padStart(3, '0')}`, name, level: RegionLevel.VILLAGE, kind: '社区', parentCode: town.code, ...p, town, isCommunity: true });
    }
    for (let k = 0; k < town.villages; k++) {
      const rng = Rng.for('village', townIndex * 1000 + k);
      const name = uniqueName(used, () => `${rng.pick(VILLAGE_PREFIXES)}${rng.pick(VILLAGE_CORES)}${rng.pick(VILLAGE_SUFFIXES)}村`);
      const p = scatter(rng, town, villageRadius, 0.8);
      units.push({ code: `${prefix}${String(201 + k)}`, name, level: RegionLevel.VILLAGE, kind: '村', parentCode: town.code, ...p, town, isCommunity: false });
    }
    unitsByTown.set(town.code, units);
    villages.push(...units);
  });
  rows.push(...villages.map(({ town: _town, isCommunity: _c, ...row }) => row));
  return { rows, towns: TOWNS, villages, unitsByTown };
}

/** A name unique in the district; two-character names like 寨村 read badly, so at least three. */
function uniqueName(used: Set<string>, make: () => string): string {
  return claimUnique(used, () => {
    let name = make();
    while (name.length < 3) name = make();
    return name;
  }, (n) => make().replace(/(村|社区)$/, (suffix) => chineseNumber(n) + suffix), 200);
}
