import { ORGANIZATION_COLUMNS } from '../../src/modules/imports/organization-import';
import { SERVICE_POINT_COLUMNS } from '../../src/modules/imports/service-point-import';
import { TALENT_COLUMNS } from '../../src/modules/imports/talent-import';
import { INDUSTRY_LABELS, ORG_KIND_LABELS } from '../../src/modules/organization/organization.enums';
import { SERVICE_CATEGORY_LABELS, SERVICE_SUBCATEGORIES, type ServiceCategory } from '../../src/modules/service-map/service-map.enums';
import { CoordSystem, fromWgs84 } from '../../src/shared/geo';
import { creditCodeCheckChar, organizationCodeCheckChar } from '../../src/shared/validation/gb32100';
import { TOWNS } from '../reference/regions';
import { talentCells } from '../talent-sheet';

/**
 * Synthetic import sheets, one generator per template: row i is valid and a function of i alone
 * (unique keys for i < 10^7). Used for the templates in this folder, the tests and the speed
 * measurements (scripts/import-sheet.ts).
 */
export interface SheetKind {
  /** Worksheet name in generated .xlsx files. */
  sheetName: string;
  headers: string[];
  /** Row i's cells by header; `arg` = the generator's extra argument (talents: the employer's credit code). */
  cells(i: number, arg: string): Record<string, string>;
}

const pick = <T>(values: readonly T[], i: number) => values[i % values.length];
const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** Spread around a town's centroid by up to ~600 m: inside the town under the town rule. */
function nearTown(i: number) {
  const town = TOWNS[i % TOWNS.length];
  const step = Math.floor(i / TOWNS.length);
  return { town, latitude: town.latitude + ((step % 11) - 5) * 0.001, longitude: town.longitude + ((Math.floor(step / 11) % 11) - 5) * 0.001 };
}

/** A valid 统一社会信用代码 of an enterprise registered in 平谷 (91 110117 …), M-body: unlike the seeded ones. */
export function importCreditCode(i: number): string {
  const body = `M${String(i).padStart(7, '0')}`;
  const first17 = `91110117${body}${organizationCodeCheckChar(body)}`;
  return first17 + creditCodeCheckChar(first17);
}

export function organizationCells(i: number): Record<string, string> {
  const C = ORGANIZATION_COLUMNS;
  const { town, latitude, longitude } = nearTown(i);
  return {
    [C.name]: `导入测试单位${i}`,
    [C.creditCode]: importCreditCode(i),
    [C.kind]: pick(Object.values(ORG_KIND_LABELS), i),
    [C.industry]: pick(Object.values(INDUSTRY_LABELS), i),
    [C.address]: `北京市平谷区${town.name}${pick(town.roads, i)}${1 + (i % 200)}号`,
    [C.town]: i % 4 === 3 ? town.code : town.name,
    [C.village]: '',
    [C.longitude]: String(round(longitude)),
    [C.latitude]: String(round(latitude)),
    [C.coordSystem]: '',
  };
}

const SUBCATEGORIES = (Object.entries(SERVICE_SUBCATEGORIES) as [ServiceCategory, Record<string, string>][]).flatMap(([category, subs]) =>
  Object.values(subs).map((label) => [category, label] as const),
);
const SYSTEMS = [CoordSystem.WGS84, CoordSystem.GCJ02, CoordSystem.BD09];

export function servicePointCells(i: number): Record<string, string> {
  const C = SERVICE_POINT_COLUMNS;
  const { town, ...wgs84 } = nearTown(i);
  const [category, subcategory] = pick(SUBCATEGORIES, i);
  const system = pick(SYSTEMS, i);
  const point = fromWgs84(wgs84, system);
  return {
    [C.name]: `导入测试${subcategory}${i}`,
    [C.category]: SERVICE_CATEGORY_LABELS[category],
    [C.subcategory]: subcategory,
    [C.address]: `北京市平谷区${town.name}${pick(town.roads, i)}${1 + (i % 300)}号`,
    [C.town]: town.name,
    [C.longitude]: point.longitude.toFixed(6),
    [C.latitude]: point.latitude.toFixed(6),
    [C.coordSystem]: system,
    [C.phone]: i % 3 ? `010-6996${String(i % 10_000).padStart(4, '0')}` : '',
    [C.openingHours]: i % 2 ? '09:00-18:00' : '',
    [C.talentCardBenefit]: i % 5 === 0 ? '凭平谷人才卡九折' : '',
  };
}

export const SHEETS: Record<string, SheetKind> = {
  talents: { sheetName: '人才', headers: Object.values(TALENT_COLUMNS), cells: talentCells },
  organizations: { sheetName: '单位', headers: Object.values(ORGANIZATION_COLUMNS), cells: organizationCells },
  'service-points': { sheetName: '服务点', headers: Object.values(SERVICE_POINT_COLUMNS), cells: servicePointCells },
};
