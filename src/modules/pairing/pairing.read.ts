import type { EntityManager } from '@mikro-orm/postgresql';
import { findPageIn, keysetOrder, type Page, type PageArgs, type PagedRelation } from '../../shared/pagination/keyset';
import { intArray } from '../../shared/pagination/per-parent';
import { readRows } from '../../shared/read-sql';
import { oneOf, present, type Expr } from '../../shared/sql-criteria';
import { Pairing } from './pairing.entity';

/** 百校兴百村 pairings as plain rows, latest start first: one statement a page, every value a bind parameter. */
const PAIRINGS: PagedRelation = {
  name: 'pairing',
  from: 'pairing p',
  attributes: { id: 'p.id', startYear: 'p.start_year', partnerId: 'p.partner_id', beneficiaryId: 'p.beneficiary_id' },
  sortAttributes: { id: 'id', startYear: 'startYear' },
};
const ORDER = keysetOrder([
  { field: 'startYear', direction: 'desc' },
  { field: 'id', direction: 'asc' },
]);

export interface PairingCriteria {
  startYears?: number[] | null;
  partnerIds?: number[] | null;
  beneficiaryIds?: number[] | null;
}

/** THE compiler of the pairing filter (page and count). */
function pairingConditions(c: PairingCriteria | null | undefined): Expr[] {
  const conditions: Expr[] = [];
  if (present(c?.startYears)) conditions.push(oneOf('startYear', c.startYears));
  if (present(c?.partnerIds)) conditions.push(oneOf('partnerId', c.partnerIds));
  if (present(c?.beneficiaryIds)) conditions.push(oneOf('beneficiaryId', c.beneficiaryIds));
  return conditions;
}

export class PairingReader {
  constructor(private readonly em: EntityManager) {}

  page(criteria: PairingCriteria | null | undefined, args: PageArgs, maxPageSize: number): Promise<Page<Pairing>> {
    return findPageIn<Pairing>(this.em, Pairing, PAIRINGS, pairingConditions(criteria), ORDER, args, { maxPageSize, year: 0 });
  }

  /** Active talents each pairing sent. */
  async talentCounts(pairingIds: readonly number[]): Promise<Map<number, number>> {
    const rows = await readRows<{ pairing_id: number; n: number }>(this.em, {
      sql: `select pt.pairing_id, count(*)::int as n from pairing_talent pt join talent t on t.id = pt.talent_id and t.archived_at is null
            where pt.pairing_id = any(?::int[]) group by 1`,
      bindings: [intArray(pairingIds)],
    });
    return new Map(rows.map((r) => [r.pairing_id, r.n]));
  }
}
