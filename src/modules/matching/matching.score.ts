import { Education, EDUCATION_LABELS, Engagement, ENGAGEMENT_LABELS, ProfessionalTitle, PROFESSIONAL_TITLE_LABELS } from '../talent/talent.enums';
import { INDUSTRY_LABELS, type Industry } from '../organization/organization.enums';
import { PLATFORM_LEVEL_LABELS, PlatformLevel } from '../platform/platform.enums';
import { MatchFactor } from './matching.enums';

/**
 * THE match score (供需对接), written once: each factor's points as SQL over a pair of rows, a
 * talent `t` (active_talent, with its profile) and a demand `d` (MATCH_DEMANDS), plus the
 * distance `dist` between their towns (town_distance) and the keywords `m.matched` found in
 * the profile. Candidates of a demand and opportunities of a talent run the same expressions,
 * so a ranking read from either side agrees. The points come back per factor; the Chinese
 * details (reasonsOf) only explain them. docs/matching.md states the rules for officers.
 */

/** Largest points of each factor; they add up to 100. */
export const WEIGHTS = {
  [MatchFactor.INDUSTRY]: 30,
  [MatchFactor.KEYWORDS]: 30,
  [MatchFactor.EDUCATION]: 15,
  [MatchFactor.PROFESSIONAL_TITLE]: 10,
  [MatchFactor.ENGAGEMENT]: 5,
  [MatchFactor.DISTANCE]: 10,
} as const;

/** Education at the floor scores this; each level above adds EDUCATION_STEP, up to the weight. */
export const EDUCATION_AT_FLOOR = 10;
export const EDUCATION_STEP = 2.5;
/** A title one level below the floor scores this (two or more below: 0). */
export const TITLE_ONE_BELOW = 5;
/** Distance points fall linearly from full (same town) to 0 at this many km between town centroids. */
export const DISTANCE_ZERO_KM = 30;

/** Platforms (for challenges): industry of the host, keywords in the name, level, distance. */
export const PLATFORM_WEIGHTS = {
  [MatchFactor.INDUSTRY]: 30,
  [MatchFactor.KEYWORDS]: 30,
  [MatchFactor.PLATFORM_LEVEL]: 15,
  [MatchFactor.DISTANCE]: 10,
} as const;
export const PLATFORM_LEVEL_POINTS: Record<PlatformLevel, number> = {
  [PlatformLevel.NATIONAL]: 15,
  [PlatformLevel.MUNICIPAL]: 10,
  [PlatformLevel.DISTRICT]: 5,
};

/** Lowest first: a floor is met by its own level and every later one. */
export const EDUCATION_ORDER: readonly Education[] = [Education.SECONDARY_OR_BELOW, Education.ASSOCIATE, Education.BACHELOR, Education.MASTER, Education.DOCTORATE];
export const TITLE_ORDER: readonly ProfessionalTitle[] = [
  ProfessionalTitle.NONE,
  ProfessionalTitle.JUNIOR,
  ProfessionalTitle.INTERMEDIATE,
  ProfessionalTitle.ASSOCIATE_SENIOR,
  ProfessionalTitle.SENIOR,
];

/** The educations that meet a floor (null: every one). */
export function educationsFrom(floor: Education | null | undefined): Education[] {
  return floor ? EDUCATION_ORDER.slice(EDUCATION_ORDER.indexOf(floor)) : [...EDUCATION_ORDER];
}

/** Enum codes are code-defined identifiers ([A-Z_]), never input: safe as SQL literals. */
const literalArray = (values: readonly string[]) => `array[${values.map((v) => `'${v}'`).join(', ')}]::text[]`;
/** 0-based rank of an enum column in its order; null stays null. */
const rank = (order: readonly string[], expr: string) => `(array_position(${literalArray(order)}, (${expr})::text) - 1)`;

const eduRank = rank(EDUCATION_ORDER, 't.education');
const eduFloor = `coalesce(${rank(EDUCATION_ORDER, 'd.min_education')}, 0)`;
const titleRank = rank(TITLE_ORDER, 't.professional_title');
const titleFloor = `coalesce(${rank(TITLE_ORDER, 'd.min_professional_title')}, 0)`;
/** What engagement the demand wants: flexible for expert service, else its own (null: either). */
export const WANTED_ENGAGEMENT = `(case when d.kind = 'EXPERT_SERVICE' then '${Engagement.FLEXIBLE}' else d.engagement::text end)`;

/** The keywords of d found in a text (case-insensitive substring: Chinese needs no segmentation). */
export const matchedKeywords = (text: string) => `array(select k from unnest(d.keywords) as k where strpos(lower(${text}), lower(k)) > 0)`;

