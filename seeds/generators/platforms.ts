import { Industry, OrgKind } from '../../src/modules/organization/organization.enums';
import type { Platform } from '../../src/modules/platform/platform.entity';
import { PLATFORM_TYPE_LABELS, PlatformLevel, PlatformType } from '../../src/modules/platform/platform.enums';
import { Gender } from '../../src/modules/talent/talent.enums';
import { scatter } from '../geo';
import { Rng, upperBound, type Weighted } from '../random';
import type { TownProfile } from '../reference/regions';
import { OrganizationPools, organizationCount, type OrganizationRow } from './organizations';
import type { RegionSet, VillageUnit } from './regions';
import { personName, REFERENCE_REGISTER, type TalentRegister } from './talents';
import { chineseNumber, claimUnique } from './text';

/** A platform row as the seed writes it: the entity's columns, host and town as their keys. */
export type PlatformRow = Omit<Platform, 'hostOrganization' | 'town' | 'version'> & {
  hostOrganizationId: number;
  townCode: string;
};

/** A few hundred platforms at 20,000 talents, growing with the logarithm of the register. */
export function platformCount(talents: number): number {
  return Math.round(220 * (1 + 0.25 * Math.log2(1 + talents / 20_000)));
}

/** The smallest register that has platform `id`. */
export function platformFirstSeededAt(id: number): number {
  let lo = 0;
  let hi = 1 << 30;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (platformCount(mid) >= id) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const P = PlatformType;
const K = OrgKind;

/** How common each type is in a district. */
const TYPE_WEIGHTS: Weighted<PlatformType> = [
  [P.ACADEMICIAN_WORKSTATION, 6], [P.KEY_LAB, 4], [P.TECH_RESEARCH_CENTER, 6], [P.SCIENCE_BACKYARD, 8],
  [P.TALENT_STUDIO, 10], [P.SATURDAY_EXPERT_BASE, 6], [P.INNOVATION_CONSORTIUM, 3], [P.TECH_INNOVATION_CENTER, 4],
  [P.ENTERPRISE_RESEARCH_INSTITUTE, 6], [P.NEW_RND_INSTITUTION, 3], [P.POSTDOC_WORKSTATION, 5], [P.POSTDOC_PRACTICE_BASE, 4],
  [P.INCUBATOR, 5], [P.MAKERSPACE, 6], [P.STUDENT_STARTUP_PARK, 2], [P.RURAL_STARTUP_PARK, 4],
  [P.RETURNEE_STARTUP_PARK, 2], [P.OVERSEAS_TALENT_PARK, 2], [P.RECRUITMENT_STATION, 6], [P.TALENT_ENCLAVE, 2],
];

/** Who hosts each type. */
const HOST_KINDS: Record<PlatformType, Weighted<OrgKind>> = {
  [P.ACADEMICIAN_WORKSTATION]: [[K.ENTERPRISE, 70], [K.INSTITUTE, 30]],
  [P.KEY_LAB]: [[K.INSTITUTE, 60], [K.ENTERPRISE, 40]],
  [P.TECH_RESEARCH_CENTER]: [[K.ENTERPRISE, 70], [K.INSTITUTE, 30]],
  [P.SCIENCE_BACKYARD]: [[K.VILLAGE, 80], [K.ENTERPRISE, 20]],
  [P.TALENT_STUDIO]: [[K.ENTERPRISE, 40], [K.INSTITUTE, 25], [K.SCHOOL, 20], [K.VILLAGE, 15]],
  [P.SATURDAY_EXPERT_BASE]: [[K.VILLAGE, 50], [K.ENTERPRISE, 30], [K.INSTITUTE, 20]],
  [P.INNOVATION_CONSORTIUM]: [[K.ENTERPRISE, 80], [K.INSTITUTE, 20]],
  [P.TECH_INNOVATION_CENTER]: [[K.ENTERPRISE, 60], [K.INSTITUTE, 40]],
  [P.ENTERPRISE_RESEARCH_INSTITUTE]: [[K.ENTERPRISE, 100]],
  [P.NEW_RND_INSTITUTION]: [[K.INSTITUTE, 60], [K.ENTERPRISE, 40]],
  [P.POSTDOC_WORKSTATION]: [[K.ENTERPRISE, 75], [K.INSTITUTE, 25]],
  [P.POSTDOC_PRACTICE_BASE]: [[K.ENTERPRISE, 60], [K.INSTITUTE, 40]],
  [P.INCUBATOR]: [[K.ENTERPRISE, 80], [K.GOVERNMENT, 20]],
  [P.MAKERSPACE]: [[K.ENTERPRISE, 80], [K.SCHOOL, 20]],
  [P.STUDENT_STARTUP_PARK]: [[K.GOVERNMENT, 50], [K.ENTERPRISE, 30], [K.SCHOOL, 20]],
  [P.RURAL_STARTUP_PARK]: [[K.VILLAGE, 60], [K.GOVERNMENT, 40]],
  [P.RETURNEE_STARTUP_PARK]: [[K.GOVERNMENT, 50], [K.ENTERPRISE, 50]],
  [P.OVERSEAS_TALENT_PARK]: [[K.ENTERPRISE, 60], [K.GOVERNMENT, 40]],
  [P.RECRUITMENT_STATION]: [[K.GOVERNMENT, 70], [K.ENTERPRISE, 30]],
  [P.TALENT_ENCLAVE]: [[K.GOVERNMENT, 60], [K.ENTERPRISE, 40]],
};

const RND_TYPES = new Set<PlatformType>([
  P.ACADEMICIAN_WORKSTATION, P.KEY_LAB, P.TECH_RESEARCH_CENTER, P.INNOVATION_CONSORTIUM, P.TECH_INNOVATION_CENTER,
  P.ENTERPRISE_RESEARCH_INSTITUTE, P.NEW_RND_INSTITUTION, P.POSTDOC_WORKSTATION, P.POSTDOC_PRACTICE_BASE,
]);

/** Incubation platforms (孵化平台, 第四条(二)). */
export const INCUBATION_TYPES = new Set<PlatformType>([
  P.INCUBATOR, P.MAKERSPACE, P.STUDENT_STARTUP_PARK, P.RURAL_STARTUP_PARK, P.RETURNEE_STARTUP_PARK, P.OVERSEAS_TALENT_PARK,
]);

/** Platforms for overseas talent (第三条(六)). */
export const OVERSEAS_TYPES = new Set<PlatformType>([P.RETURNEE_STARTUP_PARK, P.OVERSEAS_TALENT_PARK, P.TALENT_ENCLAVE]);

/** Government bodies that run talent work: the ones that host talent parks, stations and enclaves. */
const TALENT_WORK_BODIES = ['组织部', '人力资源和社会保障局', '科学技术委员会', '人才服务中心', '投资促进服务中心', '经济和信息化局', '商务局', '人民政府', '办事处'];

/** How well a host suits a type: the chance a drawn host is kept. */
function fit(type: PlatformType, host: OrganizationRow): number {
  const industry = host.industry;
  if (type === P.SCIENCE_BACKYARD) return industry === Industry.AGRI_TECH ? 1 : 0;
  if (type === P.RURAL_STARTUP_PARK) return industry === Industry.AGRI_TECH || industry === Industry.LEISURE_TOURISM || host.kind === K.GOVERNMENT ? 1 : 0.05;
  if (host.kind === K.GOVERNMENT) return TALENT_WORK_BODIES.some((body) => host.name.includes(body)) ? 1 : 0.02;
  if (RND_TYPES.has(type)) {
    if (industry === Industry.AGRI_TECH || industry === Industry.DRONE || industry === Industry.HEALTH || industry === Industry.SMART_LOGISTICS) return 1;
    return industry === Industry.OTHER ? 0.3 : 0.05;
  }
  return 1;
}

/** Chance of national, municipal, district level. */
const LEVELS: Partial<Record<PlatformType, [number, number, number]>> = {
  [P.KEY_LAB]: [30, 60, 10],
  [P.POSTDOC_WORKSTATION]: [70, 30, 0],
  [P.POSTDOC_PRACTICE_BASE]: [0, 90, 10],
  [P.SCIENCE_BACKYARD]: [5, 80, 15],
  [P.ACADEMICIAN_WORKSTATION]: [5, 45, 50],
  [P.TECH_INNOVATION_CENTER]: [10, 50, 40],
  [P.INCUBATOR]: [15, 40, 45],
  [P.MAKERSPACE]: [20, 40, 40],
  [P.TALENT_ENCLAVE]: [0, 10, 90],
  [P.RECRUITMENT_STATION]: [0, 10, 90],
  [P.SATURDAY_EXPERT_BASE]: [0, 40, 60],
};

/** First year a type appears (科技小院 and 人才飞地 are recent). */
const FIRST_YEAR: Partial<Record<PlatformType, number>> = {
  [P.SCIENCE_BACKYARD]: 2019,
  [P.TALENT_ENCLAVE]: 2021,
  [P.INNOVATION_CONSORTIUM]: 2020,
  [P.NEW_RND_INSTITUTION]: 2018,
  [P.RECRUITMENT_STATION]: 2016,
  [P.SATURDAY_EXPERT_BASE]: 2010,
};

const BACKYARD_PRODUCTS: Weighted<string> = [['大桃', 40], ['蛋鸡', 10], ['蜂产业', 10], ['鲜食玉米', 8], ['红杏', 8], ['设施蔬菜', 10], ['板栗', 6], ['果树植保', 8]];
const ENCLAVE_PLACES = ['中关村', '海淀', '朝阳望京', '北京经济技术开发区', '未来科学城', '天津滨海', '雄安新区', '深圳南山', '上海张江', '杭州未来科技城'];
const RECRUITMENT_PLACES = ['清华大学', '北京大学', '中国农业大学', '北京航空航天大学', '北京林业大学', '北京农学院', '中国科学院', '天津大学', '南开大学', '西北农林科技大学', '南京农业大学', '北京理工大学', '中国人民大学', '北京师范大学'];
const INDUSTRY_FIELDS: Record<Industry, string> = {
  [Industry.AGRI_TECH]: '大桃产业',
  [Industry.LEISURE_TOURISM]: '休闲旅游',
  [Industry.SMART_LOGISTICS]: '智慧物流',
  [Industry.DRONE]: '无人机',
  [Industry.EDUCATION]: '教育',
  [Industry.HEALTH]: '医疗健康',
  [Industry.CULTURE]: '文化创意',
  [Industry.OTHER]: '先进制造',
};

/**
 * Platforms 1…count: every type among the first twenty, hosts of fitting kinds and industries.
 * Platform k is hosted by an organization that every seed with platform k has, so a larger
 * seed extends a smaller one.
 */
export function generatePlatforms(count: number, organizations: readonly OrganizationRow[], regions: RegionSet): PlatformRow[] {
  const pools = new OrganizationPools(organizations);
  const towns = new Map<string, TownProfile>(regions.towns.map((t) => [t.code, t]));
  const villages = new Map(regions.villages.map((v) => [v.code, v]));
  const types = Object.values(PlatformType);
  const used = new Set<string>();
  const rows: PlatformRow[] = [];
  for (let id = 1; id <= count; id++) {
    const rng = Rng.for('platform', id);
    const type = id <= types.length ? types[id - 1] : rng.weighted(TYPE_WEIGHTS);
    const host = pickHost(rng, type, pools, organizationCount(platformFirstSeededAt(id)));
    const town = towns.get(host.townCode)!;
    const [n, m, d] = LEVELS[type] ?? [8, 30, 62];
    const level = rng.weighted([[PlatformLevel.NATIONAL, n], [PlatformLevel.MUNICIPAL, m], [PlatformLevel.DISTRICT, d]]);
    const first = FIRST_YEAR[type] ?? 2005;
    const years: [number, number][] = [];
    for (let y = first; y <= 2025; y++) years.push([y, 1 + (y - 2005) * 0.3 + (y >= 2021 ? 3 : 0)]);
    const establishedYear = rng.weighted(years);
    const base = platformName(rng, type, host, town, villages.get(host.villageCode));
    const name = claimUnique(used, () => base, (k) => `${base}（${chineseNumber(k)}）`, 1);
    const p = scatter(rng, host, 0.3);
    rows.push({ id, name, type, level, hostOrganizationId: host.id, townCode: host.townCode, latitude: p.latitude, longitude: p.longitude, establishedYear });
  }
  return rows;
}

function pickHost(rng: Rng, type: PlatformType, pools: OrganizationPools, maxId: number): OrganizationRow {
  const kind = rng.weighted(HOST_KINDS[type]);
  const draw = () => pools.draw(rng, kind, maxId) ?? pools.draw(rng, OrgKind.ENTERPRISE, maxId)!;
  let host = draw();
  for (let tries = 0; tries < 60 && !rng.chance(fit(type, host)); tries++) host = draw();
  return host;
}

function platformName(rng: Rng, type: PlatformType, host: OrganizationRow, town: TownProfile, unit: VillageUnit | undefined): string {
  const label = PLATFORM_TYPE_LABELS[type];
  const field = INDUSTRY_FIELDS[host.industry];
  const village = unit?.name ?? town.short;
  switch (type) {
    case P.SCIENCE_BACKYARD:
      // Science backyards sit in villages; a host in a street community names its town.
      return `北京平谷${unit && !unit.isCommunity ? unit.name.replace(/村$/, '') : town.short}${rng.weighted(BACKYARD_PRODUCTS)}科技小院`;
    case P.TALENT_STUDIO:
      return `${personName(rng, rng.chance(0.7) ? Gender.MALE : Gender.FEMALE, rng.int(1960, 1985))}${field}高层次人才工作室`;
    case P.SATURDAY_EXPERT_BASE:
      return `平谷区${town.name}${village}星期六专家服务基地`;
    case P.INNOVATION_CONSORTIUM:
      return `平谷${field}创新联合体`;
    case P.TALENT_ENCLAVE:
      return `平谷（${rng.pick(ENCLAVE_PLACES)}）人才飞地`;
    case P.RECRUITMENT_STATION:
      return `平谷区驻${rng.pick(RECRUITMENT_PLACES)}招才引智工作站`;
    case P.STUDENT_STARTUP_PARK:
    case P.RURAL_STARTUP_PARK:
    case P.RETURNEE_STARTUP_PARK:
    case P.OVERSEAS_TALENT_PARK:
      return `平谷${town.short}${label}`;
    default:
      return `${host.name}${label}`;
  }
}

export interface MembershipRow {
  platformId: number;
  talentId: number;
}

/** Members per platform: a few at a studio, a few dozen in a park. */
function memberRange(type: PlatformType): [number, number] {
  if (INCUBATION_TYPES.has(type) || type === P.INNOVATION_CONSORTIUM) return [10, 40];
  if (RND_TYPES.has(type)) return [5, 25];
  if (type === P.RECRUITMENT_STATION) return [2, 6];
  if (type === P.TALENT_ENCLAVE) return [5, 20];
  return [3, 12];
}

/**
 * Members of each platform: mostly the host's own talents, then tiered talents of the platform's
 * industry, then anyone of that industry, all among the first REFERENCE_REGISTER talents (or as
 * many as the smallest register with the platform has): larger seeds keep the same members.
 */
export function generateMemberships(platforms: readonly PlatformRow[], organizations: readonly OrganizationRow[], register: TalentRegister): MembershipRow[] {
  const n = register.size;
  // Talents by organization, ascending (counting sort into one array).
  const start = new Int32Array(organizations.length + 2);
  for (let t = 1; t <= n; t++) start[register.organizationId[t] + 1]++;
  for (let o = 1; o < start.length; o++) start[o] += start[o - 1];
  const byOrg = new Int32Array(n);
  const fill = start.slice();
  for (let t = 1; t <= n; t++) byOrg[fill[register.organizationId[t]]++] = t;
  // Tiered talents by industry, ascending.
  const tiered = new Map<Industry, number[]>();
  const allTiered: number[] = [];
  for (let t = 1; t <= n; t++) {
    if (!register.tier[t]) continue;
    const industry = register.industryOf(t);
    if (!tiered.has(industry)) tiered.set(industry, []);
    tiered.get(industry)!.push(t);
    allTiered.push(t);
  }
  const industryOf = new Map(organizations.map((o) => [o.id, o.industry]));

  const rows: MembershipRow[] = [];
  if (n === 0) return rows;
  for (const platform of platforms) {
    const rng = Rng.for('membership', platform.id);
    const bound = Math.min(n, Math.max(REFERENCE_REGISTER, platformFirstSeededAt(platform.id)));
    const [min, max] = memberRange(platform.type);
    const size = rng.int(min, max);
    const industry = industryOf.get(platform.hostOrganizationId)!;
    const hostFrom = start[platform.hostOrganizationId];
    const hostTo = upperBound(byOrg, bound, hostFrom, start[platform.hostOrganizationId + 1]);
    const sameIndustry = tiered.get(industry) ?? allTiered;
    const tieredTo = upperBound(sameIndustry, bound);
    const members = new Set<number>();
    for (let attempt = 0; members.size < size && attempt < size * 6; attempt++) {
      const r = rng.next();
      let talent: number;
      if (r < 0.55 && hostTo > hostFrom) talent = byOrg[rng.int(hostFrom, hostTo - 1)];
      else if (r < 0.8 && tieredTo > 0) talent = sameIndustry[rng.int(0, tieredTo - 1)];
      else {
        talent = rng.int(1, bound);
        for (let k = 0; k < 20 && register.industryOf(talent) !== industry; k++) talent = rng.int(1, bound);
      }
      members.add(talent);
    }
    for (const talentId of [...members].sort((a, b) => a - b)) rows.push({ platformId: platform.id, talentId });
  }
  return rows;
}
