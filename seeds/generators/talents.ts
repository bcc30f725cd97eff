import { Industry, OrgKind } from '../../src/modules/organization/organization.enums';
import {
  Education,
  Engagement,
  Gender,
  ProfessionalTitle,
  TalentTier,
  TalentType,
} from '../../src/modules/talent/talent.enums';
import type { Talent } from '../../src/modules/talent/talent.entity';
import type { RecruitmentChannel } from '../../src/modules/recruitment/recruitment.enums';
import { daysInMonth, idNumberCheckChar } from '../../src/shared/validation/gb11643';
import { Rng, WeightedTable, type Weighted } from '../random';
import { FEMALE_GIVEN, MALE_GIVEN, SURNAMES } from '../reference/names';
import { OrganizationPools, organizationsAvailableTo, type OrganizationRow } from './organizations';

/** A talent row as the seed writes it: the entity's columns, the employer as its id. */
/** A generated talent: the entity's plain fields, with its personal data in clear (encrypted on write). */
export type TalentRow = Omit<Talent, 'organization' | 'tier' | 'version' | 'idNumberCipher' | 'idNumberHash' | 'phoneCipher' | 'phoneHash' | 'recruitmentChannel' | 'recruitmentEvent'> & {
  tier: TalentTier | null;
  /** Drawn by the seed from the talent's facts and the events (generators/recruitment.ts); UNRECORDED when absent. */
  recruitmentChannel?: RecruitmentChannel;
  recruitmentEventId?: number | null;
  organizationId: number;
  idNumber: string;
  phone: string;
};

/** Ages are reckoned against this year: birth years 1961–2003 give ages 22–64 (23–65 a year on). */
export const REFERENCE_YEAR = 2025;
export const FIRST_INTRODUCED_YEAR = 2010;
/** 京平发〔2021〕12号: the plan's tiers date from 2021. */
export const PLAN_YEAR = 2021;

/**
 * What is drawn from the register as a whole (platform members, honours) is drawn from its first
 * this-many talents, so every seed at least this large agrees on it.
 */
export const REFERENCE_REGISTER = 20_000;

/** Where talent works (政企校院村), share of the register. */
const KIND_SHARES: Weighted<OrgKind> = [
  [OrgKind.ENTERPRISE, 45],
  [OrgKind.GOVERNMENT, 15],
  [OrgKind.SCHOOL, 12],
  [OrgKind.INSTITUTE, 10],
  [OrgKind.VILLAGE, 18],
];

/**
 * Tiers. STRATEGIC, LEADING and YOUTH are rates: a larger synthetic register keeps the same
 * mix, which is what the dashboards compare (about 4.5% YOUTH, 150–250 a year at 20,000
 * talents). SHORTAGE is a quota, about 50 recognised a year (第三条(三)), so its rate falls with
 * the talent's index: about 280 at 20,000 talents, growing only with the logarithm of the
 * register (about 1,600 at 1,000,000). Either way a talent's tier depends on its own index only.
 */
const P_STRATEGIC = 0.0004;
const P_LEADING = 0.0025;
const P_YOUTH = 0.045;
const P_SHORTAGE_AT_START = 0.0216;
const SHORTAGE_HALF_LIFE_INDEX = 20_000;

/** Tiers go to enterprises and institutes far more than to government bodies. */
const TIER_FACTOR: Record<OrgKind, number> = {
  [OrgKind.GOVERNMENT]: 0.2,
  [OrgKind.ENTERPRISE]: 1.2,
  [OrgKind.SCHOOL]: 0.8,
  [OrgKind.INSTITUTE]: 1.8,
  [OrgKind.VILLAGE]: 0.5,
};

