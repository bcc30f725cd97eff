import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { raw, Utils, type EntityClass, type EntityName, type FindOneOptions } from '@mikro-orm/core';
import { ConflictError } from '../errors';

/**
 * A record clients edit. `version` starts at 1 and MikroORM adds one on every UPDATE
 * (`@Property({ version: true })`), checking in the same statement that nobody else did.
 */
export interface Versioned {
  id: number;
  version: number;
}

/**
 * THE way a write reads the record it changes, inside the write's own transaction: locked
 * (SELECT … FOR UPDATE) and read afresh, so writes to one record run one after the other and
 * each builds on the previous one's result. Without the lock, two updates read the same state
 * and each wrote only the columns that differed from it, so their halves interleaved (a gender
 * contradicting the ID number). With `expectedVersion`, the version the client edited, a record
 * that has moved on since is a CONFLICT rather than silently overwritten. `guard` sees the record
 * as it is under the lock, so a check made before the write (an organization manager's scope)
 * cannot be undone by a write in between. Null: no such record.
 */
export async function lockForWrite<T extends Versioned, P extends string = never>(
  tx: EntityManager,
  entity: EntityName<T>,
  { id, expectedVersion, guard }: WriteTarget<T>,
  options: Pick<FindOneOptions<T, P>, 'populate'> = {},
): Promise<T | null> {
  const record = (await tx.findOne(entity, id as never, { ...options, lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true } as FindOneOptions<T, P>)) as T | null;
  if (!record) return null;
  guard?.(record);
  if (expectedVersion != null && record.version !== expectedVersion) {
    throw new ConflictError(Utils.className(entity), id, expectedVersion, record.version);
  }
  return record;
}

/** The record a write changes, and the version the caller edited (absent: whatever is current). */
export interface WriteTarget<T = unknown> {
  id: number;
  expectedVersion?: number | null;
  /** Throws to refuse the write, given the record as locked (before the version is compared). */
  guard?: (record: T) => void;
}

/** The GraphQL description of every record's `version` field. */
export const VERSION_DESCRIPTION = '1 when created, +1 with every change; give it back as expectedVersion to get CONFLICT rather than overwrite a newer change';

/** One more version for a change the row itself does not show (a platform's members), within the write's transaction. */
export async function bumpVersion<T extends Versioned>(tx: EntityManager, record: T): Promise<void> {
  await tx.nativeUpdate(record.constructor as EntityClass<T>, { id: record.id } as never, { version: raw('version + 1') } as never);
  await tx.refresh(record);
}
