import { AWARD_PROGRAMS, RECIPIENT_KIND_LABELS } from '../award/award.enums';
import { INDUSTRY_LABELS, ORG_KIND_LABELS } from '../organization/organization.enums';
import { PLATFORM_LEVEL_LABELS, PLATFORM_TYPE_LABELS } from '../platform/platform.enums';
import { RegionLevel } from '../region/region.enums';
import {
  AGE_BAND_LABELS,
  AgeBand,
  EDUCATION_LABELS,
  ENGAGEMENT_LABELS,
  GENDER_LABELS,
  NO_TIER_LABEL,
  PROFESSIONAL_TITLE_LABELS,
  TALENT_TIER_LABELS,
  TALENT_TYPE_LABELS,
} from '../talent/talent.enums';
import { birthYearsOfAgeBand } from '../talent/talent.filter';
import { AwardDimension, DistributionDimension, PlatformDimension } from './analytics.enums';
import type { DimensionSpec, Domain, Expr, Labelled, Source, SqlContext } from './analytics.sql';

/**
 * Dimensions and sources as data. A dimension is its value as a SQL expression over a source's
 * attributes and its domain (labels, order, the values includeEmpty lists); adding one is one
 * entry here. A source is a relation with the attributes it can express; the compiler takes
 * the first source that can express a whole request, so the maintained rollups answer what
 * they can and the base tables answer the rest with the same semantics.
 */

/** Machine value of the bucket of talents outside every tier. */
export const NO_TIER = 'NONE';

export const OVERSEAS_LABELS: Record<'true' | 'false', string> = { true: '有海外经历', false: '无海外经历' };

const labelled = (labels: Record<string, string>): Labelled[] => Object.entries(labels).map(([value, label]) => ({ value, label }));
const values = (labels: Record<string, string>): Domain => ({ kind: 'values', values: labelled(labels) });
const years: Domain = { kind: 'years', label: (year) => `${year}年` };
const column =
  (attribute: string): Expr =>
  (sql) =>
    `${sql.attr(attribute)}::text`;

/** The age band a birth year falls in, this year: one CASE over the bands' birth-year ranges. */
function ageBandOf(sql: SqlContext): string {
  const birthYear = sql.attr('birth_year');
  const branches = Object.values(AgeBand).map((band) => `when ${birthYearIn(sql, birthYear, band)} then ${sql.bind(band)}`);
  return `case ${branches.join(' ')} end`;
}

/** `birth_year` within a band's birth years (inclusive, open-ended bands have one bound). */
export function birthYearIn(sql: SqlContext, birthYear: string, band: AgeBand): string {
  const { from, to } = birthYearsOfAgeBand(band, sql.year);
  const bounds = [from === null ? null : `${birthYear} >= ${sql.bind(from)}`, to === null ? null : `${birthYear} <= ${sql.bind(to)}`];
  return bounds.filter((b) => b !== null).join(' and ');
}

export const TALENT_DIMENSIONS: Record<DistributionDimension, DimensionSpec<DistributionDimension>> = {
  [DistributionDimension.ORG_KIND]: { id: DistributionDimension.ORG_KIND, value: column('org_kind'), domain: values(ORG_KIND_LABELS) },
  [DistributionDimension.TOWN]: { id: DistributionDimension.TOWN, value: column('town_code'), domain: { kind: 'regions', level: RegionLevel.TOWN } },
  [DistributionDimension.TIER]: {
    id: DistributionDimension.TIER,
    value: (sql) => `coalesce(${sql.attr('tier')}, ${sql.bind(NO_TIER)})`,
    domain: values({ ...TALENT_TIER_LABELS, [NO_TIER]: NO_TIER_LABEL }),
  },
  [DistributionDimension.TALENT_TYPE]: { id: DistributionDimension.TALENT_TYPE, value: column('talent_type'), domain: values(TALENT_TYPE_LABELS) },
  [DistributionDimension.EDUCATION]: { id: DistributionDimension.EDUCATION, value: column('education'), domain: values(EDUCATION_LABELS) },
  [DistributionDimension.AGE_BAND]: { id: DistributionDimension.AGE_BAND, value: ageBandOf, domain: values(AGE_BAND_LABELS) },
  [DistributionDimension.INDUSTRY]: { id: DistributionDimension.INDUSTRY, value: column('industry'), domain: values(INDUSTRY_LABELS) },
  [DistributionDimension.ENGAGEMENT]: { id: DistributionDimension.ENGAGEMENT, value: column('engagement'), domain: values(ENGAGEMENT_LABELS) },
  [DistributionDimension.OVERSEAS]: { id: DistributionDimension.OVERSEAS, value: column('overseas_experience'), domain: values(OVERSEAS_LABELS) },
  [DistributionDimension.GENDER]: { id: DistributionDimension.GENDER, value: column('gender'), domain: values(GENDER_LABELS) },
  [DistributionDimension.PROFESSIONAL_TITLE]: {
    id: DistributionDimension.PROFESSIONAL_TITLE,
    value: column('professional_title'),
    domain: values(PROFESSIONAL_TITLE_LABELS),
  },
  [DistributionDimension.INTRODUCED_YEAR]: { id: DistributionDimension.INTRODUCED_YEAR, value: column('introduced_year'), domain: years },
};

