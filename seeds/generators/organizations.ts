import type { Organization } from '../../src/modules/organization/organization.entity';
import { Industry, OrgKind } from '../../src/modules/organization/organization.enums';
import { CREDIT_CODE_CHARSET, creditCodeCheckChar, organizationCodeCheckChar } from '../../src/shared/validation/gb32100';
import { scatter } from '../geo';
import { Rng, WeightedTable, upperBound, type Weighted } from '../random';
import {
  ANCHOR_ORGANIZATIONS,
  COOPERATIVE_PRODUCTS,
  CreditFamily,
  DISTRICT_UNITS,
  ENTERPRISE_WORDS,
  INDUSTRY_TOWNS,
  RESEARCH_FIELDS,
  TOWN_UNITS,
} from '../reference/organizations';
import type { TownProfile } from '../reference/regions';
import type { RegionSet, VillageUnit } from './regions';
import { brandName, chineseNumber, claimUnique } from './text';

/** An organization row as the seed writes it: the entity's columns, regions as their codes. */
export type OrganizationRow = Omit<Organization, 'town' | 'village' | 'creditCode' | 'version'> & {
  creditCode: string | null;
  townCode: string;
  villageCode: string;
  /** Relative number of talents it employs, against others of its kind (not stored). */
  size: number;
};

/** Every seed has at least this many organizations, whatever the number of talents. */
export const MIN_ORGANIZATIONS = 400;
/** Beyond the minimum, one organization per this many talents. */
export const TALENTS_PER_ORGANIZATION = 20;

export function organizationCount(talents: number): number {
  return Math.max(MIN_ORGANIZATIONS, Math.ceil(talents / TALENTS_PER_ORGANIZATION));
}

/**
 * Organizations whose id does not exceed this may employ talent number `talentIndex` (1-based).
 * Talent i only ever looks at organizations that exist in every seed of at least i talents, so
 * the first talents stay the same however many are seeded (older organizations grow larger,
 * as they do).
 */
export function organizationsAvailableTo(talentIndex: number): number {
  return organizationCount(talentIndex);
}

/**
 * Organizations by kind, drawn in proportion to their size among those whose id does not
 * exceed a bound: a row that draws only from organizations present in every seed of its size
 * stays the same in larger seeds.
 */
export class OrganizationPools {
  private readonly pools = new Map<OrgKind, { ids: number[]; table: WeightedTable<OrganizationRow> }>();

  constructor(organizations: readonly OrganizationRow[]) {
    for (const kind of Object.values(OrgKind)) {
      const rows = organizations.filter((o) => o.kind === kind);
      this.pools.set(kind, { ids: rows.map((o) => o.id), table: new WeightedTable(rows, rows.map((o) => o.size)) });
    }
  }

  /** An organization of the kind with id ≤ maxId, by size; null when there is none. */
  draw(rng: Rng, kind: OrgKind, maxId = Number.MAX_SAFE_INTEGER): OrganizationRow | null {
    const pool = this.pools.get(kind)!;
    const available = upperBound(pool.ids, maxId);
    return available > 0 ? pool.table.draw(rng, available) : null;
  }
}

/** Generated (non-anchor) organizations: kind by count. Village collectives thin out once each village has a few. */
function kindWeights(villageOrgs: number, villages: number): Weighted<OrgKind> {
  return [
    [OrgKind.ENTERPRISE, 55],
    [OrgKind.VILLAGE, villageOrgs < villages * 3 ? 25 : 8],
    [OrgKind.GOVERNMENT, 8],
    [OrgKind.SCHOOL, 7],
    [OrgKind.INSTITUTE, 5],
  ];
}

/** Where enterprises set up: residents, boosted in the development zone (兴谷) and the hubs of 马坊, 峪口, 金海湖. */
const ENTERPRISE_TOWN_FACTOR: Record<string, number> = {
  '110117002000': 1.6,
  '110117005000': 1.8,
  '110117004000': 1.5,
  '110117006000': 1.2,
  '110117001000': 1.0,
};

