import type { FilterQuery } from '@mikro-orm/postgresql';
import { nameContaining } from '../../shared/sql';
import type { Industry, OrgKind } from '../organization/organization.enums';
import { AGE_BAND_BOUNDS, type AgeBand, type Education, type Engagement, type Gender, type ProfessionalTitle, type TalentTier, type TalentType } from './talent.enums';
import type { Talent } from './talent.entity';

/**
 * What a talent filter may say. The GraphQL input implements it; the analytics module compiles
 * the same criteria to SQL, and a test holds both to the same totals.
 */
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

const BEIJING_YEAR = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' });

/** The calendar year in Beijing, which ages are counted against. */
export function currentYear(now: Date = new Date()): number {
  return Number(BEIJING_YEAR.format(now));
}

/** Birth years (inclusive, null = open) of an age band, age being the current year minus the birth year. */
export function birthYearsOfAgeBand(band: AgeBand, year: number): { from: number | null; to: number | null } {
  const { minAge, maxAge } = AGE_BAND_BOUNDS[band];
  return { from: maxAge === null ? null : year - maxAge, to: minAge === null ? null : year - minAge };
}

const present = <T>(values: T[] | null | undefined): values is T[] => Array.isArray(values) && values.length > 0;

export function talentWhere(criteria: TalentCriteria | null | undefined, year = currentYear()): FilterQuery<Talent> {
  if (!criteria) return {};
  const c = criteria;
  const and: FilterQuery<Talent>[] = [];
  if (present(c.tiers)) and.push({ tier: { $in: c.tiers } });
  if (c.hasTier != null) and.push({ tier: c.hasTier ? { $ne: null } : null });
  if (present(c.talentTypes)) and.push({ talentType: { $in: c.talentTypes } });
  if (present(c.educations)) and.push({ education: { $in: c.educations } });
  if (present(c.professionalTitles)) and.push({ professionalTitle: { $in: c.professionalTitles } });
  if (present(c.industries)) and.push({ industry: { $in: c.industries } });
  if (present(c.engagements)) and.push({ engagement: { $in: c.engagements } });
  if (present(c.genders)) and.push({ gender: { $in: c.genders } });
  if (c.overseasExperience != null) and.push({ overseasExperience: c.overseasExperience });
  if (present(c.ageBands)) {
    and.push({
      $or: c.ageBands.map((band) => {
        const { from, to } = birthYearsOfAgeBand(band, year);
        return { birthYear: { ...(from === null ? {} : { $gte: from }), ...(to === null ? {} : { $lte: to }) } };
      }),
    });
  }
  if (present(c.orgKinds)) and.push({ organization: { kind: { $in: c.orgKinds } } });
  if (present(c.townCodes)) and.push({ organization: { town: { $in: c.townCodes } } });
  if (present(c.organizationIds)) and.push({ organization: { $in: c.organizationIds } });
  if (c.introducedFrom) and.push({ introducedAt: { $gte: c.introducedFrom } });
  if (c.introducedTo) and.push({ introducedAt: { $lte: c.introducedTo } });
  if (c.nameContains) and.push(nameContaining<Talent>(c.nameContains));
  return and.length ? { $and: and } : {};
}