/**
 * Whether a talent is a candidate for a demand at all: education at or above the floor, and
 * the same industry or at least one keyword in the profile. Candidates and opportunities both
 * decide with this; the candidate query's index branches only narrow.
 */
export const TALENT_FITS = `${eduRank} >= ${eduFloor} and (t.industry = d.industry or cardinality(m.matched) > 0)`;

/** Points of each factor for the pair (t, d), as numeric SQL, in factor order. */
export const TALENT_POINTS: Record<keyof typeof WEIGHTS, string> = {
  [MatchFactor.INDUSTRY]: `(case when t.industry = d.industry then ${WEIGHTS.INDUSTRY} else 0 end)`,
  [MatchFactor.KEYWORDS]: `(case when cardinality(d.keywords) > 0 then round(${WEIGHTS.KEYWORDS}.0 * cardinality(m.matched) / cardinality(d.keywords), 2) else 0 end)`,
  [MatchFactor.EDUCATION]: `(case when ${eduRank} >= ${eduFloor} then least(${WEIGHTS.EDUCATION}, ${EDUCATION_AT_FLOOR} + ${EDUCATION_STEP} * (${eduRank} - ${eduFloor})) else 0 end)`,
  [MatchFactor.PROFESSIONAL_TITLE]: `(case when ${titleRank} >= ${titleFloor} then ${WEIGHTS.PROFESSIONAL_TITLE} when ${titleRank} = ${titleFloor} - 1 then ${TITLE_ONE_BELOW} else 0 end)`,
  [MatchFactor.ENGAGEMENT]: `(case when ${WANTED_ENGAGEMENT} is null or t.engagement::text = ${WANTED_ENGAGEMENT} then ${WEIGHTS.ENGAGEMENT} else 0 end)`,
  [MatchFactor.DISTANCE]: distancePoints(WEIGHTS.DISTANCE),
};

function distancePoints(weight: number): string {
  return `round(greatest(0, ${weight} * (1 - coalesce(dist.km, ${DISTANCE_ZERO_KM})::numeric / ${DISTANCE_ZERO_KM})), 2)`;
}

/** Platforms for a challenge: the host's industry, keywords in the platform's and host's names, level, distance. */
export const PLATFORM_FITS = `(p.industry = d.industry or cardinality(m.matched) > 0)`;
export const PLATFORM_POINTS: Record<keyof typeof PLATFORM_WEIGHTS, string> = {
  [MatchFactor.INDUSTRY]: `(case when p.industry = d.industry then ${PLATFORM_WEIGHTS.INDUSTRY} else 0 end)`,
  [MatchFactor.KEYWORDS]: TALENT_POINTS[MatchFactor.KEYWORDS],
  [MatchFactor.PLATFORM_LEVEL]: `(case p.level ${Object.entries(PLATFORM_LEVEL_POINTS)
    .map(([level, points]) => `when '${level}' then ${points}`)
    .join(' ')} else 0 end)`,
  [MatchFactor.DISTANCE]: distancePoints(PLATFORM_WEIGHTS.DISTANCE),
};

/** `p_<factor>` columns: each factor's points (float8). */
export function pointColumns(points: Record<string, string>): string {
  return Object.entries(points)
    .map(([factor, sql]) => `${sql}::float8 as p_${factor.toLowerCase()}`)
    .join(',\n    ');
}

/** The score in hundredths (`cents`: an integer, so cursors compare exactly), from the p_ columns. */
export function centsOf(points: Record<string, string>): string {
  return `round((${Object.keys(points)
    .map((factor) => `p_${factor.toLowerCase()}`)
    .join(' + ')}) * 100)::int`;
}

/** What a reason explains: the demand's side. */
export interface DemandTerms {
  kind: string;
  industry: Industry;
  keywords: readonly string[];
  minEducation: Education | null;
  minProfessionalTitle: ProfessionalTitle | null;
  engagement: Engagement | null;
  townName: string | null;
}

/** What a reason explains: the talent's side, and the pair's points as SQL computed them. */
export interface ScoredPair {
  industry: Industry;
  education: Education;
  professionalTitle: ProfessionalTitle;
  engagement: Engagement;
  townName: string | null;
  km: number | null;
  matched: string[];
  points: Partial<Record<MatchFactor, number>>;
}