/** Villages and communities: the layout's finer level (not a public distribution dimension). */
export const VILLAGE_DIMENSION: DimensionSpec<'VILLAGE'> = {
  id: 'VILLAGE',
  value: column('village_code'),
  domain: { kind: 'regions', level: RegionLevel.VILLAGE },
};

const TALENT_ATTRIBUTES = {
  town_code: 'o.town_code',
  village_code: 'o.village_code',
  org_kind: 'o.kind',
  tier: 't.tier',
  talent_type: 't.talent_type',
  education: 't.education',
  professional_title: 't.professional_title',
  industry: 't.industry',
  engagement: 't.engagement',
  gender: 't.gender',
  overseas_experience: 't.overseas_experience',
  birth_year: 't.birth_year',
  introduced_at: 't.introduced_at',
  introduced_year: 'extract(year from t.introduced_at)::int',
  organization_id: 't.organization_id',
  name: 't.name',
} as const;

type TalentAttribute = keyof typeof TALENT_ATTRIBUTES;

/** A rollup maintained by triggers (migration …_analytics): one row per combination, `n` talents. */
function rollup(table: string, attributes: TalentAttribute[]): Source {
  return { name: table, from: `${table} x`, weight: 'x.n', attributes: Object.fromEntries(attributes.map((a) => [a, `x.${a}`])) };
}

/**
 * Smallest first. At 1,000,000 seeded talents the timeline rollup holds about 60,000 rows and the
 * profile rollup about 73,000; the base tables answer what neither can (villages, single dates,
 * organizations, names, age with profile attributes).
 */
export const TALENT_SOURCES: readonly Source[] = [
  rollup('analytics_talent_timeline', ['town_code', 'org_kind', 'tier', 'birth_year', 'introduced_year']),
  rollup('analytics_talent_profile', [
    'town_code',
    'org_kind',
    'tier',
    'talent_type',
    'education',
    'professional_title',
    'industry',
    'engagement',
    'gender',
    'overseas_experience',
  ]),
  { name: 'talent', from: 'talent t join organization o on o.id = t.organization_id', weight: null, attributes: TALENT_ATTRIBUTES },
];

export const AWARD_DIMENSIONS: Record<AwardDimension, DimensionSpec<AwardDimension>> = {
  [AwardDimension.PROGRAM]: {
    id: AwardDimension.PROGRAM,
    value: column('program'),
    domain: { kind: 'values', values: Object.entries(AWARD_PROGRAMS).map(([value, rule]) => ({ value, label: rule.label })) },
  },
  [AwardDimension.YEAR]: { id: AwardDimension.YEAR, value: column('year'), domain: years },
  [AwardDimension.RECIPIENT_KIND]: { id: AwardDimension.RECIPIENT_KIND, value: column('recipient_kind'), domain: values(RECIPIENT_KIND_LABELS) },
};

export const AWARD_SOURCES: readonly Source[] = [
  {
    name: 'award',
    from: 'award a',
    weight: null,
    attributes: {
      program: 'a.program',
      year: 'a.year',
      status: 'a.status',
      recipient_kind: 'a.recipient_kind',
      talent_id: 'a.talent_id',
      organization_id: 'a.organization_id',
      platform_id: 'a.platform_id',
      amount: 'a.amount',
    },
  },
];

export const PLATFORM_DIMENSIONS: Record<PlatformDimension, DimensionSpec<PlatformDimension>> = {
  [PlatformDimension.PLATFORM_TYPE]: { id: PlatformDimension.PLATFORM_TYPE, value: column('type'), domain: values(PLATFORM_TYPE_LABELS) },
  [PlatformDimension.PLATFORM_LEVEL]: { id: PlatformDimension.PLATFORM_LEVEL, value: column('level'), domain: values(PLATFORM_LEVEL_LABELS) },
  [PlatformDimension.TOWN]: { id: PlatformDimension.TOWN, value: column('town_code'), domain: { kind: 'regions', level: RegionLevel.TOWN } },
};

export const PLATFORM_SOURCES: readonly Source[] = [
  { name: 'platform', from: '(select * from platform where archived_at is null) p', weight: null, attributes: { type: 'p.type', level: 'p.level', town_code: 'p.town_code' } },
];
