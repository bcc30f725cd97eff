import { raw, type EntityManager, type EntityName, type FilterQuery, type QueryOrder } from '@mikro-orm/postgresql';
import { BadUserInputError } from '../errors';
import { type Expr, type Relation, SqlContext } from '../sql-criteria';
import { isStorableText } from '../text-input';

export type SortDirection = 'asc' | 'desc';

export interface OrderTerm {
  /** An entity property holding a non-null scalar. */
  field: string;
  direction: SortDirection;
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Page<T> {
  nodes: T[];
  cursors: string[];
  hasNextPage: boolean;
  /** Counted only when a client asks for it: a count over millions of rows is not free. */
  totalCount: () => Promise<number>;
}

export const DEFAULT_PAGE_SIZE = 20;

/** The sort the client asked for, made total by the id (in the last term's direction). */
export function keysetOrder(sort: { field: string; direction: 'asc' | 'desc' }[]): OrderTerm[] {
  const terms = sort.filter((t, i) => t.field !== 'id' && sort.findIndex((u) => u.field === t.field) === i);
  const idTerm = sort.find((t) => t.field === 'id');
  return [...terms, { field: 'id', direction: idTerm?.direction ?? terms.at(-1)?.direction ?? 'asc' }];
}

type CursorValue = string | number;

interface CursorPayload {
  /** The ordering the cursor was cut for; a cursor from another ordering is refused. */
  o: string;
  v: CursorValue[];
}

/**
 * Whether a value decoded from a cursor can be compared with its column without a database
 * error. Cursors are opaque but not signed: a client can forge one that is well formed, so each
 * value is checked against what its column holds before it becomes a bind parameter.
 */
export type CursorValueRule = (value: unknown) => boolean;

const integerWithin = (min: number, max: number): CursorValueRule => (v) => Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

export const CURSOR_VALUE = {
  int: integerWithin(-2_147_483_648, 2_147_483_647),
  smallint: integerWithin(-32_768, 32_767),
  /** bigint ids reach JavaScript as decimal strings. */
  bigint: (v: unknown) => typeof v === 'string' && /^-?\d{1,18}$/.test(v),
  float: (v: unknown) => typeof v === 'number' && Number.isFinite(v),
  text: (v: unknown) => typeof v === 'string' && isStorableText(v),
  /** A calendar date PostgreSQL accepts: years 1 to 9999, days that exist. */
  date: (v: unknown) => {
    const match = typeof v === 'string' ? ISO_DATE.exec(v) : null;
    if (!match) return false;
    const [year, month, day] = match.slice(1).map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    return year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  },
  timestamp: (v: unknown) => typeof v === 'string' && ISO_TIMESTAMP.test(v) && Number.isFinite(Date.parse(v)),
} satisfies Record<string, CursorValueRule>;

/** The rule for a column type as MikroORM's metadata names it (`serial`, `varchar(32)`, `date`, …). */
function ruleForColumn(columnType: string): CursorValueRule {
  const type = columnType.toLowerCase().replace(/\(.*$/, '');
  if (['serial', 'int', 'integer', 'int4'].includes(type)) return CURSOR_VALUE.int;
  if (['smallint', 'int2'].includes(type)) return CURSOR_VALUE.smallint;
  if (['bigserial', 'bigint', 'int8'].includes(type)) return CURSOR_VALUE.bigint;
  if (['varchar', 'character varying', 'text', 'character', 'char'].includes(type)) return CURSOR_VALUE.text;
  if (type === 'date') return CURSOR_VALUE.date;
  if (['timestamptz', 'timestamp', 'datetime'].includes(type)) return CURSOR_VALUE.timestamp;
  throw new Error(`No cursor rule for column type ${columnType}: add one before ordering by it`);
}

/** The value rules of an entity's ordering, read from its metadata (one definition: the entity). */
function entityCursorRules(em: EntityManager, entity: EntityName<object>, order: OrderTerm[]): CursorValueRule[] {
  const { properties } = em.getMetadata(entity);
  return order.map((t) => ruleForColumn((properties as Record<string, { columnTypes: string[] }>)[t.field].columnTypes[0]));
}

const orderKey = (order: OrderTerm[]) => order.map((t) => `${t.field}:${t.direction}`).join(',');

export function encodeCursor(order: OrderTerm[], values: CursorValue[]): string {
  const payload: CursorPayload = { o: orderKey(order), v: values };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

/** The values of a cursor cut for `order`, each checked by its rule (one per term). */
export function decodeCursor(order: OrderTerm[], cursor: string, rules: CursorValueRule[]): CursorValue[] {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadUserInputError('Malformed cursor: pass an endCursor or cursor this API returned', { argument: 'after' });
  }
  const { o, v } = (payload ?? {}) as Partial<CursorPayload>;
  const valid = o === orderKey(order) && Array.isArray(v) && v.length === order.length && v.every((value, i) => rules[i](value));
  if (!valid) {
    throw new BadUserInputError('Malformed cursor: it was not issued for this list and ordering', { argument: 'after' });
  }
  return v as CursorValue[];
}

/** Page size, refused (not silently truncated) when out of range. */
export function pageSize(first: number | null | undefined, max: number): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw new BadUserInputError(`first must be between 1 and ${max}, got ${size}`, { argument: 'first', max });
  }
  return size;
}

/**
 * Rows strictly after the cursor's row in the given ordering: for (a, b, id) that is
 * a > x  or  (a = x and b > y)  or  (a = x and b = y and id > z), with < for descending terms.
 */