const T = TalentType;
const TYPE_BY_KIND: Record<OrgKind, Weighted<TalentType>> = {
  [OrgKind.GOVERNMENT]: [[T.PARTY_GOVERNMENT, 70], [T.PROFESSIONAL_TECHNICAL, 18], [T.SOCIAL_WORK, 10], [T.HIGH_SKILLED, 2]],
  [OrgKind.ENTERPRISE]: [[T.BUSINESS_MANAGEMENT, 30], [T.PROFESSIONAL_TECHNICAL, 35], [T.HIGH_SKILLED, 31], [T.RURAL_PRACTICAL, 2], [T.SOCIAL_WORK, 2]],
  [OrgKind.SCHOOL]: [[T.PROFESSIONAL_TECHNICAL, 92], [T.PARTY_GOVERNMENT, 3], [T.SOCIAL_WORK, 3], [T.HIGH_SKILLED, 2]],
  [OrgKind.INSTITUTE]: [[T.PROFESSIONAL_TECHNICAL, 85], [T.HIGH_SKILLED, 5], [T.SOCIAL_WORK, 4], [T.BUSINESS_MANAGEMENT, 3], [T.PARTY_GOVERNMENT, 3]],
  [OrgKind.VILLAGE]: [[T.RURAL_PRACTICAL, 78], [T.SOCIAL_WORK, 8], [T.BUSINESS_MANAGEMENT, 8], [T.PARTY_GOVERNMENT, 4], [T.HIGH_SKILLED, 2]],
};

function typeFor(rng: Rng, kind: OrgKind, industry: Industry, tier: TalentTier | null): TalentType {
  if (!tier) {
    if (kind === OrgKind.ENTERPRISE && industry === Industry.AGRI_TECH && rng.chance(0.12)) return T.RURAL_PRACTICAL;
    return rng.weighted(TYPE_BY_KIND[kind]);
  }
  if (kind === OrgKind.SCHOOL || kind === OrgKind.INSTITUTE) return rng.weighted([[T.PROFESSIONAL_TECHNICAL, 92], [T.HIGH_SKILLED, 5], [T.BUSINESS_MANAGEMENT, 3]]);
  if (kind === OrgKind.GOVERNMENT) return rng.weighted([[T.PROFESSIONAL_TECHNICAL, 85], [T.PARTY_GOVERNMENT, 10], [T.SOCIAL_WORK, 5]]);
  const rural = kind === OrgKind.VILLAGE;
  switch (tier) {
    case TalentTier.STRATEGIC:
    case TalentTier.LEADING:
      return rng.weighted([[T.PROFESSIONAL_TECHNICAL, 65], [T.BUSINESS_MANAGEMENT, 30], [T.RURAL_PRACTICAL, rural ? 30 : 0]]);
    case TalentTier.SHORTAGE:
      return rng.weighted([[T.PROFESSIONAL_TECHNICAL, 65], [T.HIGH_SKILLED, 20], [T.BUSINESS_MANAGEMENT, 15], [T.RURAL_PRACTICAL, rural ? 30 : 0]]);
    case TalentTier.YOUTH:
      return rng.weighted([[T.PROFESSIONAL_TECHNICAL, 60], [T.BUSINESS_MANAGEMENT, 15], [T.HIGH_SKILLED, 12], [T.RURAL_PRACTICAL, rural ? 60 : 8], [T.SOCIAL_WORK, 5]]);
  }
}

const E = Education;
type EduMix = Weighted<Education>;
const mix = (d: number, m: number, b: number, a: number, s: number): EduMix => [[E.DOCTORATE, d], [E.MASTER, m], [E.BACHELOR, b], [E.ASSOCIATE, a], [E.SECONDARY_OR_BELOW, s]];

/** Untiered talent: by type (professional-technical also by employer). Overall about 2/8/38/27/25 %. */
const EDUCATION_BY_TYPE: Record<TalentType, EduMix> = {
  [T.PARTY_GOVERNMENT]: mix(0.3, 11, 60, 20, 8.7),
  [T.BUSINESS_MANAGEMENT]: mix(0.5, 8, 36, 33, 22.5),
  [T.PROFESSIONAL_TECHNICAL]: mix(2.5, 9, 48, 28, 12.5),
  [T.HIGH_SKILLED]: mix(0, 0.3, 7, 38, 54.7),
  [T.RURAL_PRACTICAL]: mix(0, 0.2, 3, 15, 81.8),
  [T.SOCIAL_WORK]: mix(0, 2, 38, 42, 18),
};
const EDUCATION_PT_SCHOOL = mix(0.5, 10, 66, 20, 3.5);
const EDUCATION_PT_INSTITUTE = mix(6, 16, 50, 22, 6);

