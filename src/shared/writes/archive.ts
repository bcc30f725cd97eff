import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityName } from '@mikro-orm/core';
import { fieldError, FieldErrorCode, refused, type FieldError, type WriteResult } from './field-error';
import { lockForWrite, type Versioned, type WriteTarget } from './versioned';

/**
 * Archives (`archived = true`) or restores one record (issue 6): NOT_FOUND for an unknown id, a
 * no-op when it is already in that state, otherwise `refuse` may name a problem (IN_USE, …) and
 * nothing is written. One transaction, the record read locked (lockForWrite; CONFLICT on a stale
 * `expectedVersion`). The row stays reachable by id.
 */
export function setArchived<T extends Versioned & { archivedAt?: Date | null }>(
  em: EntityManager,
  entity: EntityName<T>,
  target: WriteTarget<T>,
  archived: boolean,
  notFound: string,
  refuse?: (tx: EntityManager, record: T) => Promise<FieldError | null>,
): Promise<WriteResult<T>> {
  return em.transactional(async (tx): Promise<WriteResult<T>> => {
    const record = await lockForWrite(tx, entity, target);
    if (!record) return refused([fieldError('id', FieldErrorCode.NOT_FOUND, notFound)]);
    if (archived === Boolean(record.archivedAt)) return { record, errors: [] };
    const problem = refuse ? await refuse(tx, record) : null;
    if (problem) return refused([problem]);
    record.archivedAt = archived ? new Date() : null;
    await tx.flush();
    return { record, errors: [] };
  });
}
