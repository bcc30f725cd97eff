import { Industry, OrgKind } from '../../src/modules/organization/organization.enums';
import { ChallengeArea, DemandKind, DemandStatus } from '../../src/modules/demand/demand.enums';
import { ProgrammeKind } from '../../src/modules/training/training.enums';
import { Education, Engagement, ProfessionalTitle } from '../../src/modules/talent/talent.enums';
import { Rng, type Weighted } from '../random';
import { GOVERNANCE_CHALLENGES, SPECIALTIES, SPECIALTY_INDUSTRY_WEIGHTS, TECHNICAL_CHALLENGES, type Specialty } from '../reference/specialties';
import { MIN_ORGANIZATIONS, OrganizationPools, type OrganizationRow } from './organizations';
import { PLAN_YEAR, REFERENCE_YEAR } from './talents';

/**
 * The demand side of the district (issue 14): shortage catalogues, demands and their history,
 * training programmes, 百校兴百村 pairings. Everything here is drawn from organizations present
 * in every seed (ids ≤ MIN_ORGANIZATIONS) and from per-row streams, so every seed size writes
 * the same rows; what concerns individual talents is chosen in SQL (seeds/demand-side.ts).
 */

export const FIRST_CATALOGUE_YEAR = PLAN_YEAR;
export const DEMANDS = 3_000;
export const PAIRINGS = 120;
/** The seed's "today": demands posted since the second half of this year are mostly still open. */
const OPEN_SINCE = `${REFERENCE_YEAR}-07-01`;
const FIRST_POSTED = Date.UTC(REFERENCE_YEAR - 2, 0, 1);
const LAST_POSTED = Date.UTC(REFERENCE_YEAR, 11, 15);
const DAY = 86_400_000;

export interface CatalogueRow { id: number; year: number; publishedOn: string }
export interface CatalogueEntryRow {
  id: number; catalogueId: number; industry: Industry; specialty: string; minEducation: Education;
  minProfessionalTitle: ProfessionalTitle; headcount: number; organizationId: number | null;
}
export interface DemandRow {
  id: number; kind: DemandKind; status: DemandStatus; organizationId: number; townCode: string; industry: Industry;
  title: string; description: string; keywords: string[]; minEducation: Education; minProfessionalTitle: ProfessionalTitle;
  headcount: number; engagement: Engagement | null; serviceMonths: number | null; challengeArea: ChallengeArea | null;
  reward: string | null; deadline: string; catalogueEntryId: number | null; postedAt: string; updatedAt: string;
}
export interface DemandEventRow { id: number; demandId: number; fromStatus: DemandStatus | null; toStatus: DemandStatus; actor: string; at: string; note: string | null }
export interface ProgrammeRow { id: number; name: string; kind: ProgrammeKind; year: number; organizerId: number; capacity: number; startsOn: string; endsOn: string }
export interface PairingRow { id: number; partnerId: number; beneficiaryId: number; startYear: number; focus: string }

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const pad2 = (n: number) => String(n).padStart(2, '0');

function pickSpecialty(rng: Rng, industry?: Industry): { industry: Industry; specialty: Specialty } {
  const chosen = industry ?? rng.weighted(SPECIALTY_INDUSTRY_WEIGHTS);
  return { industry: chosen, specialty: rng.pick(SPECIALTIES[chosen]) };
}

/** Organizations present in every seed, by industry (for catalogue entries that name an employer). */
function byIndustry(organizations: readonly OrganizationRow[]): Map<Industry, OrganizationRow[]> {
  const map = new Map<Industry, OrganizationRow[]>();
  for (const o of organizations) {
    if (o.id > MIN_ORGANIZATIONS || o.kind === OrgKind.VILLAGE) continue;
    map.set(o.industry, [...(map.get(o.industry) ?? []), o]);
  }
  return map;
}

