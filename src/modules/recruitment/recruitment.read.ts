import type { EntityManager } from '@mikro-orm/postgresql';
import { findPageIn, keysetOrder, type Page, type PageArgs, type PagedRelation } from '../../shared/pagination/keyset';
import { intArray } from '../../shared/pagination/per-parent';
import { readRows } from '../../shared/read-sql';
import { oneOf, present, type Expr } from '../../shared/sql-criteria';
import { RecruitmentEvent } from './recruitment-event.entity';
import type { RecruitmentEventKind } from './recruitment.enums';

/** 人才招引 events as plain rows, latest first: one statement a page, every value a bind parameter. */
const EVENTS: PagedRelation = {
  name: 'recruitment_event',
  from: 'recruitment_event e',
  attributes: { id: 'e.id', heldOn: 'e.held_on', kind: 'e.kind', year: 'extract(year from e.held_on)::int', organizerId: 'e.organizer_id' },
  sortAttributes: { id: 'id', heldOn: 'heldOn' },
};
const ORDER = keysetOrder([{ field: 'heldOn', direction: 'desc' }]);

export interface RecruitmentEventCriteria {
  years?: number[] | null;
  kinds?: RecruitmentEventKind[] | null;
  organizerIds?: number[] | null;
}

/** THE compiler of the event filter (page and count). */
function eventConditions(c: RecruitmentEventCriteria | null | undefined): Expr[] {
  const conditions: Expr[] = [];
  if (present(c?.years)) conditions.push(oneOf('year', c.years));
  if (present(c?.kinds)) conditions.push(oneOf('kind', c.kinds));
  if (present(c?.organizerIds)) conditions.push(oneOf('organizerId', c.organizerIds));
  return conditions;
}

export class RecruitmentEventReader {
  constructor(private readonly em: EntityManager) {}

  page(criteria: RecruitmentEventCriteria | null | undefined, args: PageArgs, maxPageSize: number): Promise<Page<RecruitmentEvent>> {
    return findPageIn<RecruitmentEvent>(this.em, RecruitmentEvent, EVENTS, eventConditions(criteria), ORDER, args, { maxPageSize, year: 0 });
  }

  /** Active talents who name each event as the one they came through (talent_recruitment_event_id_index). */
  async introducedCounts(eventIds: readonly number[]): Promise<Map<number, number>> {
    const rows = await readRows<{ event_id: number; n: number }>(this.em, {
      sql: `select recruitment_event_id as event_id, count(*)::int as n from talent where recruitment_event_id = any(?::int[]) and archived_at is null group by 1`,
      bindings: [intArray(eventIds)],
    });
    return new Map(rows.map((r) => [r.event_id, r.n]));
  }
}
