import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { NotFoundError } from '../../shared/errors';
import { findPage, keysetOrder, type Page, type PageArgs } from '../../shared/pagination/keyset';
import { Award } from './award.entity';
import type { AwardProgram, AwardStatus, RecipientKind } from './award.enums';

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

export function awardWhere(c: AwardCriteria | null | undefined): FilterQuery<Award> {
  if (!c) return {};
  const and: FilterQuery<Award>[] = [];
  if (c.programs?.length) and.push({ program: { $in: c.programs } });
  if (c.statuses?.length) and.push({ status: { $in: c.statuses } });
  if (c.recipientKinds?.length) and.push({ recipientKind: { $in: c.recipientKinds } });
  if (c.yearFrom != null) and.push({ year: { $gte: c.yearFrom } });
  if (c.yearTo != null) and.push({ year: { $lte: c.yearTo } });
  if (c.talentIds?.length) and.push({ talent: { $in: c.talentIds } });
  if (c.organizationIds?.length) and.push({ organization: { $in: c.organizationIds } });
  if (c.platformIds?.length) and.push({ platform: { $in: c.platformIds } });
  return and.length ? { $and: and } : {};
}

export class AwardService {
  constructor(
    private readonly em: EntityManager,
    private readonly maxPageSize: number,
  ) {}

  /** The ledger, newest year first. */
  list(criteria: AwardCriteria | undefined, page: PageArgs): Promise<Page<Award>> {
    return findPage(this.em, Award, () => awardWhere(criteria), keysetOrder([{ field: 'year', direction: 'desc' }]), page, this.maxPageSize);
  }

  async byId(id: number): Promise<Award> {
    const award = await this.em.findOne(Award, id);
    if (!award) throw new NotFoundError('Award', id);
    return award;
  }
}