export interface MatchReason {
  factor: MatchFactor;
  score: number;
  maxScore: number;
  detail: string;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const levelsApart = (order: readonly string[], a: string, b: string) => order.indexOf(a) - order.indexOf(b);

function distanceDetail(from: string | null, to: string | null, km: number | null): string {
  if (km === null || !from || !to) return '所在镇街不明，不计距离分';
  if (km === 0) return `同在${to}`;
  return `${to}距${from}约${km.toFixed(1)}公里（${DISTANCE_ZERO_KM}公里及以上不计分）`;
}

/** The reasons of one pair, in factor order: the points SQL gave, each with what it means in Chinese. */
export function talentReasons(d: DemandTerms, t: ScoredPair): MatchReason[] {
  const reason = (factor: keyof typeof WEIGHTS, detail: string): MatchReason => ({ factor, score: round2(t.points[factor] ?? 0), maxScore: WEIGHTS[factor], detail });
  const industry =
    t.industry === d.industry ? `行业一致：${INDUSTRY_LABELS[d.industry]}` : `行业不同：人才为${INDUSTRY_LABELS[t.industry]}，需求为${INDUSTRY_LABELS[d.industry]}`;
  const education = (() => {
    const own = EDUCATION_LABELS[t.education];
    if (!d.minEducation) return `学历${own}，需求未设学历要求`;
    const above = levelsApart(EDUCATION_ORDER, t.education, d.minEducation);
    const floor = `${EDUCATION_LABELS[d.minEducation]}及以上`;
    return above === 0 ? `学历${own}，达到要求（${floor}）` : above > 0 ? `学历${own}，高于要求（${floor}）${above}级` : `学历${own}，低于要求（${floor}）`;
  })();
  const title = (() => {
    const own = PROFESSIONAL_TITLE_LABELS[t.professionalTitle];
    if (!d.minProfessionalTitle || d.minProfessionalTitle === ProfessionalTitle.NONE) return `职称${own}，需求未设职称要求`;
    const apart = levelsApart(TITLE_ORDER, t.professionalTitle, d.minProfessionalTitle);
    const floor = `${PROFESSIONAL_TITLE_LABELS[d.minProfessionalTitle]}及以上`;
    return apart >= 0 ? `职称${own}，达到要求（${floor}）` : apart === -1 ? `职称${own}，比要求（${floor}）低一级` : `职称${own}，低于要求（${floor}）`;
  })();
  const engagement = (() => {
    const own = ENGAGEMENT_LABELS[t.engagement];
    if (d.kind === 'EXPERT_SERVICE') return t.engagement === Engagement.FLEXIBLE ? `${own}人才，适合专家服务` : `${own}人才，专家服务以柔性引进为宜`;
    if (!d.engagement) return `需求未限定引进方式（人才为${own}）`;
    return t.engagement === d.engagement ? `引进方式一致：${own}` : `引进方式不同：需求为${ENGAGEMENT_LABELS[d.engagement]}，人才为${own}`;
  })();
  return [
    reason(MatchFactor.INDUSTRY, industry),
    reason(MatchFactor.KEYWORDS, keywordDetail(d.keywords, t.matched, '履历')),
    reason(MatchFactor.EDUCATION, education),
    reason(MatchFactor.PROFESSIONAL_TITLE, title),
    reason(MatchFactor.ENGAGEMENT, engagement),
    reason(MatchFactor.DISTANCE, distanceDetail(d.townName, t.townName, t.km)),
  ];
}

function keywordDetail(keywords: readonly string[], matched: readonly string[], where: string): string {
  if (!keywords.length) return '需求未列专业关键词';
  if (!matched.length) return `${where}未含需求关键词（0/${keywords.length}）`;
  return `${where}含关键词：${matched.join('、')}（${matched.length}/${keywords.length}）`;
}

export interface ScoredPlatform {
  industry: Industry;
  level: PlatformLevel;
  townName: string | null;
  km: number | null;
  matched: string[];
  points: Partial<Record<MatchFactor, number>>;
}

export function platformReasons(d: DemandTerms, p: ScoredPlatform): MatchReason[] {
  const reason = (factor: keyof typeof PLATFORM_WEIGHTS, detail: string): MatchReason => ({
    factor,
    score: round2(p.points[factor] ?? 0),
    maxScore: PLATFORM_WEIGHTS[factor],
    detail,
  });
  const industry =
    p.industry === d.industry ? `依托单位行业一致：${INDUSTRY_LABELS[d.industry]}` : `依托单位行业不同：${INDUSTRY_LABELS[p.industry]}，需求为${INDUSTRY_LABELS[d.industry]}`;
  return [
    reason(MatchFactor.INDUSTRY, industry),
    reason(MatchFactor.KEYWORDS, keywordDetail(d.keywords, p.matched, '平台及依托单位名称')),
    reason(MatchFactor.PLATFORM_LEVEL, `${PLATFORM_LEVEL_LABELS[p.level]}平台`),
    reason(MatchFactor.DISTANCE, distanceDetail(d.townName, p.townName, p.km)),
  ];
}
