import { Arg, Int, registerEnumType } from 'type-graphql';
import { BadUserInputError } from './errors';
import type { SortDirection } from './pagination/keyset';

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

registerEnumType(OrderDirection, { name: 'OrderDirection' });

export const sortDirection = (direction: OrderDirection | null | undefined): SortDirection =>
  direction === OrderDirection.DESC ? 'desc' : 'asc';

/** Largest list a filter may hold; a longer one is a mistake or an attack, not a query. */
export const MAX_FILTER_VALUES = 100;

/** Statistical division codes are 12 digits. */
export const REGION_CODE = /^\d{12}$/;

/** Entity ids are positive integers; an id of another shape is the client's mistake, not a miss. */
export function parseId(id: string | number, argument = 'id'): number {
  const text = String(id);
  const value = Number(text);
  if (!/^[1-9]\d{0,9}$/.test(text) || value > 2_147_483_647) {
    throw new BadUserInputError(`${argument} must be a positive integer id, got "${text.slice(0, 20)}"`, { argument });
  }
  return value;
}

/**
 * The `expectedVersion` argument of every mutation that changes an existing record: the version
 * the client edited (src/shared/writes/versioned.ts). Absent: the change applies to whatever is current.
 */
export const ExpectedVersion = () =>
  Arg('expectedVersion', () => Int, {
    nullable: true,
    description: 'The version this change was made on; CONFLICT, nothing written, if the record has changed since',
  });