/** Catalogues of FIRST_CATALOGUE_YEAR … REFERENCE_YEAR, 50–80 entries each. */
export function generateCatalogues(organizations: readonly OrganizationRow[]): { catalogues: CatalogueRow[]; entries: CatalogueEntryRow[] } {
  const employers = byIndustry(organizations);
  const catalogues: CatalogueRow[] = [];
  const entries: CatalogueEntryRow[] = [];
  for (let year = FIRST_CATALOGUE_YEAR; year <= REFERENCE_YEAR; year++) {
    const rng = Rng.for('shortage-catalogue', year);
    const catalogue = { id: year - FIRST_CATALOGUE_YEAR + 1, year, publishedOn: `${year}-03-${pad2(rng.int(1, 28))}` };
    catalogues.push(catalogue);
    const size = rng.int(50, 80);
    const used = new Set<string>();
    for (let tries = 0; entries.filter((e) => e.catalogueId === catalogue.id).length < size && tries < size * 20; tries++) {
      const { industry, specialty } = pickSpecialty(rng);
      const candidates = employers.get(industry) ?? [];
      const organization = candidates.length && rng.chance(0.3) ? rng.pick(candidates) : null;
      const key = `${specialty.name}|${organization?.id ?? ''}`;
      if (used.has(key)) continue;
      used.add(key);
      entries.push({
        id: entries.length + 1,
        catalogueId: catalogue.id,
        industry,
        specialty: specialty.name,
        minEducation: specialty.education,
        minProfessionalTitle: specialty.title,
        headcount: rng.weighted([[1, 30], [2, 25], [3, 15], [5, 15], [8, 8], [10, 7]]),
        organizationId: organization?.id ?? null,
      });
    }
  }
  return { catalogues, entries };
}

const EMPLOYER_KINDS: Weighted<OrgKind> = [
  [OrgKind.ENTERPRISE, 45], [OrgKind.GOVERNMENT, 14], [OrgKind.SCHOOL, 12], [OrgKind.INSTITUTE, 13], [OrgKind.VILLAGE, 16],
];
const DEMAND_KINDS: Record<OrgKind, Weighted<DemandKind>> = {
  [OrgKind.ENTERPRISE]: [[DemandKind.POSITION, 70], [DemandKind.EXPERT_SERVICE, 15], [DemandKind.CHALLENGE, 15]],
  [OrgKind.GOVERNMENT]: [[DemandKind.POSITION, 60], [DemandKind.EXPERT_SERVICE, 30], [DemandKind.CHALLENGE, 10]],
  [OrgKind.SCHOOL]: [[DemandKind.POSITION, 80], [DemandKind.EXPERT_SERVICE, 20]],
  [OrgKind.INSTITUTE]: [[DemandKind.POSITION, 55], [DemandKind.EXPERT_SERVICE, 35], [DemandKind.CHALLENGE, 10]],
  [OrgKind.VILLAGE]: [[DemandKind.POSITION, 35], [DemandKind.EXPERT_SERVICE, 20], [DemandKind.CHALLENGE, 45]],
};
const GOVERNANCE_KEYWORDS = ['乡村治理', '集体经济', '乡村振兴', '社区服务', '规划'];
const EDUCATION_ORDER = [Education.SECONDARY_OR_BELOW, Education.ASSOCIATE, Education.BACHELOR, Education.MASTER, Education.DOCTORATE];
const TITLE_ORDER = [ProfessionalTitle.NONE, ProfessionalTitle.JUNIOR, ProfessionalTitle.INTERMEDIATE, ProfessionalTitle.ASSOCIATE_SENIOR, ProfessionalTitle.SENIOR];
const atLeast = <T>(order: readonly T[], value: T, floor: T): T => order[Math.max(order.indexOf(value), order.indexOf(floor))];
const atMost = <T>(order: readonly T[], value: T, ceiling: T): T => order[Math.min(order.indexOf(value), order.indexOf(ceiling))];

/**
 * DEMANDS demands by organizations of all five kinds, posted over the last three years: older
 * ones FILLED or CLOSED, recent ones mostly OPEN; a demand cites its year's catalogue entry for
 * its specialty more often than not. Each has its history: posted, then filled or closed.
 */
