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
import type { Expr, SqlContext } from '../../shared/sql-criteria';
import { AWARD_LEDGER, PUBLISHED_AWARDS } from '../award/award.filter';
import { ACTIVE_TALENTS, birthYearIn } from '../talent/talent.filter';
import { AwardDimension, DistributionDimension, PlatformDimension, TrainingDimension } from './analytics.enums';
import { RECRUITMENT_CHANNEL_LABELS } from '../recruitment/recruitment.enums';
import { ENROLMENT_STATUS_LABELS, PROGRAMME_KIND_LABELS } from '../training/training.enums';
import type { DimensionSpec, Domain, Labelled, Source } from './analytics.sql';

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
  [DistributionDimension.RECRUITMENT_CHANNEL]: {
    id: DistributionDimension.RECRUITMENT_CHANNEL,
    value: column('recruitment_channel'),
    domain: values(RECRUITMENT_CHANNEL_LABELS),
  },
};

/** Villages and communities: the layout's finer level (not a public distribution dimension). */
export const VILLAGE_DIMENSION: DimensionSpec<'VILLAGE'> = {
  id: 'VILLAGE',
  value: column('village_code'),
  domain: { kind: 'regions', level: RegionLevel.VILLAGE },
};

type TalentAttribute = keyof typeof ACTIVE_TALENTS.attributes;

/** A rollup maintained by triggers (migrations …_analytics, …_record_keys): one row per combination, `n` talents, `key_sum` their keys. */
function rollup(table: string, attributes: TalentAttribute[]): Source {
  return { name: table, from: `${table} x`, weight: 'x.n', key: 'x.key_sum', attributes: Object.fromEntries(attributes.map((a) => [a, `x.${a}`])) };
}

/**
 * Smallest first. At 1,000,000 seeded talents the core rollup holds a few hundred rows (the
 * headline charts read about as many rows as they return), the timeline rollup about 60,000 and the
 * profile rollup about 73,000; the register itself (active_talent, the view lists read) answers
 * what neither can (villages, single dates, organizations, names, age with profile attributes).
 * Rollups and view count the same talents: the rollups' triggers fold in active talents only.
 */
export const TALENT_SOURCES: readonly Source[] = [
  rollup('analytics_talent_core', ['town_code', 'org_kind', 'tier']),
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
  { ...ACTIVE_TALENTS, weight: null, key: 't.record_key' },
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

/** Record readers count the whole ledger; everyone else the published awards. */
export const AWARD_SOURCES = {
  ledger: [{ ...AWARD_LEDGER, weight: null, key: 'a.record_key' }] as readonly Source[],
  published: [{ ...PUBLISHED_AWARDS, weight: null, key: 'a.record_key' }] as readonly Source[],
};

export const PLATFORM_DIMENSIONS: Record<PlatformDimension, DimensionSpec<PlatformDimension>> = {
  [PlatformDimension.PLATFORM_TYPE]: { id: PlatformDimension.PLATFORM_TYPE, value: column('type'), domain: values(PLATFORM_TYPE_LABELS) },
  [PlatformDimension.PLATFORM_LEVEL]: { id: PlatformDimension.PLATFORM_LEVEL, value: column('level'), domain: values(PLATFORM_LEVEL_LABELS) },
  [PlatformDimension.TOWN]: { id: PlatformDimension.TOWN, value: column('town_code'), domain: { kind: 'regions', level: RegionLevel.TOWN } },
};

/** Active platforms (migration …_record_keys). */
export const PLATFORM_SOURCES: readonly Source[] = [
  { name: 'active_platform', from: 'active_platform p', weight: null, key: 'p.record_key', attributes: { type: 'p.type', level: 'p.level', town_code: 'p.town_code' } },
];

/**
 * Training enrolments of active talents (教育培训): each enrolment is a record, keyed by its
 * talent's key (a talent in two programmes counts in both), with the programme's kind and year
 * and the talent's employer's town and kind.
 */
export const TRAINING_DIMENSIONS: Record<TrainingDimension, DimensionSpec<TrainingDimension>> = {
  [TrainingDimension.PROGRAMME_KIND]: { id: TrainingDimension.PROGRAMME_KIND, value: column('programme_kind'), domain: values(PROGRAMME_KIND_LABELS) },
  [TrainingDimension.YEAR]: { id: TrainingDimension.YEAR, value: column('year'), domain: years },
  [TrainingDimension.ENROLMENT_STATUS]: { id: TrainingDimension.ENROLMENT_STATUS, value: column('status'), domain: values(ENROLMENT_STATUS_LABELS) },
  [TrainingDimension.TOWN]: { id: TrainingDimension.TOWN, value: column('town_code'), domain: { kind: 'regions', level: RegionLevel.TOWN } },
  [TrainingDimension.ORG_KIND]: { id: TrainingDimension.ORG_KIND, value: column('org_kind'), domain: values(ORG_KIND_LABELS) },
};

export const TRAINING_SOURCES: readonly Source[] = [
  {
    name: 'training_enrolment',
    from: 'training_enrolment e join training_programme p on p.id = e.programme_id join active_talent t on t.id = e.talent_id',
    weight: null,
    key: 't.record_key',
    attributes: { programme_kind: 'p.kind', year: 'p.year', status: 'e.status', town_code: 't.town_code', org_kind: 't.org_kind' },
  },
];