interface State {
  regions: RegionSet;
  usedNames: Set<string>;
  villageOrder: VillageUnit[];
  villageOrgs: number;
  middleSchoolNo: number;
  primarySchoolNo: number;
  kindergartenNo: number;
  enterpriseTowns: Weighted<TownProfile>;
  populationTowns: Weighted<TownProfile>;
}

/**
 * Organizations 1…count. Row k depends on k and the rows before it only (names are made unique
 * in order), never on count: a larger seed extends a smaller one.
 */
export function generateOrganizations(count: number, regions: RegionSet): OrganizationRow[] {
  const villageOrder = regions.villages.filter((v) => !v.isCommunity);
  // A fixed shuffle, so that villages get their collective in no geographic order.
  const shuffle = Rng.for('village-order', 0);
  for (let i = villageOrder.length - 1; i > 0; i--) {
    const j = shuffle.int(0, i);
    [villageOrder[i], villageOrder[j]] = [villageOrder[j], villageOrder[i]];
  }
  const state: State = {
    regions,
    usedNames: new Set(),
    villageOrder,
    villageOrgs: 0,
    middleSchoolNo: 7,
    primarySchoolNo: 4,
    kindergartenNo: 2,
    enterpriseTowns: regions.towns.map((t) => [t, t.population * (ENTERPRISE_TOWN_FACTOR[t.code] ?? 0.8)] as const),
    populationTowns: regions.towns.map((t) => [t, t.population] as const),
  };
  const rows: OrganizationRow[] = [];
  for (let id = 1; id <= count; id++) {
    const rng = Rng.for('organization', id);
    rows.push(id <= ANCHOR_ORGANIZATIONS.length ? anchor(id, rng, state) : generated(id, rng, state));
  }
  return rows;
}

function townByCode(state: State, code: string): TownProfile {
  const town = state.regions.towns.find((t) => t.code === code);
  if (!town) throw new Error(`unknown town ${code}`);
  return town;
}

/** A village-level unit of the town: communities first in the streets, any unit elsewhere. */
function unitIn(state: State, rng: Rng, town: TownProfile): VillageUnit {
  const units = state.regions.unitsByTown.get(town.code)!;
  const communities = units.filter((u) => u.isCommunity);
  return communities.length && rng.chance(0.7) ? rng.pick(communities) : rng.pick(units);
}

function place(rng: Rng, town: TownProfile, unit: VillageUnit, street?: string, radiusKm = 0.6, inVillage = 0.6) {
  let address: string;
  if (street) address = `北京市平谷区${street}`;
  else if (!unit.isCommunity && rng.chance(inVillage)) address = `北京市平谷区${town.name}${unit.name}${rng.int(1, 320)}号`;
  else address = `北京市平谷区${town.name}${rng.pick(town.roads)}${rng.int(1, 199)}号`;
  const p = scatter(rng, unit, radiusKm);
  return { townCode: town.code, villageCode: unit.code, address, latitude: p.latitude, longitude: p.longitude };
}

function anchor(id: number, rng: Rng, state: State): OrganizationRow {
  const a = ANCHOR_ORGANIZATIONS[id - 1];
  state.usedNames.add(a.name);
  const town = townByCode(state, a.town);
  return {
    id,
    name: a.name,
    kind: a.kind,
    creditCode: creditCode(a.family, id, rng),
    industry: a.industry,
    ...place(rng, town, unitIn(state, rng, town), a.street),
    size: a.size,
  };
}

function generated(id: number, rng: Rng, state: State): OrganizationRow {
  const kind = rng.weighted(kindWeights(state.villageOrgs, state.villageOrder.length));
  switch (kind) {
    case OrgKind.ENTERPRISE:
      return enterprise(id, rng, state);
    case OrgKind.VILLAGE:
      return villageCollective(id, rng, state);
    case OrgKind.GOVERNMENT:
      return governmentBody(id, rng, state);
    case OrgKind.SCHOOL:
      return school(id, rng, state);
    case OrgKind.INSTITUTE:
      return institute(id, rng, state);
  }
}

