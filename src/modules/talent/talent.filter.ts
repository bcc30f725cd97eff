import { escapeLike } from '../../shared/sql';
import { type Expr, oneOf, present, type Relation, type SqlContext } from '../../shared/sql-criteria';
import type { Industry, OrgKind } from '../organization/organization.enums';
import { AGE_BAND_BOUNDS, type AgeBand, type Education, type Engagement, type Gender, type ProfessionalTitle, type TalentTier, type TalentType } from './talent.enums';

/**
 * Who is counted, and which of them a filter selects: the ONE compiler of a talent filter to SQL.
 * Lists, counts, the analytics rollups and every aggregate compile `talentConditions` against a
 * relation (the active_talent view here, a rollup in src/modules/analytics), so a list, its
 * totalCount and a distribution of the same filter can never disagree.
 */

/** What a talent filter may say. The GraphQL input implements it. */
export interface TalentCriteria {
  tiers?: TalentTier[] | null;
  hasTier?: boolean | null;
  talentTypes?: TalentType[] | null;
  educations?: Education[] | null;
  professionalTitles?: ProfessionalTitle[] | null;
  industries?: Industry[] | null;
  engagements?: Engagement[] | null;
  genders?: Gender[] | null;
  ageBands?: AgeBand[] | null;
  overseasExperience?: boolean | null;
  orgKinds?: OrgKind[] | null;
  townCodes?: string[] | null;
  organizationIds?: number[] | null;
  /** Inclusive, ISO dates. */
  introducedFrom?: string | null;
  introducedTo?: string | null;
  nameContains?: string | null;
}

/**
 * The talents that count: active ones (not archived), each with its employer's town, village and
 * kind (migration …_record_keys defines the view; an archived organization employs no active
 * talent). Its attributes are what a condition may name.
 */
export const ACTIVE_TALENTS: Relation = {
  name: 'active_talent',
  from: 'active_talent t',
  attributes: {
    id: 't.id',
    name: 't.name',
    town_code: 't.town_code',
    village_code: 't.village_code',
    org_kind: 't.org_kind',
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
    introduced_year: 't.introduced_year',
    organization_id: 't.organization_id',
    recruitment_channel: 't.recruitment_channel',
  },
};

/** Birth years (inclusive, null = open) of an age band, age being the current year minus the birth year. */
export function birthYearsOfAgeBand(band: AgeBand, year: number): { from: number | null; to: number | null } {
  const { minAge, maxAge } = AGE_BAND_BOUNDS[band];
  return { from: maxAge === null ? null : year - maxAge, to: minAge === null ? null : year - minAge };
}

/** `birth_year` within a band's birth years (inclusive, open-ended bands have one bound). */
export function birthYearIn(sql: SqlContext, birthYear: string, band: AgeBand): string {
  const { from, to } = birthYearsOfAgeBand(band, sql.year);
  const bounds = [from === null ? null : `${birthYear} >= ${sql.bind(from)}`, to === null ? null : `${birthYear} <= ${sql.bind(to)}`];
  return bounds.filter((b) => b !== null).join(' and ');
}

const FIRST_DAY = /^(\d{4})-01-01$/;
const LAST_DAY = /^(\d{4})-12-31$/;

/**
 * Introduced on or after / on or before a date (inclusive). Rollups keep only the year, so they
 * answer the condition when the date is the first (or last) day of a year.
 */
function introducedBound(date: string, bound: 'from' | 'to'): Expr {
  const op = bound === 'from' ? '>=' : '<=';
  const wholeYear = (bound === 'from' ? FIRST_DAY : LAST_DAY).exec(date);
  return (sql: SqlContext) => {
    if (sql.has('introduced_at')) return `${sql.attr('introduced_at')} ${op} ${sql.bind(date)}`;
    if (wholeYear) return `${sql.attr('introduced_year')} ${op} ${sql.bind(Number(wholeYear[1]))}`;
    return sql.unavailable('introduced_at');
  };
}

/** Talents introduced in the years from–to (inclusive). */
export function introducedInYears(from: number, to: number): Expr[] {
  return [introducedBound(`${from}-01-01`, 'from'), introducedBound(`${to}-12-31`, 'to')];
}

/** A filter as SQL conditions over a relation's attributes; a relation lacking one is skipped by the caller. */
export function talentConditions(c: TalentCriteria | null | undefined): Expr[] {
  if (!c) return [];
  const where: Expr[] = [];
  if (present(c.tiers)) where.push(oneOf('tier', c.tiers));
  if (c.hasTier != null) {
    const hasTier = c.hasTier;
    where.push((sql) => `${sql.attr('tier')} is ${hasTier ? 'not null' : 'null'}`);
  }
  if (present(c.talentTypes)) where.push(oneOf('talent_type', c.talentTypes));
  if (present(c.educations)) where.push(oneOf('education', c.educations));
  if (present(c.professionalTitles)) where.push(oneOf('professional_title', c.professionalTitles));
  if (present(c.industries)) where.push(oneOf('industry', c.industries));
  if (present(c.engagements)) where.push(oneOf('engagement', c.engagements));
  if (present(c.genders)) where.push(oneOf('gender', c.genders));
  if (c.overseasExperience != null) {
    const overseas = c.overseasExperience;
    where.push((sql) => `${sql.attr('overseas_experience')} = ${sql.bind(overseas)}`);
  }
  if (present(c.ageBands)) {
    const bands = c.ageBands;
    where.push((sql) => bands.map((band) => `(${birthYearIn(sql, sql.attr('birth_year'), band)})`).join(' or '));
  }
  if (present(c.orgKinds)) where.push(oneOf('org_kind', c.orgKinds));
  if (present(c.townCodes)) where.push(oneOf('town_code', c.townCodes));
  if (present(c.organizationIds)) where.push(oneOf('organization_id', c.organizationIds));
  if (c.introducedFrom) where.push(introducedBound(c.introducedFrom, 'from'));
  if (c.introducedTo) where.push(introducedBound(c.introducedTo, 'to'));
  if (c.nameContains) {
    // The gram index narrows (one- and two-character terms too), LIKE decides.
    const [term, pattern] = [c.nameContains, `%${escapeLike(c.nameContains)}%`];
    where.push((sql) => `text_search_grams(${sql.attr('name')}) @> text_search_keys(${sql.bind(term)}) and ${sql.attr('name')} like ${sql.bind(pattern)}`);
  }
  return where;
}

/** Only talents whose employer sits in a village or community (the village layout). */
export const inSomeVillage: Expr = (sql) => `${sql.attr('village_code')} is not null`;

/** Record-level filters (employers by id, a substring of a name): for roles that may read records. */
export const RECORD_LEVEL_FILTERS = ['organizationIds', 'nameContains'] as const;

export function recordLevelFiltersIn(criteria: TalentCriteria | null | undefined): string[] {
  if (!criteria) return [];
  return RECORD_LEVEL_FILTERS.filter((name) => {
    const value = criteria[name];
    return Array.isArray(value) ? value.length > 0 : value != null && value !== '';
  });
}
