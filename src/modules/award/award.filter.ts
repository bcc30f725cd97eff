import { type Expr, oneOf, present, type Relation } from '../../shared/sql-criteria';
import type { AwardProgram, AwardStatus, RecipientKind } from './award.enums';

/**
 * The ONE compiler of an award filter to SQL, used by the ledger (`awards`) and by every award
 * aggregate, over one of two relations that say which awards are there: the whole ledger (record
 * readers: every status) or the published awards (not revoked: what anyone else may count).
 */
export interface AwardCriteria {
  programs?: AwardProgram[] | null;
  statuses?: AwardStatus[] | null;
  recipientKinds?: RecipientKind[] | null;
  yearFrom?: number | null;
  yearTo?: number | null;
  talentIds?: number[] | null;
  organizationIds?: number[] | null;
  platformIds?: number[] | null;
}

const AWARD_ATTRIBUTES = {
  id: 'a.id',
  program: 'a.program',
  year: 'a.year',
  status: 'a.status',
  recipient_kind: 'a.recipient_kind',
  /** One recipient, whatever its kind (dominance and recipient counts). */
  recipient: `a.recipient_kind || ':' || coalesce(a.talent_id, a.organization_id, a.platform_id)`,
  talent_id: 'a.talent_id',
  organization_id: 'a.organization_id',
  platform_id: 'a.platform_id',
  amount: 'a.amount',
};

/** Every award of the ledger, revoked ones included. */
export const AWARD_LEDGER: Relation = { name: 'award', from: 'award a', attributes: AWARD_ATTRIBUTES };

/** Awards as published (公示): not revoked (migration …_record_keys). */
export const PUBLISHED_AWARDS: Relation = { name: 'published_award', from: 'published_award a', attributes: AWARD_ATTRIBUTES };

/** Filters that name recipients or reach unpublished awards: for roles that may read records. */
export const RECORD_LEVEL_AWARD_FILTERS = ['talentIds', 'organizationIds', 'platformIds', 'statuses'] as const;

export function recordLevelAwardFiltersIn(criteria: AwardCriteria | null | undefined): string[] {
  return RECORD_LEVEL_AWARD_FILTERS.filter((name) => present<unknown>(criteria?.[name]));
}

export function awardConditions(c: AwardCriteria | null | undefined): Expr[] {
  if (!c) return [];
  const where: Expr[] = [];
  if (present(c.programs)) where.push(oneOf('program', c.programs));
  if (present(c.statuses)) where.push(oneOf('status', c.statuses));
  if (present(c.recipientKinds)) where.push(oneOf('recipient_kind', c.recipientKinds));
  if (c.yearFrom != null) {
    const from = c.yearFrom;
    where.push((sql) => `${sql.attr('year')} >= ${sql.bind(from)}`);
  }
  if (c.yearTo != null) {
    const to = c.yearTo;
    where.push((sql) => `${sql.attr('year')} <= ${sql.bind(to)}`);
  }
  if (present(c.talentIds)) where.push(oneOf('talent_id', c.talentIds));
  if (present(c.organizationIds)) where.push(oneOf('organization_id', c.organizationIds));
  if (present(c.platformIds)) where.push(oneOf('platform_id', c.platformIds));
  return where;
}
