import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, BadUserInputError, ErrorCode, NotFoundError } from '../../shared/errors';
import type { PiiKeyring } from '../../shared/pii/keyring';
import { lookupHash } from '../../shared/pii/personal-data-cipher';
import { isValidIdNumber } from '../../shared/validation/gb11643';
import type { ReadStatement } from '../../shared/read-sql';
import { countIn, findPageIn, keysetOrder, pageStatementIn, type Page, type PageArgs, type PagedRelation } from '../../shared/pagination/keyset';
import { Talent } from './talent.entity';
import type { TalentView } from './talent.view';
import { referenceYear } from '../../shared/calendar';
import { ACTIVE_TALENTS, talentConditions, type TalentCriteria } from './talent.filter';

export type TalentSortField = 'id' | 'name' | 'introducedAt' | 'birthYear';

export interface TalentSort {
  field: TalentSortField;
  direction: 'asc' | 'desc';
}

/** Default: newest introductions first, as the register's desk reads it. */
const DEFAULT_ORDER: TalentSort[] = [{ field: 'introducedAt', direction: 'desc' }];

/** Lists page through the active register (archived talents stay reachable by id: history, awards). */
const LISTED: PagedRelation = {
  ...ACTIVE_TALENTS,
  sortAttributes: { id: 'id', name: 'name', introducedAt: 'introduced_at', birthYear: 'birth_year' } satisfies Record<TalentSortField, string>,
};

/**
 * Counts from the analytics summaries (exact, kept by triggers), or null where they cannot
 * express the criteria: counting a filtered million-row register directly takes 100–200 ms.
 */
export type SummaryCount = (criteria: TalentCriteria | undefined) => Promise<number | null>;

export class TalentService {
  constructor(
    private readonly em: EntityManager,
    private readonly maxPageSize: number,
    private readonly summaryCount: SummaryCount = async () => null,
  ) {}

  /** A page of the register as plain views (no managed entity: nothing here is written). */
  async list(criteria: TalentCriteria | undefined, sort: TalentSort[] | undefined, page: PageArgs): Promise<Page<TalentView>> {
    const order = keysetOrder(sort?.length ? sort : DEFAULT_ORDER);
    const found = await findPageIn<TalentView>(this.em, Talent, LISTED, talentConditions(criteria), order, page, this.pageOptions());
    return { ...found, totalCount: () => this.count(criteria) };
  }

  /** The page statement `list` sends (the bench's floor sends the same). */
  listStatement(criteria: TalentCriteria | undefined, sort: TalentSort[] | undefined, page: PageArgs): ReadStatement {
    const order = keysetOrder(sort?.length ? sort : DEFAULT_ORDER);
    return pageStatementIn<TalentView>(this.em, Talent, LISTED, talentConditions(criteria), order, page, this.pageOptions()).statement;
  }

  private pageOptions() {
    return { maxPageSize: this.maxPageSize, year: referenceYear() };
  }

  async byId(id: number): Promise<Talent> {
    const talent = await this.em.findOne(Talent, id);
    if (!talent) throw new NotFoundError('Talent', id);
    return talent;
  }

  /** Exact lookup through the keyed hash: the database never sees the ID number itself. */
  async byIdNumber(idNumber: string, keyring: PiiKeyring): Promise<Talent> {
    // The message never echoes the value: ID numbers are sensitive personal information.
    if (!isValidIdNumber(idNumber.trim().toUpperCase())) throw new BadUserInputError('idNumber is not a valid 居民身份证号码 (GB 11643)', { argument: 'idNumber' });
    const talent = await this.em.findOne(Talent, { idNumberHash: lookupHash(keyring, 'idNumber', idNumber) });
    if (!talent) throw new AppError(ErrorCode.NOT_FOUND, 'No talent has this ID number', { entity: 'Talent' });
    return talent;
  }

  async count(criteria: TalentCriteria | undefined): Promise<number> {
    return (await this.summaryCount(criteria)) ?? countIn(this.em, ACTIVE_TALENTS, talentConditions(criteria), referenceYear());
  }
}