function afterCondition<T>(order: OrderTerm[], values: CursorValue[]): FilterQuery<T> {
  const branches = order.map((term, i) => {
    const branch: Record<string, unknown> = {};
    for (let j = 0; j < i; j++) branch[order[j].field] = values[j];
    branch[term.field] = { [term.direction === 'asc' ? '$gt' : '$lt']: values[i] };
    return branch;
  });
  return { $or: branches } as FilterQuery<T>;
}

/**
 * Keyset (cursor) pagination: stable under every ordering because the last term is always the
 * unique id, and as fast on page 1,000 as on page 1 given an index on the ordering.
 * `where` builds the filter afresh for each statement (the page, the count): a raw SQL fragment
 * in a filter (nameContaining) serves one statement only.
 */
export async function findPage<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: () => FilterQuery<T>,
  order: OrderTerm[],
  args: PageArgs,
  maxPageSize: number,
): Promise<Page<T>> {
  // The cursor first: a bad one throws before `where` registers any raw fragment it would leave behind.
  const { limit, after, orderBy } = startPage(em, entity, order, args, maxPageSize);
  const conditions = [where()];
  if (after) conditions.push(afterCondition<T>(order, after));
  const rows = await em.find(entity, { $and: conditions } as FilterQuery<T>, { orderBy, limit: limit + 1 });
  return pageOf(rows, limit, order, () => em.count(entity, where()));
}

/** What every keyset page starts from: the ordering checked, the page size, the cursor decoded and checked, the ORM's orderBy. */
function startPage<T extends object>(em: EntityManager, entity: EntityName<T>, order: OrderTerm[], args: PageArgs, maxPageSize: number) {
  if (order[order.length - 1]?.field !== 'id') throw new Error('A keyset ordering must end with the id');
  const limit = pageSize(args.first, maxPageSize);
  const after = args.after == null ? null : decodeCursor(order, args.after, entityCursorRules(em, entity as EntityName<object>, order));
  const orderBy = order.map((t) => ({ [t.field]: t.direction })) as unknown as Record<string, QueryOrder>[];
  return { limit, after, orderBy };
}

/** A page from rows fetched one beyond its size: the nodes, whether more follow, each node's cursor. */
function pageOf<T>(rows: T[], limit: number, order: OrderTerm[], totalCount: () => Promise<number>): Page<T> {
  const nodes = rows.slice(0, limit);
  return {
    nodes,
    hasNextPage: rows.length > limit,
    cursors: nodes.map((node) => encodeCursor(order, order.map((t) => (node as Record<string, CursorValue>)[t.field]))),
    totalCount,
  };
}

/** A relation to page through, and where its attributes are: a sort field's column and the id. */
export interface PagedRelation extends Relation {
  /** OrderTerm field (an entity property) → attribute of the relation. */
  sortAttributes: Readonly<Record<string, string>>;
}

/** The keyset condition in SQL: a row comparison when every term runs one way (an index range), else the expanded form. */
function afterSql(sql: SqlContext, columns: string[], order: OrderTerm[], values: CursorValue[]): string {
  const op = (term: OrderTerm) => (term.direction === 'asc' ? '>' : '<');
  if (order.every((term) => term.direction === order[0].direction)) {
    return `(${columns.join(', ')}) ${op(order[0])} (${values.map((v) => sql.bind(v)).join(', ')})`;
  }
  return order
    .map((term, i) => {
      const equal = columns.slice(0, i).map((column, j) => `${column} = ${sql.bind(values[j])}`);
      return `(${[...equal, `${columns[i]} ${op(term)} ${sql.bind(values[i])}`].join(' and ')})`;
    })
    .join(' or ');
}

/**
 * Keyset pagination over a relation with conditions compiled to SQL (sql-criteria): one
 * statement loads the entities whose ids the relation (a view that says who is listed) gives for
 * the page, whatever the page size; the count is a second, only when asked.
 */
export async function findPageIn<T extends { id: number }>(
  em: EntityManager,
  entity: EntityName<T>,
  relation: PagedRelation,
  conditions: readonly Expr[],
  order: OrderTerm[],
  args: PageArgs,
  options: { maxPageSize: number; year: number },
): Promise<Page<T>> {
  const { limit, after, orderBy } = startPage(em, entity, order, args, options.maxPageSize);
  const sql = new SqlContext(relation, options.year);
  const columns = order.map((term) => sql.attr(relation.sortAttributes[term.field]));
  const where = after ? [...conditions, (s: SqlContext) => afterSql(s, columns, order, after)] : conditions;
  const page = `select ${sql.attr('id')} from ${relation.from}${sql.where(where)}
order by ${columns.map((column, i) => `${column} ${order[i].direction}`).join(', ')} limit ${sql.bind(limit + 1)}`;
  // The relation's sort attributes are the entity's own columns, so the entities sort as the page did.
  const filter = { [raw((alias: string) => `${alias}.id in (${page})`, sql.params)]: [] } as unknown as FilterQuery<T>;
  const rows = await em.find(entity, filter, { orderBy });
  return pageOf(rows, limit, order, () => countIn(em, relation, conditions, options.year));
}

/** How many rows of the relation meet the conditions. */
export async function countIn(em: EntityManager, relation: Relation, conditions: readonly Expr[], year: number): Promise<number> {
  const sql = new SqlContext(relation, year);
  const text = `select count(*)::int as n from ${relation.from}${sql.where(conditions)}`;
  const [row] = await em.getConnection('read').execute<{ n: number }[]>(text, sql.params, 'all', em.getTransactionContext());
  return row.n;
}