export function generateDemands(
  organizations: readonly OrganizationRow[],
  catalogues: readonly CatalogueRow[],
  entries: readonly CatalogueEntryRow[],
): { demands: DemandRow[]; events: DemandEventRow[] } {
  const pools = new OrganizationPools(organizations);
  const catalogueYear = new Map(catalogues.map((c) => [c.id, c.year] as const));
  const entryFor = new Map<string, CatalogueEntryRow[]>();
  for (const e of entries) {
    const key = `${catalogueYear.get(e.catalogueId)}|${e.specialty}`;
    entryFor.set(key, [...(entryFor.get(key) ?? []), e]);
  }
  const demands: DemandRow[] = [];
  const events: DemandEventRow[] = [];
  for (let id = 1; id <= DEMANDS; id++) {
    const rng = Rng.for('demand', id);
    const org = pools.draw(rng, rng.weighted(EMPLOYER_KINDS), MIN_ORGANIZATIONS) ?? pools.draw(rng, OrgKind.ENTERPRISE)!;
    const kind = rng.weighted(DEMAND_KINDS[org.kind]);
    const industry = org.industry === Industry.OTHER && rng.chance(0.6) ? rng.weighted(SPECIALTY_INDUSTRY_WEIGHTS) : org.industry;
    const { specialty } = pickSpecialty(rng, org.kind === OrgKind.VILLAGE && industry === Industry.OTHER ? Industry.AGRI_TECH : industry);
    const posted = FIRST_POSTED + Math.floor(rng.next() * (LAST_POSTED - FIRST_POSTED));
    const postedAt = new Date(posted + rng.int(8, 18) * 3_600_000).toISOString();
    const deadline = isoDate(posted + rng.int(45, 180) * DAY);
    let keywords = rng.sample(specialty.keywords, rng.int(2, specialty.keywords.length));
    let minEducation = specialty.education;
    let minProfessionalTitle = specialty.title;
    let title: string;
    let description: string;
    let headcount = 1;
    let engagement: Engagement | null = null;
    let serviceMonths: number | null = null;
    let challengeArea: ChallengeArea | null = null;
    let reward: string | null = null;
    switch (kind) {
      case DemandKind.POSITION:
        title = rng.pick(specialty.roles);
        headcount = rng.weighted([[1, 50], [2, 25], [3, 12], [5, 8], [10, 5]]);
        engagement = rng.chance(0.85) ? Engagement.FULL_TIME : Engagement.FLEXIBLE;
        if (org.kind === OrgKind.VILLAGE) minEducation = atMost(EDUCATION_ORDER, minEducation, Education.BACHELOR);
        description = `${org.name}招聘${title}${headcount}名，${specialty.name}方向，要求${keywords.join('、')}相关经验。`;
        break;
      case DemandKind.EXPERT_SERVICE: {
        const chief = rng.chance(0.5);
        title = chief ? `${specialty.name}首席专家` : `${specialty.name}特聘顾问`;
        serviceMonths = chief ? rng.int(3, 6) : rng.int(6, 12);
        engagement = Engagement.FLEXIBLE;
        minEducation = atLeast(EDUCATION_ORDER, minEducation, Education.BACHELOR);
        minProfessionalTitle = atLeast(TITLE_ORDER, minProfessionalTitle, ProfessionalTitle.ASSOCIATE_SENIOR);
        description = `${org.name}柔性引进${title}，每年服务不少于${serviceMonths}个月，指导${keywords.join('、')}等工作。`;
        break;
      }
      default: {
        const governance = (org.kind === OrgKind.VILLAGE || org.kind === OrgKind.GOVERNMENT) && rng.chance(0.65);
        challengeArea = governance ? ChallengeArea.GOVERNANCE : ChallengeArea.TECHNOLOGY;
        title = governance ? rng.pick(GOVERNANCE_CHALLENGES) : rng.pick(TECHNICAL_CHALLENGES[industry]);
        if (governance) keywords = rng.sample(GOVERNANCE_KEYWORDS, 2);
        minEducation = governance ? Education.ASSOCIATE : atLeast(EDUCATION_ORDER, minEducation, Education.BACHELOR);
        minProfessionalTitle = governance ? ProfessionalTitle.NONE : minProfessionalTitle;
        const [lo, hi] = org.kind === OrgKind.VILLAGE ? [2, 20] : [10, 100];
        reward = `${rng.int(lo, hi) * 10_000}.00`;
        description = `揭榜挂帅：${title}。${org.kind === OrgKind.VILLAGE ? '诚邀乡村振兴合伙人' : '面向人才、团队和平台'}揭榜攻关，奖励${Number(reward) / 10_000}万元。`;
      }
    }
    const year = Number(postedAt.slice(0, 4));
    const cited = entryFor.get(`${year}|${specialty.name}`)?.filter((e) => e.organizationId === null || e.organizationId === org.id) ?? [];
    const catalogueEntryId = kind !== DemandKind.CHALLENGE && cited.length && rng.chance(0.6) ? rng.pick(cited).id : null;
    const stillOpen = postedAt >= OPEN_SINCE ? rng.chance(0.8) : rng.chance(0.05);
    const status = stillOpen ? DemandStatus.OPEN : rng.chance(0.6) ? DemandStatus.FILLED : DemandStatus.CLOSED;
    const closedAt = new Date(Math.min(Date.parse(`${deadline}T10:00:00Z`), posted + rng.int(20, 150) * DAY)).toISOString();
    const updatedAt = status === DemandStatus.OPEN ? postedAt : closedAt;
    demands.push({
      id, kind, status, organizationId: org.id, townCode: org.townCode, industry, title, description, keywords, minEducation,
      minProfessionalTitle, headcount, engagement, serviceMonths, challengeArea, reward, deadline, catalogueEntryId, postedAt, updatedAt,
    });
    events.push({ id: 2 * id - 1, demandId: id, fromStatus: null, toStatus: DemandStatus.OPEN, actor: 'seed', at: postedAt, note: null });
    if (status !== DemandStatus.OPEN) {
      events.push({ id: 2 * id, demandId: id, fromStatus: DemandStatus.OPEN, toStatus: status, actor: 'seed', at: closedAt, note: status === DemandStatus.CLOSED ? '需求取消' : null });
    }
  }
  return { demands, events };
}