function enterprise(id: number, rng: Rng, state: State): OrganizationRow {
  const town = rng.weighted(state.enterpriseTowns);
  const industry = rng.weighted(town.industries);
  const words = ENTERPRISE_WORDS[industry];
  const suffix = () => rng.weighted([['有限公司', 80], ['有限责任公司', 12], ['股份有限公司', 8]] as const);
  const name = claimUnique(
    state.usedNames,
    () => `北京${rng.chance(0.15) ? '平谷' : ''}${brandName(rng)}${rng.pick(words)}${suffix()}`,
    (n) => `北京${brandName(rng)}${rng.pick(words)}${chineseNumber(n)}部有限公司`,
  );
  // Most firms are small; a few employ hundreds. Drone and logistics firms run larger.
  const scale = industry === Industry.DRONE || industry === Industry.SMART_LOGISTICS ? 12 : 8;
  const size = Math.min(250, Math.max(1, Math.exp(rng.normal() * 1.1) * scale));
  return {
    id,
    name,
    kind: OrgKind.ENTERPRISE,
    creditCode: creditCode(CreditFamily.ENTERPRISE, id, rng),
    industry,
    ...place(rng, town, rng.pick(state.regions.unitsByTown.get(town.code)!)),
    size,
  };
}

/** 村集体 first (one 股份经济合作社 per village, in a shuffled village order), then 专业合作社. */
function villageCollective(id: number, rng: Rng, state: State): OrganizationRow {
  const n = state.villageOrgs++;
  const village = state.villageOrder[n % state.villageOrder.length];
  const town = village.town;
  const short = village.name.replace(/村$/, '');
  let name: string;
  let industry: Industry;
  let family: CreditFamily;
  let size: number;
  if (n < state.villageOrder.length) {
    name = claimUnique(state.usedNames, () => `北京市平谷区${town.name}${village.name}股份经济合作社`, (k) => `北京市平谷区${town.name}${village.name}第${chineseNumber(k)}股份经济合作社`);
    const touristy = town.industries.some(([i, w]) => i === Industry.LEISURE_TOURISM && w >= 30);
    industry = touristy && rng.chance(0.4) ? Industry.LEISURE_TOURISM : Industry.AGRI_TECH;
    family = CreditFamily.VILLAGE_COLLECTIVE;
    size = 8;
  } else {
    const [product, productIndustry] = rng.weighted(COOPERATIVE_PRODUCTS.map(([p, i, w]) => [[p, i] as const, w] as const));
    name = claimUnique(
      state.usedNames,
      () => `北京${short}${product}专业合作社`,
      () => `北京${brandName(rng)}${product}专业合作社`,
      1,
    );
    industry = productIndustry;
    family = CreditFamily.COOPERATIVE;
    size = 4;
  }
  // Some village collectives have not been issued a code yet.
  const code = family === CreditFamily.VILLAGE_COLLECTIVE && rng.chance(0.12) ? null : creditCode(family, id, rng);
  return {
    id,
    name,
    kind: OrgKind.VILLAGE,
    creditCode: code,
    industry,
    ...place(rng, town, village, undefined, 0.35, 1),
    size,
  };
}

function governmentBody(id: number, rng: Rng, state: State): OrganizationRow {
  let industry = Industry.OTHER;
  let family = CreditFamily.PUBLIC_INSTITUTION;
  let town: TownProfile;
  let name: string;
  if (rng.chance(0.35)) {
    const [unit, unitIndustry, organ] = rng.pick(DISTRICT_UNITS);
    town = townByCode(state, rng.chance(0.6) ? '110117001000' : '110117002000');
    name = claimUnique(state.usedNames, () => `北京市平谷区${unit}`, (k) => `北京市平谷区${unit}第${chineseNumber(k)}分局`, 1);
    industry = unitIndustry;
    if (organ) family = CreditFamily.ORGAN;
  } else {
    town = rng.weighted(state.populationTowns);
    const [unit, unitIndustry] = rng.pick(TOWN_UNITS);
    const t = town;
    name = claimUnique(
      state.usedNames,
      () => `北京市平谷区${t.name}${unit}`,
      // Village-level service centres, then numbered branches once a large seed has used them up.
      (k) => (k < 6 ? `北京市平谷区${t.name}${unitIn(state, rng, t).name}党群服务中心` : `北京市平谷区${t.name}${unit}第${chineseNumber(k - 4)}分中心`),
      1,
    );
    industry = name.endsWith('党群服务中心') ? Industry.OTHER : unitIndustry;
  }
  return { id, name, kind: OrgKind.GOVERNMENT, creditCode: creditCode(family, id, rng), industry, ...place(rng, town, unitIn(state, rng, town)), size: 8 };
}