function educationFor(rng: Rng, type: TalentType, kind: OrgKind, tier: TalentTier | null): Education {
  switch (tier) {
    case TalentTier.STRATEGIC:
      return rng.weighted(mix(75, 20, 5, 0, 0));
    case TalentTier.LEADING:
      return rng.weighted(mix(55, 30, 15, 0, 0));
    case TalentTier.SHORTAGE:
      return rng.weighted(type === T.HIGH_SKILLED || type === T.RURAL_PRACTICAL ? mix(0, 0, 30, 50, 20) : mix(15, 40, 40, 5, 0));
    case TalentTier.YOUTH:
      if (type === T.HIGH_SKILLED) return rng.weighted(mix(0, 0, 20, 50, 30));
      if (type === T.RURAL_PRACTICAL) return rng.weighted(mix(0, 2, 38, 40, 20));
      return rng.weighted(mix(10, 30, 55, 5, 0));
    default:
      if (type === T.PROFESSIONAL_TECHNICAL && kind === OrgKind.SCHOOL) return rng.weighted(EDUCATION_PT_SCHOOL);
      if (type === T.PROFESSIONAL_TECHNICAL && kind === OrgKind.INSTITUTE) return rng.weighted(EDUCATION_PT_INSTITUTE);
      return rng.weighted(EDUCATION_BY_TYPE[type]);
  }
}

/** Age at which people of each education usually start work. */
const WORK_START: Record<Education, number> = {
  [E.DOCTORATE]: 28,
  [E.MASTER]: 25,
  [E.BACHELOR]: 22,
  [E.ASSOCIATE]: 21,
  [E.SECONDARY_OR_BELOW]: 19,
};

/** Age bands (first age of each five-year band from 22) and their weights. */
const AGE_BANDS = [22, 25, 30, 35, 40, 45, 50, 55, 60] as const;
const bands = (weights: number[]): Weighted<number> => AGE_BANDS.map((_, i) => [i, weights[i]] as const);
const AGE_BANDS_GENERAL = bands([5, 12, 15, 15, 13, 12, 12, 10, 6]);
const AGE_BANDS_RURAL = bands([1, 4, 7, 10, 12, 16, 18, 18, 14]);

function ageFor(rng: Rng, type: TalentType, tier: TalentTier | null, education: Education): number {
  let age: number;
  switch (tier) {
    case TalentTier.STRATEGIC:
      age = rng.int(45, 64);
      break;
    case TalentTier.LEADING:
      age = rng.int(36, 58);
      break;
    case TalentTier.SHORTAGE:
      age = rng.int(28, 50);
      break;
    case TalentTier.YOUTH:
      // The youth line is 35: young enough when recognised.
      return Math.max(rng.int(22, 35), Math.min(35, WORK_START[education] + rng.int(0, 3)));
    default: {
      const band = rng.weighted(type === T.RURAL_PRACTICAL ? AGE_BANDS_RURAL : AGE_BANDS_GENERAL);
      const start = AGE_BANDS[band];
      age = rng.int(start, band + 1 < AGE_BANDS.length ? AGE_BANDS[band + 1] - 1 : 64);
    }
  }
  const youngest = Math.max(22, WORK_START[education]);
  return age < youngest ? youngest + rng.int(0, 4) : age;
}

/** Introductions per year: steady growth, then a step up with the plan of 2021. */
const YEAR_WEIGHTS: Record<number, number> = {
  2010: 3, 2011: 3, 2012: 3.5, 2013: 4, 2014: 4, 2015: 4.5, 2016: 5, 2017: 5,
  2018: 5.5, 2019: 6, 2020: 5.5, 2021: 8, 2022: 9, 2023: 10, 2024: 11, 2025: 9,
};

function introducedYearFor(rng: Rng, birthYear: number, education: Education, tier: TalentTier | null): number {
  let lo = Math.max(FIRST_INTRODUCED_YEAR, birthYear + WORK_START[education]);
  let hi = REFERENCE_YEAR;
  if (tier === TalentTier.YOUTH) hi = Math.min(hi, birthYear + 35);
  if (tier && rng.chance(0.85)) lo = Math.max(lo, Math.min(PLAN_YEAR, hi));
  lo = Math.min(lo, hi);
  const years: [number, number][] = [];
  for (let y = lo; y <= hi; y++) years.push([y, YEAR_WEIGHTS[y]]);
  return rng.weighted(years);
}

