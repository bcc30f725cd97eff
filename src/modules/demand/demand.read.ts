import type { EntityManager } from '@mikro-orm/postgresql';
import { canReadRecords, isOrganizationScoped } from '../../shared/auth/roles';
import type { Viewer } from '../../shared/auth/viewer';
import { CURSOR_VALUE, decodeCursor, encodeCursor, pageSize, type OrderTerm, type Page, type PageArgs } from '../../shared/pagination/keyset';
import { oneOf, present, SqlContext, type Expr, type Relation } from '../../shared/sql-criteria';
import { readRows } from '../../shared/read-sql';
import { intArray } from '../../shared/pagination/per-parent';
import type { Industry, OrgKind } from '../organization/organization.enums';
import type { Demand } from './demand.entity';
import { DemandStatus, type DemandKind } from './demand.enums';

/**
 * The demand read model (issue 14): plain rows, one statement a page, every value a bind
 * parameter. The filter compiles here, once, for the page and its count.
 */
export const DEMAND_RELATION: Relation = {
  name: 'demand',
  from: 'demand d join organization o on o.id = d.organization_id',
  attributes: {
    id: 'd.id',
    kind: 'd.kind',
    status: 'd.status',
    industry: 'd.industry',
    townCode: 'd.town_code',
    employerKind: 'o.kind',
    organizationId: 'd.organization_id',
    keywords: 'd.keywords',
    catalogueEntryId: 'd.catalogue_entry_id',
    postedAt: 'd.posted_at',
  },
};

const COLUMNS = `d.id, d.kind, d.status, d.organization_id, d.town_code, d.industry, d.title, d.description, d.keywords,
  d.min_education, d.min_professional_title, d.headcount, d.engagement, d.service_months, d.challenge_area,
  d.reward::text as reward, d.deadline::text as deadline, d.catalogue_entry_id, d.posted_at, d.updated_at, d.version,
  to_json(d.posted_at) #>> '{}' as posted_key`;

interface DemandRow {
  id: number;
  kind: DemandKind;
  status: DemandStatus;
  organization_id: number;
  town_code: string;
  industry: Industry;
  title: string;
  description: string;
  keywords: string[];
  min_education: string;
  min_professional_title: string;
  headcount: number;
  engagement: string | null;
  service_months: number | null;
  challenge_area: string | null;
  reward: string | null;
  deadline: string | null;
  catalogue_entry_id: number | null;
  /** The driver's text form of timestamptz (MikroORM leaves dates to the entity layer). */
  posted_at: string | Date;
  updated_at: string | Date;
  version: number;
  posted_key: string;
}

/** A row shaped like the entity (references as `{ id }` / `{ code }`), for the GraphQL type declared on it. */
const demandOfRow = (r: DemandRow): Demand =>
  ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    organization: { id: r.organization_id },
    town: { code: r.town_code },
    industry: r.industry,
    title: r.title,
    description: r.description,
    keywords: r.keywords,
    minEducation: r.min_education,
    minProfessionalTitle: r.min_professional_title,
    headcount: r.headcount,
    engagement: r.engagement,
    serviceMonths: r.service_months,
    challengeArea: r.challenge_area,
    reward: r.reward,
    deadline: r.deadline,
    catalogueEntry: r.catalogue_entry_id === null ? null : { id: r.catalogue_entry_id },
    postedAt: new Date(r.posted_at),
    updatedAt: new Date(r.updated_at),
    version: r.version,
  }) as unknown as Demand;

export interface DemandCriteria {
  kinds?: DemandKind[] | null;
  /** Absent: OPEN only (the job board). */
  statuses?: DemandStatus[] | null;
  industries?: Industry[] | null;
  townCodes?: string[] | null;
  employerKinds?: OrgKind[] | null;
  organizationIds?: number[] | null;
  /** Any of these specialty keywords. */
  keywords?: string[] | null;
  catalogueEntryIds?: number[] | null;
}

/** On the job board: in the `open_demand` view (OPEN, and its organization not archived). */
const onTheBoard: Expr = (sql) => `exists (select 1 from open_demand od where od.id = ${sql.attr('id')})`;

/**
 * What a caller may see of demands: record readers all; an organization's manager the open ones
 * and every one of its own organization; everyone else (the job board) the open ones.
 */