function school(id: number, rng: Rng, state: State): OrganizationRow {
  const town = rng.weighted(state.populationTowns);
  const unit = unitIn(state, rng, town);
  const isStreet = town.kind === '街道';
  const numbered = (which: 'middle' | 'primary' | 'kindergarten'): [string, number] => {
    if (which === 'middle') return [`北京市平谷区第${chineseNumber(state.middleSchoolNo++)}中学`, 50];
    if (which === 'primary') return [`北京市平谷区第${chineseNumber(state.primarySchoolNo++)}小学`, 30];
    return [`北京市平谷区第${chineseNumber(state.kindergartenNo++)}幼儿园`, 12];
  };
  const choice = rng.weighted([
    ['central-primary', isStreet ? 0 : 3],
    ['town-middle', isStreet ? 0 : 2],
    ['village-primary', unit.isCommunity ? 0 : 3],
    ['central-kindergarten', isStreet ? 0 : 2],
    ['private-kindergarten', 3],
    ['middle', 1],
    ['primary', 2],
    ['kindergarten', 2],
  ] as const);
  let family = CreditFamily.PUBLIC_INSTITUTION;
  let candidate: [string, number] | null = null;
  switch (choice) {
    case 'central-primary': candidate = [`北京市平谷区${town.short}中心小学`, 30]; break;
    case 'town-middle': candidate = [`北京市平谷区${town.short}中学`, 45]; break;
    case 'village-primary': candidate = [`北京市平谷区${town.short}${unit.name.replace(/村$/, '')}小学`, 15]; break;
    case 'central-kindergarten': candidate = [`北京市平谷区${town.short}中心幼儿园`, 15]; break;
    case 'private-kindergarten': candidate = [`北京市平谷区${brandName(rng)}幼儿园`, 8]; family = CreditFamily.PRIVATE_NON_ENTERPRISE; break;
    default: break;
  }
  let name: string;
  let size: number;
  if (candidate && !state.usedNames.has(candidate[0])) {
    [name, size] = candidate;
    state.usedNames.add(name);
  } else {
    family = CreditFamily.PUBLIC_INSTITUTION;
    const kindOf = choice === 'middle' || choice === 'town-middle' ? 'middle' : choice.endsWith('kindergarten') ? 'kindergarten' : 'primary';
    [name, size] = numbered(kindOf);
    state.usedNames.add(name);
  }
  return { id, name, kind: OrgKind.SCHOOL, creditCode: creditCode(family, id, rng), industry: Industry.EDUCATION, ...place(rng, town, unit), size };
}