function titleFor(rng: Rng, type: TalentType, education: Education, age: number, tier: TalentTier | null): ProfessionalTitle {
  const P = ProfessionalTitle;
  const none = {
    [T.HIGH_SKILLED]: 0.85,
    [T.RURAL_PRACTICAL]: 0.8,
    [T.PARTY_GOVERNMENT]: 0.75,
    [T.BUSINESS_MANAGEMENT]: 0.5,
    [T.SOCIAL_WORK]: 0.4,
    [T.PROFESSIONAL_TECHNICAL]: 0.04,
  }[type];
  if (!tier && rng.chance(none)) return P.NONE;
  // Career points: years at work at a personal pace, plus a head start for degrees and tiers.
  const headStart = { [E.DOCTORATE]: 6, [E.MASTER]: 3, [E.BACHELOR]: 0, [E.ASSOCIATE]: -2, [E.SECONDARY_OR_BELOW]: -4 }[education];
  const tierBonus = tier === TalentTier.STRATEGIC || tier === TalentTier.LEADING ? 12 : tier === TalentTier.SHORTAGE ? 4 : 0;
  const career = Math.max(0, age - WORK_START[education]) * (0.4 + rng.next() * 0.7) + headStart + tierBonus;
  let title = career < 5 ? P.JUNIOR : career < 14 ? P.INTERMEDIATE : career < 26 ? P.ASSOCIATE_SENIOR : P.SENIOR;
  const graduate = education === E.DOCTORATE || education === E.MASTER || education === E.BACHELOR;
  // 正高 needs a degree and years; 副高 likewise; 中专 tops out at 中级; 高技能 and 农村实用 mostly at 初中级.
  if (title === P.SENIOR && (!graduate || age < 38)) title = P.ASSOCIATE_SENIOR;
  if (title === P.ASSOCIATE_SENIOR && (age < 32 || education === E.SECONDARY_OR_BELOW)) title = P.INTERMEDIATE;
  if ((type === T.HIGH_SKILLED || type === T.RURAL_PRACTICAL || type === T.SOCIAL_WORK) && (title === P.SENIOR || title === P.ASSOCIATE_SENIOR) && rng.chance(0.8)) title = P.INTERMEDIATE;
  if (education === E.DOCTORATE && title === P.JUNIOR) title = P.INTERMEDIATE;
  return title;
}

function maleShare(type: TalentType, kind: OrgKind, industry: Industry, tier: TalentTier | null): number {
  if (tier === TalentTier.STRATEGIC || tier === TalentTier.LEADING) return 0.8;
  if (kind === OrgKind.SCHOOL) return 0.3;
  if (industry === Industry.HEALTH) return 0.35;
  switch (type) {
    case T.HIGH_SKILLED: return 0.75;
    case T.RURAL_PRACTICAL: return 0.62;
    case T.PARTY_GOVERNMENT: return 0.58;
    case T.BUSINESS_MANAGEMENT: return 0.62;
    case T.SOCIAL_WORK: return 0.3;
    default: return industry === Industry.DRONE || industry === Industry.SMART_LOGISTICS ? 0.7 : 0.5;
  }
}

const FLEXIBLE_BY_KIND: Record<OrgKind, number> = {
  [OrgKind.GOVERNMENT]: 0.015,
  [OrgKind.ENTERPRISE]: 0.06,
  [OrgKind.SCHOOL]: 0.04,
  [OrgKind.INSTITUTE]: 0.12,
  [OrgKind.VILLAGE]: 0.03,
};
const FLEXIBLE_BY_TIER: Record<TalentTier, number> = {
  [TalentTier.STRATEGIC]: 0.5,
  [TalentTier.LEADING]: 0.35,
  [TalentTier.SHORTAGE]: 0.15,
  [TalentTier.YOUTH]: 0.06,
};

function overseasShare(type: TalentType, education: Education, tier: TalentTier | null, flexible: boolean): number {
  let p = type === T.HIGH_SKILLED || type === T.RURAL_PRACTICAL ? 0.003 : 0.012;
  if (education === E.DOCTORATE) p = Math.max(p, 0.3);
  if (education === E.MASTER) p = Math.max(p, 0.07);
  if (tier) p = Math.max(p, { STRATEGIC: 0.5, LEADING: 0.4, SHORTAGE: 0.12, YOUTH: 0.08 }[tier]);
  return flexible ? p + 0.05 : p;
}

const OTHER_INDUSTRIES: Weighted<Industry> = [
  [Industry.OTHER, 40], [Industry.AGRI_TECH, 12], [Industry.CULTURE, 10], [Industry.LEISURE_TOURISM, 10],
  [Industry.SMART_LOGISTICS, 10], [Industry.DRONE, 6], [Industry.EDUCATION, 6], [Industry.HEALTH, 6],
];

