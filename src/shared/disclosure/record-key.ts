import { Property } from '@mikro-orm/core';

/**
 * The random key of a counted record (talents, awards, platforms), for disclosure control
 * (src/modules/analytics/perturbation.ts): drawn by the database from a secure source
 * (record_key_draw(), over gen_random_uuid) when the row is inserted, whatever the path (seed,
 * mutation, import; a bulk import derives them from one drawn seed per statement, import.sql.ts),
 * and never changed. Lazy and hidden, and no GraphQL type has it: no read
 * selects it; only aggregate statements and the rollups sum it.
 */
export const RecordKey = () => Property({ type: 'integer', lazy: true, hidden: true, defaultRaw: 'record_key_draw()' });
