import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityName } from '@mikro-orm/core';
import { fieldError, FieldErrorCode, refused, type FieldError, type WriteResult } from './field-error';

/**
 * Archives (`archived = true`) or restores one record (issue 6): NOT_FOUND for an unknown id, a
 * no-op when it is already in that state, otherwise `refuse` may name a problem (IN_USE, …) and
 * nothing is written; one UPDATE in flush's own transaction. The row stays reachable by id.
 */
export async function setArchived<T extends { archivedAt?: Date | null }>(
  em: EntityManager,
  entity: EntityName<T>,
  id: number,
  archived: boolean,
  notFound: string,
  refuse?: (record: T) => Promise<FieldError | null>,
): Promise<WriteResult<T>> {
  const record = (await em.findOne(entity, id as never)) as T | null;
  if (!record) return refused([fieldError('id', FieldErrorCode.NOT_FOUND, notFound)]);
  if (archived === Boolean(record.archivedAt)) return { record, errors: [] };
  const problem = refuse ? await refuse(record) : null;
  if (problem) return refused([problem]);
  record.archivedAt = archived ? new Date() : null;
  await em.flush();
  return { record, errors: [] };
}