function industryFor(rng: Rng, type: TalentType, org: OrganizationRow): Industry {
  if (type === T.RURAL_PRACTICAL && org.industry !== Industry.AGRI_TECH && org.industry !== Industry.LEISURE_TOURISM) {
    return rng.chance(0.8) ? Industry.AGRI_TECH : org.industry;
  }
  const stay = org.kind === OrgKind.SCHOOL ? 0.97 : org.kind === OrgKind.INSTITUTE ? 0.92 : 0.85;
  return rng.chance(stay) ? org.industry : rng.weighted(OTHER_INDUSTRIES);
}

const MOBILE_PREFIXES: Weighted<string> = [
  ...['130', '131', '132', '133', '134', '135', '136', '137', '138', '139'].map((p) => [p, 6] as const),
  ...['150', '151', '152', '153', '155', '156', '157', '158', '159'].map((p) => [p, 4] as const),
  ...['180', '181', '182', '183', '184', '185', '186', '187', '188', '189'].map((p) => [p, 3] as const),
  ...['170', '171', '173', '175', '176', '177', '178'].map((p) => [p, 1] as const),
  ...['166', '191', '193', '195', '196', '198', '199'].map((p) => [p, 1.5] as const),
];

/** An 11-digit mobile number with a real operator prefix. */
export function mobileNumber(rng: Rng): string {
  return rng.weighted(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

const surnameTable = new WeightedTable(SURNAMES.map(([s]) => s), SURNAMES.map(([, w]) => w));

/** A Chinese name; given-name characters drift with the birth decade (older lists first). */
export function personName(rng: Rng, gender: Gender, birthYear: number): string {
  const chars = gender === Gender.MALE ? MALE_GIVEN : FEMALE_GIVEN;
  const window = 36;
  const era = Math.min(1, Math.max(0, (birthYear - 1960) / 45));
  const start = Math.round(era * (chars.length - window));
  const char = () => chars[start + Math.floor(rng.next() * window)];
  const single = rng.chance(birthYear < 1975 ? 0.35 : 0.2);
  let given = char();
  if (!single) {
    let second = char();
    while (second === given) second = char();
    given += second;
  }
  return surnameTable.draw(rng) + given;
}

/** Compact per-talent facts that later phases (memberships, awards) select on. */
export class TalentRegister {
  readonly organizationId: Int32Array;
  readonly tier: Uint8Array;
  readonly flexible: Uint8Array;
  readonly overseas: Uint8Array;
  readonly education: Uint8Array;
  readonly introducedYear: Uint16Array;
  readonly industry: Uint8Array;

  constructor(readonly size: number) {
    this.organizationId = new Int32Array(size + 1);
    this.tier = new Uint8Array(size + 1);
    this.flexible = new Uint8Array(size + 1);
    this.overseas = new Uint8Array(size + 1);
    this.education = new Uint8Array(size + 1);
    this.introducedYear = new Uint16Array(size + 1);
    this.industry = new Uint8Array(size + 1);
  }

  record(t: TalentRow): void {
    this.organizationId[t.id] = t.organizationId;
    this.tier[t.id] = t.tier ? TIER_CODES.indexOf(t.tier) + 1 : 0;
    this.flexible[t.id] = t.engagement === Engagement.FLEXIBLE ? 1 : 0;
    this.overseas[t.id] = t.overseasExperience ? 1 : 0;
    this.education[t.id] = EDUCATION_CODES.indexOf(t.education);
    this.introducedYear[t.id] = Number(t.introducedAt.slice(0, 4));
    this.industry[t.id] = INDUSTRY_CODES.indexOf(t.industry);
  }

  tierOf(id: number): TalentTier | null {
    return this.tier[id] ? TIER_CODES[this.tier[id] - 1] : null;
  }

  educationOf(id: number): Education {
    return EDUCATION_CODES[this.education[id]];
  }

  industryOf(id: number): Industry {
    return INDUSTRY_CODES[this.industry[id]];
  }
}

export const TIER_CODES = Object.values(TalentTier);
const EDUCATION_CODES = Object.values(Education);
const INDUSTRY_CODES = Object.values(Industry);

/**
 * Talent number `index` (1-based) is a function of its index and of the organizations that
 * exist for every seed at least that large, plus one piece of history: ID numbers are made
 * unique in index order, so the generator must be driven 1, 2, 3, … (which also keeps the first
 * talents of a larger seed identical to a smaller one).
 */
export class TalentGenerator {
  private readonly pools: OrganizationPools;
  private readonly usedIdNumbers = new Set<number>();
  private nextIndex = 1;

  constructor(organizations: readonly OrganizationRow[]) {
    this.pools = new OrganizationPools(organizations);
  }

  next(): TalentRow {
    const id = this.nextIndex++;
    const rng = Rng.for('talent', id);
    const org = this.organizationFor(rng, id);
    const kind = org.kind;

    const tierFactor = TIER_FACTOR[kind];
    const u = rng.next();
    const pShortage = P_SHORTAGE_AT_START / (1 + id / SHORTAGE_HALF_LIFE_INDEX);
    let tier: TalentTier | null = null;
    let edge = P_STRATEGIC * tierFactor;
    if (u < edge) tier = TalentTier.STRATEGIC;
    else if (u < (edge += P_LEADING * tierFactor)) tier = TalentTier.LEADING;
    else if (u < (edge += pShortage * tierFactor)) tier = TalentTier.SHORTAGE;
    else if (u < (edge += P_YOUTH * tierFactor)) tier = TalentTier.YOUTH;

    const talentType = typeFor(rng, kind, org.industry, tier);
    const education = educationFor(rng, talentType, kind, tier);
    const industry = industryFor(rng, talentType, org);
    const gender = rng.chance(maleShare(talentType, kind, industry, tier)) ? Gender.MALE : Gender.FEMALE;
    const age = ageFor(rng, talentType, tier, education);
    const birthYear = REFERENCE_YEAR - age;
    const professionalTitle = titleFor(rng, talentType, education, age, tier);

    let flexibleShare = FLEXIBLE_BY_KIND[kind];
    if (tier) flexibleShare = Math.max(flexibleShare, FLEXIBLE_BY_TIER[tier]);
    if (education === E.DOCTORATE) flexibleShare += 0.08;
    const flexible = rng.chance(flexibleShare);
    const overseasExperience = rng.chance(overseasShare(talentType, education, tier, flexible));

    const introducedYear = introducedYearFor(rng, birthYear, education, tier);
    const introMonth = rng.int(1, 12);
    const introducedAt = `${introducedYear}-${pad2(introMonth)}-${pad2(rng.int(1, daysInMonth(introducedYear, introMonth)))}`;

    return {
      id,
      name: personName(rng, gender, birthYear),
      idNumber: this.idNumber(rng, birthYear, gender),
      phone: mobileNumber(rng),
      birthYear,
      gender,
      education,
      professionalTitle,
      talentType,
      tier,
      industry,
      engagement: flexible ? Engagement.FLEXIBLE : Engagement.FULL_TIME,
      overseasExperience,
      introducedAt,
      organizationId: org.id,
    };
  }

  private organizationFor(rng: Rng, index: number): OrganizationRow {
    const kind = rng.weighted(KIND_SHARES);
    const available = organizationsAvailableTo(index);
    const org = this.pools.draw(rng, kind, available);
    if (org) return org;
    // Only with a hand-made organization list lacking this kind.
    for (const other of Object.values(OrgKind)) {
      const fallback = this.pools.draw(rng, other, available);
      if (fallback) return fallback;
    }
    throw new Error('no organizations to employ talents');
  }

  /**
   * A resident's number (110117), born in birthYear on a real day, sequence odd for men and
   * even for women, GB 11643 check character; unique among the numbers issued so far.
   */
  private idNumber(rng: Rng, birthYear: number, gender: Gender): string {
    const parity = gender === Gender.MALE ? 1 : 0;
    for (;;) {
      const month = rng.int(1, 12);
      const day = rng.int(1, daysInMonth(birthYear, month));
      const date = birthYear * 10_000 + month * 100 + day;
      let sequence = 2 * rng.int(parity ? 0 : 1, 499) + parity;
      for (let tries = 0; tries < 500; tries++) {
        const key = date * 1000 + sequence;
        if (!this.usedIdNumbers.has(key)) {
          this.usedIdNumbers.add(key);
          const first17 = `110117${date}${String(sequence).padStart(3, '0')}`;
          return first17 + idNumberCheckChar(first17);
        }
        sequence += 2;
        if (sequence > 999) sequence = parity ? 1 : 2;
      }
    }
  }
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