const PROGRAMME_ORGANIZERS: Record<ProgrammeKind, string> = {
  [ProgrammeKind.ADVANCED_STUDY]: '中共北京市平谷区委组织部',
  [ProgrammeKind.SECONDMENT]: '中共北京市平谷区委组织部',
  [ProgrammeKind.PRACTICAL_TRAINING]: '北京市平谷区人力资源和社会保障局',
  [ProgrammeKind.DEGREE_EDUCATION]: '北京市平谷区职业学校',
  [ProgrammeKind.MENTORSHIP]: '北京市平谷区人才服务中心',
  [ProgrammeKind.STARTUP_COACHING]: '北京市平谷区科学技术委员会',
};

const PROGRAMME_NAMES: Record<ProgrammeKind, readonly string[]> = {
  [ProgrammeKind.ADVANCED_STUDY]: ['中青年骨干高级研修班', '乡村振兴专题高级研修班'],
  [ProgrammeKind.SECONDMENT]: ['优秀人才交流挂职'],
  [ProgrammeKind.PRACTICAL_TRAINING]: ['高技能人才实训', '农村实用人才实训', '无人机操控员实训', '电商直播实训'],
  [ProgrammeKind.DEGREE_EDUCATION]: ['学历提升计划'],
  [ProgrammeKind.MENTORSHIP]: ['青年人才导师帮带', '乡村教师导师帮带'],
  [ProgrammeKind.STARTUP_COACHING]: ['创业陪跑计划'],
};

