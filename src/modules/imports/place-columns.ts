import type { EntityManager } from '@mikro-orm/postgresql';
import { CoordSystem, type LatLng } from '../../shared/geo';
import { checkLocation, checkTown, DISTRICT_BOUNDS } from '../../shared/writes/domain-rules';
import { RegionLevel } from '../region/region.enums';
import type { RowCheck } from './sheet-import';

/** The place columns organizations and service points share. */
export const PLACE_COLUMNS = {
  town: '所在镇街',
  longitude: '经度',
  latitude: '纬度',
  coordSystem: '坐标系',
} as const;

/** How departments name coordinate systems (the enum names WGS84/GCJ02/BD09 too, any case, with or without "-"). */
const COORD_SYSTEM_ALIASES: Record<string, CoordSystem> = {
  GPS: CoordSystem.WGS84,
  高德: CoordSystem.GCJ02,
  腾讯: CoordSystem.GCJ02,
  火星坐标: CoordSystem.GCJ02,
  百度: CoordSystem.BD09,
};

export interface Town extends LatLng {
  code: string;
  name: string;
}

/** Streets and towns, and their villages and communities, read once per import. */
export interface Regions {
  towns: Town[];
  /** Town by 12-digit code, full name (滨河街道) or short name (滨河). */
  townByName: Map<string, Town>;
  /** Village or community code → its town's code. */
  villageTown: Map<string, string>;
  /** `${townCode}/${village name}` → village code. */
  villageByName: Map<string, string>;
}

const TOWN_SUFFIX = /(街道|地区|镇|乡)$/;

export async function loadRegions(em: EntityManager): Promise<Regions> {
  const rows = await em
    .getConnection()
    .execute<{ code: string; name: string; level: RegionLevel; parent_code: string | null; latitude: number; longitude: number }[]>(
      'select code, name, level, parent_code, latitude, longitude from region where level in (?, ?)',
      [RegionLevel.TOWN, RegionLevel.VILLAGE],
    );
  const regions: Regions = { towns: [], townByName: new Map(), villageTown: new Map(), villageByName: new Map() };
  for (const r of rows) {
    if (r.level === RegionLevel.TOWN) {
      const town = { code: r.code, name: r.name, latitude: r.latitude, longitude: r.longitude };
      regions.towns.push(town);
      for (const key of [r.code, r.name, r.name.replace(TOWN_SUFFIX, '')]) regions.townByName.set(key, town);
    } else if (r.parent_code) {
      regions.villageTown.set(r.code, r.parent_code);
      regions.villageByName.set(`${r.parent_code}/${r.name}`, r.code);
    }
  }
  return regions;
}

export interface CheckedPlace {
  townCode: string;
  /** WGS-84, converted from the row's 坐标系. */
  latitude: number;
  longitude: number;
}

function coordinate(r: RowCheck, column: string): number {
  const text = r.cell(column);
  const value = Number(text);
  if (!text || !Number.isFinite(value)) r.problem(column, '应为十进制度数，如 117.121 或 40.143');
  return value;
}

/**
 * 所在镇街, 经度, 纬度 and 坐标系 of a row, under the rules createOrganization and
 * createServicePoint apply (src/shared/writes/domain-rules.ts): the location, converted to
 * WGS-84 from its 坐标系 (empty = WGS-84), inside the district; the town consistent with it.
 */
export function checkPlaceColumns(r: RowCheck, regions: Regions): CheckedPlace {
  const C = PLACE_COLUMNS;
  const town = regions.townByName.get(r.cell(C.town));
  if (!town) r.problem(C.town, '没有该街道/乡镇（填写名称，如 滨河街道，或 12 位区划代码）');
  const systemText = r.cell(C.coordSystem);
  const system = systemText
    ? (COORD_SYSTEM_ALIASES[systemText] ?? Object.values(CoordSystem).find((s) => s === systemText.toUpperCase().replace(/[-_\s]/g, '')))
    : CoordSystem.WGS84;
  if (!system) r.problem(C.coordSystem, '应为 WGS84、GCJ02 或 BD09（空 = WGS84）');
  const point = { longitude: coordinate(r, C.longitude), latitude: coordinate(r, C.latitude) };
  const place = { townCode: town?.code ?? '', latitude: NaN, longitude: NaN };
  if (!system || !Number.isFinite(point.latitude) || !Number.isFinite(point.longitude)) return place;
  const { wgs84, error } = checkLocation(C.longitude, point, system);
  if (error) {
    const latitudeOut = wgs84.latitude < DISTRICT_BOUNDS.minLatitude || wgs84.latitude > DISTRICT_BOUNDS.maxLatitude;
    r.problem(latitudeOut ? C.latitude : C.longitude, error.message);
    return place;
  }
  if (town) {
    const mismatch = checkTown(C.town, wgs84, town.code, regions.towns);
    if (mismatch) r.problem(C.town, mismatch.message);
  }
  return { ...place, ...wgs84 };
}

/** An optional village or community (name within the row's town, or its 12-digit code). */
export function checkVillageColumn(r: RowCheck, column: string, townCode: string, regions: Regions): string | null {
  const text = r.cell(column);
  if (!text) return null;
  const code = regions.villageTown.has(text) ? text : regions.villageByName.get(`${townCode}/${text}`);
  if (!code || regions.villageTown.get(code) !== townCode) {
    if (townCode) r.problem(column, '该村/社区不存在或不属于所填街道/乡镇');
    return null;
  }
  return code;
}