export function demandVisibility(viewer: Viewer): Expr | null {
  if (canReadRecords(viewer.role)) return null;
  if (isOrganizationScoped(viewer.role) && viewer.organizationId !== undefined) {
    return (sql) => `(${onTheBoard(sql)} or ${sql.attr('organizationId')} = ${sql.bind(viewer.organizationId)})`;
  }
  return onTheBoard;
}

/** THE compiler of DemandFilter: lists and counts both call it. */
export function demandConditions(c: DemandCriteria | null | undefined, viewer: Viewer): Expr[] {
  const conditions: Expr[] = [];
  const visibility = demandVisibility(viewer);
  if (visibility) conditions.push(visibility);
  conditions.push(oneOf('status', present(c?.statuses) ? c.statuses : [DemandStatus.OPEN]));
  if (present(c?.kinds)) conditions.push(oneOf('kind', c.kinds));
  if (present(c?.industries)) conditions.push(oneOf('industry', c.industries));
  if (present(c?.townCodes)) conditions.push(oneOf('townCode', c.townCodes));
  if (present(c?.employerKinds)) conditions.push(oneOf('employerKind', c.employerKinds));
  if (present(c?.organizationIds)) conditions.push(oneOf('organizationId', c.organizationIds));
  if (present(c?.catalogueEntryIds)) conditions.push(oneOf('catalogueEntryId', c.catalogueEntryIds));
  const keywords = c?.keywords;
  if (present(keywords)) conditions.push((sql) => `${sql.attr('keywords')} && array[${sql.bind(keywords)}]::text[]`);
  return conditions;
}

/** Newest first; the id breaks ties. */
const ORDER: OrderTerm[] = [
  { field: 'postedAt', direction: 'desc' },
  { field: 'id', direction: 'desc' },
];
const CURSOR_RULES = [CURSOR_VALUE.timestamp, CURSOR_VALUE.int];

export class DemandReader {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
  ) {}

  /** One statement for the page (and one more for totalCount, only when asked). */
  async page(criteria: DemandCriteria | null | undefined, args: PageArgs, maxPageSize: number): Promise<Page<Demand>> {
    const limit = pageSize(args.first, maxPageSize);
    const after = args.after == null ? null : decodeCursor(ORDER, args.after, CURSOR_RULES);
    const conditions = demandConditions(criteria, this.viewer);
    const sql = new SqlContext(DEMAND_RELATION, 0);
    const where = after ? [...conditions, (s: SqlContext) => `(d.posted_at, d.id) < (${s.bind(after[0])}::timestamptz, ${s.bind(after[1])})`] : conditions;
    const text = `select ${COLUMNS} from ${DEMAND_RELATION.from}${sql.where(where)} order by d.posted_at desc, d.id desc limit ${sql.bind(limit + 1)}`;
    const rows = await readRows<DemandRow>(this.em, { sql: text, bindings: sql.params });
    const nodes = rows.slice(0, limit);
    return {
      nodes: nodes.map(demandOfRow),
      cursors: nodes.map((r) => encodeCursor(ORDER, [r.posted_key, r.id])),
      hasNextPage: rows.length > limit,
      totalCount: () => this.count(criteria),
    };
  }

  async count(criteria: DemandCriteria | null | undefined): Promise<number> {
    const sql = new SqlContext(DEMAND_RELATION, 0);
    const text = `select count(*)::int as n from ${DEMAND_RELATION.from}${sql.where(demandConditions(criteria, this.viewer))}`;
    const [row] = await readRows<{ n: number }>(this.em, { sql: text, bindings: sql.params });
    return row.n;
  }

  /** The demands with these ids the caller may see, in any order (a missing or hidden one is left out). */
  async byIds(ids: readonly number[]): Promise<Demand[]> {
    const sql = new SqlContext(DEMAND_RELATION, 0);
    const visibility = demandVisibility(this.viewer);
    const conditions: Expr[] = [(s) => `d.id = any(${s.bind(intArray(ids))}::int[])`, ...(visibility ? [visibility] : [])];
    const rows = await readRows<DemandRow>(this.em, { sql: `select ${COLUMNS} from ${DEMAND_RELATION.from}${sql.where(conditions)}`, bindings: sql.params });
    return rows.map(demandOfRow);
  }
}