/** Places per programme, and the share of the register each kind serves over the five years. */
const PROGRAMME_SHAPE: Record<ProgrammeKind, { capacity: number; share: number; months: number }> = {
  // About 30 people a year selected for 高级研修 and 交流挂职 together (two classes of 8, one of 15).
  [ProgrammeKind.ADVANCED_STUDY]: { capacity: 8, share: 0, months: 1 },
  [ProgrammeKind.SECONDMENT]: { capacity: 15, share: 0, months: 12 },
  [ProgrammeKind.PRACTICAL_TRAINING]: { capacity: 60, share: 0.012, months: 2 },
  [ProgrammeKind.DEGREE_EDUCATION]: { capacity: 50, share: 0.004, months: 30 },
  [ProgrammeKind.MENTORSHIP]: { capacity: 30, share: 0.006, months: 12 },
  [ProgrammeKind.STARTUP_COACHING]: { capacity: 25, share: 0.003, months: 6 },
};

/** Programmes of each year since the plan; the open-enrolment kinds grow with the register. */
export function generateProgrammes(organizations: readonly OrganizationRow[], talents: number): ProgrammeRow[] {
  const byName = new Map(organizations.map((o) => [o.name, o.id] as const));
  const fallback = organizations.find((o) => o.kind === OrgKind.GOVERNMENT)?.id ?? organizations[0].id;
  const years = REFERENCE_YEAR - PLAN_YEAR + 1;
  const rows: ProgrammeRow[] = [];
  for (let year = PLAN_YEAR; year <= REFERENCE_YEAR; year++) {
    for (const kind of Object.values(ProgrammeKind)) {
      const shape = PROGRAMME_SHAPE[kind];
      const names = PROGRAMME_NAMES[kind];
      const count = Math.max(names.length, Math.round((talents * shape.share) / years / shape.capacity));
      for (let k = 0; k < count; k++) {
        const rng = Rng.for(`programme:${kind}:${year}`, k);
        const month = rng.int(3, 9);
        const starts = Date.UTC(year, month - 1, rng.int(1, 20));
        const base = names[k % names.length];
        rows.push({
          id: 0,
          name: `${year}年${base}${count > names.length ? `（第${Math.floor(k / names.length) + 1}期）` : ''}`,
          kind,
          year,
          organizerId: byName.get(PROGRAMME_ORGANIZERS[kind]) ?? fallback,
          capacity: shape.capacity,
          startsOn: isoDate(starts),
          endsOn: isoDate(starts + shape.months * 30 * DAY),
        });
      }
    }
  }
  rows.forEach((r, i) => (r.id = i + 1));
  return rows;
}

const PAIRING_FOCUS = ['产业帮扶', '教育帮扶', '医疗帮扶', '科技下乡', '电商助农', '人才培训', '规划设计'];

/** 百校(企)兴百村(企): schools, institutes and enterprises paired with villages (mostly) and enterprises. */
export function generatePairings(organizations: readonly OrganizationRow[]): PairingRow[] {
  const pools = new OrganizationPools(organizations);
  const rows: PairingRow[] = [];
  const used = new Set<string>();
  for (let i = 1; rows.length < PAIRINGS && i < PAIRINGS * 10; i++) {
    const rng = Rng.for('pairing', i);
    const partner = pools.draw(rng, rng.weighted([[OrgKind.SCHOOL, 35], [OrgKind.INSTITUTE, 30], [OrgKind.ENTERPRISE, 35]]), MIN_ORGANIZATIONS);
    const beneficiary = pools.draw(rng, rng.chance(0.8) ? OrgKind.VILLAGE : OrgKind.ENTERPRISE, MIN_ORGANIZATIONS);
    if (!partner || !beneficiary || partner.id === beneficiary.id) continue;
    const key = `${partner.id}|${beneficiary.id}`;
    if (used.has(key)) continue;
    used.add(key);
    rows.push({ id: rows.length + 1, partnerId: partner.id, beneficiaryId: beneficiary.id, startYear: rng.int(PLAN_YEAR, REFERENCE_YEAR), focus: rng.pick(PAIRING_FOCUS) });
  }
  return rows;
}
