import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '../../shared/errors';
import { findPageIn, keysetOrder, type Page, type PageArgs } from '../../shared/pagination/keyset';
import { referenceYear } from '../../shared/calendar';
import { Award } from './award.entity';
import type { AwardView } from './award.view';
import { AWARD_LEDGER, awardConditions, type AwardCriteria } from './award.filter';

export type { AwardCriteria } from './award.filter';

const LISTED = { ...AWARD_LEDGER, sortAttributes: { id: 'id', year: 'year' } };

export class AwardService {
  constructor(
    private readonly em: EntityManager,
    private readonly maxPageSize: number,
  ) {}

  /** The ledger, newest year first, as plain views (no managed entity: nothing here is written). */
  list(criteria: AwardCriteria | undefined, page: PageArgs): Promise<Page<AwardView>> {
    const order = keysetOrder([{ field: 'year', direction: 'desc' }]);
    return findPageIn<AwardView>(this.em, Award, LISTED, awardConditions(criteria), order, page, { maxPageSize: this.maxPageSize, year: referenceYear() });
  }

  async byId(id: number): Promise<Award> {
    const award = await this.em.findOne(Award, id);
    if (!award) throw new NotFoundError('Award', id);
    return award;
  }
}
