import { Engagement, TalentTier } from '../talent/talent.enums';
import { OrgKind } from '../organization/organization.enums';
import { PlatformType } from '../platform/platform.enums';
import { AWARD_PROGRAMS, AwardProgram, CapPeriod, RecipientKind } from './award.enums';

/**
 * The funding rules of the 汇谷计划 as data (docs/funding.md). The grant service applies them;
 * nothing else decides who may receive what.
 */

/** What the rules need to know about a recipient. */
export type RecipientFacts =
  | { kind: RecipientKind.TALENT; tier: TalentTier | null; engagement: Engagement }
  | { kind: RecipientKind.ORGANIZATION; orgKind: OrgKind }
  | { kind: RecipientKind.PLATFORM; platformType: PlatformType };

export interface EligibilityRule {
  /** The plan's clause the rule comes from. */
  clause: string;
  /** Who may receive the programme, in words (for the NOT_ELIGIBLE message). */
  who: string;
  eligible: (r: RecipientFacts) => boolean;
}

const INCUBATION_TYPES = new Set<PlatformType>([
  PlatformType.INCUBATOR, PlatformType.MAKERSPACE, PlatformType.STUDENT_STARTUP_PARK,
  PlatformType.RURAL_STARTUP_PARK, PlatformType.RETURNEE_STARTUP_PARK, PlatformType.OVERSEAS_TALENT_PARK,
]);
const OVERSEAS_TYPES = new Set<PlatformType>([PlatformType.RETURNEE_STARTUP_PARK, PlatformType.OVERSEAS_TALENT_PARK, PlatformType.TALENT_ENCLAVE]);

const talentWithTier = (...tiers: TalentTier[]) => (r: RecipientFacts) => r.kind === RecipientKind.TALENT && r.tier !== null && tiers.includes(r.tier);
const anyTalent = (r: RecipientFacts) => r.kind === RecipientKind.TALENT;
const anyOrganization = (r: RecipientFacts) => r.kind === RecipientKind.ORGANIZATION;
const platformOf = (types?: Set<PlatformType>) => (r: RecipientFacts) => r.kind === RecipientKind.PLATFORM && (!types || types.has(r.platformType));

/** Who can receive what, each rule citing its clause of the plan (huigu-plan.md). */
export const ELIGIBILITY: Record<AwardProgram, EligibilityRule> = {
  [AwardProgram.LEADING_STARTUP_GRANT]: { clause: '第三条(二)', who: '战略、领军人才 (STRATEGIC/LEADING tier talents)', eligible: talentWithTier(TalentTier.STRATEGIC, TalentTier.LEADING) },
  [AwardProgram.SHORTAGE_PROJECT_GRANT]: { clause: '第三条(三)', who: '紧缺急需人才 (SHORTAGE tier talents)', eligible: talentWithTier(TalentTier.SHORTAGE) },
  [AwardProgram.RELOCATION_SUBSIDY]: { clause: '第三条(四)', who: '青年人才 (YOUTH tier talents)', eligible: talentWithTier(TalentTier.YOUTH) },
  [AwardProgram.YOUTH_STARTUP_GRANT]: { clause: '第三条(四)', who: '青年人才 (YOUTH tier talents)', eligible: talentWithTier(TalentTier.YOUTH) },
  [AwardProgram.FLEXIBLE_LIVING_ALLOWANCE]: {
    clause: '第三条(五)', who: '柔性引进人才 (talents with FLEXIBLE engagement)',
    eligible: (r) => r.kind === RecipientKind.TALENT && r.engagement === Engagement.FLEXIBLE,
  },
  [AwardProgram.OVERSEAS_PLATFORM_GRANT]: { clause: '第三条(六)', who: '海外人才创业/服务平台 (overseas-type platforms)', eligible: platformOf(OVERSEAS_TYPES) },
  [AwardProgram.PLATFORM_CONSTRUCTION_GRANT]: { clause: '第四条(一)', who: '平台载体 (platforms)', eligible: platformOf() },
  [AwardProgram.RESEARCH_PROJECT_GRANT]: { clause: '第四条(一)', who: '平台载体或单位 (platforms or organizations)', eligible: (r) => platformOf()(r) || anyOrganization(r) },
  [AwardProgram.INCUBATION_SERVICE_GRANT]: { clause: '第四条(二)', who: '孵化平台 (incubators, makerspaces, startup parks)', eligible: platformOf(INCUBATION_TYPES) },
  [AwardProgram.EVENT_GRANT]: { clause: '第四条(三)', who: '单位 (organizations)', eligible: anyOrganization },
  [AwardProgram.IPO_REWARD]: { clause: '第五条(一)', who: '企业 (ENTERPRISE organizations)', eligible: (r) => r.kind === RecipientKind.ORGANIZATION && r.orgKind === OrgKind.ENTERPRISE },
  [AwardProgram.TALENT_SCOUT_AWARD]: { clause: '第六条(一)', who: '单位 (organizations)', eligible: anyOrganization },
  [AwardProgram.PINGGU_ELITE]: { clause: '第五条(四)', who: '人才 (talents)', eligible: anyTalent },
  [AwardProgram.YOUTH_PROJECT_AWARD]: { clause: '第三条(四)', who: '青年人才 (YOUTH tier talents)', eligible: talentWithTier(TalentTier.YOUTH) },
  [AwardProgram.HONORARY_CITIZEN]: { clause: '第五条(四)', who: '人才 (talents)', eligible: anyTalent },
};

/** Exact money: 元 as decimal strings <-> integer fen (分) as bigint. */
export function toFen(amount: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!match) throw new RangeError(`not an amount in 元: ${amount}`);
  return BigInt(match[1]) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

export function fromFen(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** Months a yearly grant of a monthly programme may cover. */
export const MONTHS_PER_YEAR = 12;

/**
 * The caps a grant is checked against, as (scope, cap in fen) pairs: the grant plus the
 * non-revoked awards of the programme to the recipient within the scope must not exceed it.
 * TOTAL: per matter. YEAR: per calendar year. MONTH: per (year, month) for a monthly grant, and
 * per year at 12 × the monthly cap (a yearly grant, month null, counts against the year only).
 * Honours (cap null) carry no money: the cap is 0.
 */
export type CapScope = 'MATTER' | 'YEAR' | 'MONTH';
export function capsFor(program: AwardProgram, month: number | null): { scope: CapScope; capFen: bigint }[] {
  const { cap, capPeriod } = AWARD_PROGRAMS[program];
  const capFen = BigInt(cap ?? 0) * 100n;
  switch (capPeriod) {
    case CapPeriod.TOTAL:
      return [{ scope: 'MATTER', capFen }];
    case CapPeriod.YEAR:
      return [{ scope: 'YEAR', capFen }];
    case CapPeriod.MONTH:
      return [...(month === null ? [] : [{ scope: 'MONTH' as const, capFen }]), { scope: 'YEAR', capFen: capFen * BigInt(MONTHS_PER_YEAR) }];
  }
}

/**
 * A programme's standard (标准), for 从高: its cap per year (a monthly cap × 12, a total cap as
 * is; honours 0). Used to tell whether an existing award of another programme for the same
 * matter is of an equal-or-higher standard.
 */
export function standardOf(program: AwardProgram): bigint {
  const { cap, capPeriod } = AWARD_PROGRAMS[program];
  return BigInt(cap ?? 0) * (capPeriod === CapPeriod.MONTH ? BigInt(MONTHS_PER_YEAR) : 1n);
}