function institute(id: number, rng: Rng, state: State): OrganizationRow {
  if (rng.chance(0.55)) {
    // Health: a town's community health centre, else a private hospital.
    const town = rng.weighted(state.populationTowns);
    const centre = `北京市平谷区${town.name}社区卫生服务中心`;
    if (!state.usedNames.has(centre)) {
      state.usedNames.add(centre);
      return { id, name: centre, kind: OrgKind.INSTITUTE, creditCode: creditCode(CreditFamily.PUBLIC_INSTITUTION, id, rng), industry: Industry.HEALTH, ...place(rng, town, unitIn(state, rng, town)), size: 35 };
    }
    const name = claimUnique(
      state.usedNames,
      () => `北京${rng.chance(0.3) ? '平谷' : ''}${brandName(rng)}${rng.pick(['医院', '中医医院', '口腔医院', '康复医院', '眼科医院', '门诊部'])}`,
      (k) => `北京${brandName(rng)}医院第${chineseNumber(k)}门诊部`,
    );
    return { id, name, kind: OrgKind.INSTITUTE, creditCode: creditCode(rng.chance(0.6) ? CreditFamily.PRIVATE_NON_ENTERPRISE : CreditFamily.ENTERPRISE, id, rng), industry: Industry.HEALTH, ...place(rng, town, unitIn(state, rng, town)), size: 25 };
  }
  const industry = rng.weighted<Industry>([
    [Industry.AGRI_TECH, 35], [Industry.DRONE, 25], [Industry.SMART_LOGISTICS, 10], [Industry.HEALTH, 8],
    [Industry.CULTURE, 7], [Industry.LEISURE_TOURISM, 5], [Industry.OTHER, 10],
  ]);
  const towns = INDUSTRY_TOWNS[industry];
  const town = towns && rng.chance(0.8) ? townByCode(state, rng.pick(towns)) : rng.weighted(state.populationTowns);
  const fields = RESEARCH_FIELDS[industry]!;
  const name = claimUnique(
    state.usedNames,
    () => `北京${rng.chance(0.3) ? '平谷' : ''}${brandName(rng)}${rng.pick(fields)}${rng.pick(['研究院', '研究所', '研究中心'])}`,
    (k) => `北京${brandName(rng)}${rng.pick(fields)}研究院第${chineseNumber(k)}分院`,
  );
  const family = rng.chance(0.5) ? CreditFamily.PRIVATE_NON_ENTERPRISE : CreditFamily.PUBLIC_INSTITUTION;
  return { id, name, kind: OrgKind.INSTITUTE, creditCode: creditCode(family, id, rng), industry, ...place(rng, town, unitIn(state, rng, town)), size: 15 };
}

const DECIMAL_SPACE = 10_000_000;
const BASE31_SPACE = 31 ** 5;

/** A bijection of [0, space): organizations' codes look scattered, yet never collide. */
function scramble(id: number, multiplier: number, offset: number, space: number): number {
  return Number((BigInt(id) * BigInt(multiplier) + BigInt(offset)) % BigInt(space));
}

function base31(value: number, width: number): string {
  let out = '';
  for (let i = 0; i < width; i++) {
    out = CREDIT_CODE_CHARSET[value % 31] + out;
    value = Math.floor(value / 31);
  }
  return out;
}

/**
 * A valid 统一社会信用代码 for organization `id` of the family: registration prefix, 110117, an
 * organization code body unique to the id (with its GB 11714 check character) and the GB 32100
 * check character. Distinct ids always give distinct codes (up to ten million organizations).
 */
export function creditCode(family: CreditFamily, id: number, rng: Rng): string {
  let body: string;
  const decimal = String(scramble(id, 7_919_017, 1_234_567, DECIMAL_SPACE)).padStart(7, '0');
  const letters = base31(scramble(id, 1_000_003, 777_777, BASE31_SPACE), 5);
  switch (family) {
    case CreditFamily.ORGAN:
      body = `0${decimal}`;
      break;
    case CreditFamily.PUBLIC_INSTITUTION:
      body = `4${decimal}`;
      break;
    case CreditFamily.PRIVATE_NON_ENTERPRISE:
      body = `MJ0${letters}`;
      break;
    case CreditFamily.ENTERPRISE:
      // Firms registered since 2015 carry MA-codes; older ones kept their numeric organization code.
      body = rng.chance(0.6) ? `MA0${letters}` : `${rng.pick(['5', '6', '7'])}${decimal}`;
      break;
    case CreditFamily.COOPERATIVE:
      body = `MA0${letters}`;
      break;
    case CreditFamily.VILLAGE_COLLECTIVE:
      body = `MF0${letters}`;
      break;
  }
  const first17 = `${family}110117${body}${organizationCodeCheckChar(body)}`;
  return first17 + creditCodeCheckChar(first17);
}
