import { escapeLike } from '../../shared/sql';
import type { AwardCriteria } from '../award/award.service';
import type { TalentCriteria } from '../talent/talent.filter';
import { birthYearIn } from './analytics.dimensions';
import type { Expr, SqlContext } from './analytics.sql';

/**
 * Filter criteria as SQL conditions over a source's attributes, each mirroring one clause of
 * `talentWhere` / `awardWhere` (a test holds totals equal to `talents.totalCount` and
 * `awards.totalCount` for random filters). A condition a source cannot express makes the
 * compiler move on to the next source.
 */

const present = <T>(list: readonly T[] | null | undefined): list is readonly T[] => Array.isArray(list) && list.length > 0;

const oneOf =
  (attribute: string, list: readonly unknown[]): Expr =>
  (sql) =>
    `${sql.attr(attribute)} in (${sql.bind(list)})`;

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
    // As nameContaining (src/shared/sql.ts): the gram index narrows, LIKE decides.
    const [term, pattern] = [c.nameContains, `%${escapeLike(c.nameContains)}%`];
    where.push((sql) => `text_search_grams(${sql.attr('name')}) @> text_search_keys(${sql.bind(term)}) and ${sql.attr('name')} like ${sql.bind(pattern)}`);
  }
  return where;
}

/** Only talents whose employer sits in a village or community (the village layout). */
export const inSomeVillage: Expr = (sql) => `${sql.attr('village_code')} is not null`;

export function awardConditions(c: AwardCriteria | null | undefined): Expr[] {
  if (!c) return [];
  const where: Expr[] = [];
  if (c.programs?.length) where.push(oneOf('program', c.programs));
  if (c.statuses?.length) where.push(oneOf('status', c.statuses));
  if (c.recipientKinds?.length) where.push(oneOf('recipient_kind', c.recipientKinds));
  if (c.yearFrom != null) {
    const from = c.yearFrom;
    where.push((sql) => `${sql.attr('year')} >= ${sql.bind(from)}`);
  }
  if (c.yearTo != null) {
    const to = c.yearTo;
    where.push((sql) => `${sql.attr('year')} <= ${sql.bind(to)}`);
  }
  if (c.talentIds?.length) where.push(oneOf('talent_id', c.talentIds));
  if (c.organizationIds?.length) where.push(oneOf('organization_id', c.organizationIds));
  if (c.platformIds?.length) where.push(oneOf('platform_id', c.platformIds));
  return where;
}
