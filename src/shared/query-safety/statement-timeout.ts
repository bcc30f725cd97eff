import type { LimitsConfig } from '../../config';
import { hasSqlState } from '../error-causes';

/**
 * node-postgres connection parameters that PostgreSQL applies to every session of the pool:
 * no statement runs longer than statementTimeoutMs, and no session idles in an open transaction
 * longer than idleInTransactionTimeoutMs (its locks would block everyone). Pass as MikroORM's
 * `driverOptions`, which it merges into the knex configuration.
 */
export type PoolTimeouts = Pick<LimitsConfig, 'statementTimeoutMs' | 'idleInTransactionTimeoutMs'>;

export function poolTimeoutOptions(limits: PoolTimeouts) {
  return {
    connection: {
      statement_timeout: limits.statementTimeoutMs,
      idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs,
    },
  };
}

/** PostgreSQL's `query_canceled` (57014): what statement_timeout raises. */
export const isStatementTimeout = (error: unknown): boolean => hasSqlState(error, '57014');
