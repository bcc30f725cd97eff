import type { EntityManager, EntityName } from '@mikro-orm/postgresql';
import { CURSOR_VALUE, decodeCursor, encodeCursor, pageSize, type OrderTerm, type Page, type PageArgs } from './keyset';

/** Nested lists (an organization's talents, a platform's members) page by id. */
export const BY_ID: OrderTerm[] = [{ field: 'id', direction: 'asc' }];

export interface PerParentQuery {
  /**
   * SQL returning the child rows of every parent: must select `parent_id` plus the child
   * table's columns, and take three bindings: the parents as an int[] literal, the id to start
   * after, and the page size + 1. Run per parent with LATERAL so each parent's page uses the index.
   */
  pageSql: string;
  /** SQL returning `parent_id, count` for the parents given as one int[] binding. */
  countSql: string;
}

export const intArray = (ids: readonly number[]) => `{${ids.join(',')}}`;

/**
 * One statement for the pages of all parents that share the page arguments, and (lazily) one
 * for all their counts: the statement count stays flat however many parents a page holds.
 */
export async function pagesPerParent<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  query: PerParentQuery,
  parents: number[],
  args: PageArgs,
  maxPageSize: number,
  /** A batching count (a DataLoader's load), so the counts of all parents share one statement. */
  countOf: (parent: number) => Promise<number>,
): Promise<Map<number, Page<T>>> {
  const limit = pageSize(args.first, maxPageSize);
  const afterId = args.after == null ? 0 : Number(decodeCursor(BY_ID, args.after, [CURSOR_VALUE.int])[0]);
  const rows = await em.getConnection('read').execute<({ parent_id: number } & Record<string, unknown>)[]>(
    query.pageSql,
    [intArray(parents), afterId, limit + 1],
    'all',
    em.getTransactionContext(),
  );
  const pages = new Map<number, Page<T>>();
  for (const parent of parents) {
    pages.set(parent, { nodes: [], cursors: [], hasNextPage: false, totalCount: () => countOf(parent) });
  }
  for (const { parent_id: parentId, ...row } of rows) {
    const page = pages.get(parentId)!;
    if (page.nodes.length === limit) {
      page.hasNextPage = true;
      continue;
    }
    const node = em.map(entity, row as never);
    page.nodes.push(node);
    page.cursors.push(encodeCursor(BY_ID, [(node as { id: number }).id]));
  }
  return pages;
}
