import type { EntityManager } from '@mikro-orm/postgresql';
import { CURSOR_VALUE, decodeCursor, encodeCursor, pageSize, type OrderTerm, type Page, type PageArgs } from '../../shared/pagination/keyset';
import { oneOf, present, SqlContext, type Expr, type Relation } from '../../shared/sql-criteria';
import { readRows } from '../../shared/read-sql';
import { intArray } from '../../shared/pagination/per-parent';
import type { TrainingProgramme } from './training.entity';
import type { ProgrammeKind } from './training.enums';

/** Training programmes as plain rows (issue 14): one statement a page, every value a bind parameter. */
const PROGRAMMES: Relation = {
  name: 'training_programme',
  from: 'training_programme p',
  attributes: { id: 'p.id', year: 'p.year', kind: 'p.kind', organizerId: 'p.organizer_id' },
};

const COLUMNS = 'p.id, p.name, p.kind, p.year, p.organizer_id, p.capacity, p.starts_on::text as starts_on, p.ends_on::text as ends_on, p.version';

interface ProgrammeRow {
  id: number;
  name: string;
  kind: ProgrammeKind;
  year: number;
  organizer_id: number;
  capacity: number;
  starts_on: string | null;
  ends_on: string | null;
  version: number;
}

const programmeOfRow = (r: ProgrammeRow): TrainingProgramme =>
  ({
    id: r.id, name: r.name, kind: r.kind, year: r.year, organizer: { id: r.organizer_id }, capacity: r.capacity,
    startsOn: r.starts_on, endsOn: r.ends_on, version: r.version,
  }) as unknown as TrainingProgramme;

export interface ProgrammeCriteria {
  years?: number[] | null;
  kinds?: ProgrammeKind[] | null;
  organizerIds?: number[] | null;
}

/** THE compiler of the programme filter (page and count). */
function programmeConditions(c: ProgrammeCriteria | null | undefined): Expr[] {
  const conditions: Expr[] = [];
  if (present(c?.years)) conditions.push(oneOf('year', c.years));
  if (present(c?.kinds)) conditions.push(oneOf('kind', c.kinds));
  if (present(c?.organizerIds)) conditions.push(oneOf('organizerId', c.organizerIds));
  return conditions;
}

/** Latest year first, then by id. */
const ORDER: OrderTerm[] = [
  { field: 'year', direction: 'desc' },
  { field: 'id', direction: 'asc' },
];
const CURSOR_RULES = [CURSOR_VALUE.smallint, CURSOR_VALUE.int];

export class ProgrammeReader {
  constructor(private readonly em: EntityManager) {}

  async page(criteria: ProgrammeCriteria | null | undefined, args: PageArgs, maxPageSize: number): Promise<Page<TrainingProgramme>> {
    const limit = pageSize(args.first, maxPageSize);
    const after = args.after == null ? null : decodeCursor(ORDER, args.after, CURSOR_RULES);
    const sql = new SqlContext(PROGRAMMES, 0);
    const conditions = programmeConditions(criteria);
    const where = after
      ? [...conditions, (s: SqlContext) => `(p.year < ${s.bind(after[0])} or (p.year = ${s.bind(after[0])} and p.id > ${s.bind(after[1])}))`]
      : conditions;
    const rows = await readRows<ProgrammeRow>(this.em, { sql: `select ${COLUMNS} from ${PROGRAMMES.from}${sql.where(where)} order by p.year desc, p.id asc limit ${sql.bind(limit + 1)}`, bindings: sql.params });
    const nodes = rows.slice(0, limit);
    return {
      nodes: nodes.map(programmeOfRow),
      cursors: nodes.map((r) => encodeCursor(ORDER, [r.year, r.id])),
      hasNextPage: rows.length > limit,
      totalCount: async () => {
        const count = new SqlContext(PROGRAMMES, 0);
        const [row] = await readRows<{ n: number }>(this.em, { sql: `select count(*)::int as n from ${PROGRAMMES.from}${count.where(programmeConditions(criteria))}`, bindings: count.params });
        return row.n;
      },
    };
  }

  async byIds(ids: readonly number[]): Promise<TrainingProgramme[]> {
    const rows = await readRows<ProgrammeRow>(this.em, { sql: `select ${COLUMNS} from training_programme p where p.id = any(?::int[])`, bindings: [intArray(ids)] });
    return rows.map(programmeOfRow);
  }
}
