import { MikroORM } from '@mikro-orm/postgresql';
import { MIGRATIONS, ormConfig } from '../../mikro-orm.config';
import { poolTimeoutOptions, type PoolTimeouts } from './query-safety/statement-timeout';

export type Orm = MikroORM;

export interface OrmOptions {
  clientUrl: string;
  /** Called with every SQL statement; tests count statements per request with it. */
  onQuery?: (sql: string) => void;
  poolMax?: number;
  /**
   * statement_timeout and idle_in_transaction_session_timeout for every connection of the pool:
   * set on the pool that serves requests, not on the one that migrates or seeds.
   */
  timeouts?: PoolTimeouts | null;
  /**
   * Read replicas (DATABASE_REPLICA_URLS), for the pool that serves requests: MikroORM sends
   * reads outside transactions to `getConnection('read')`, which src/shared/replicas.ts routes.
   */
  replicaUrls?: string[];
  /** How long a replica's new connection may take before the read falls back to the primary. */
  replicaConnectTimeoutMs?: number;
}

export async function initOrm({ clientUrl, onQuery, poolMax = 10, timeouts = null, replicaUrls = [], replicaConnectTimeoutMs = 2000 }: OrmOptions): Promise<Orm> {
  const driverOptions = timeouts ? poolTimeoutOptions(timeouts) : { connection: {} };
  return MikroORM.init(
    ormConfig({
      clientUrl,
      pool: { min: 0, max: poolMax },
      ...(timeouts ? { driverOptions } : {}),
      replicas: replicaUrls.map((url, i) => ({
        name: `replica${i + 1}`,
        clientUrl: url,
        driverOptions: { ...driverOptions, connection: { ...driverOptions.connection, connectionTimeoutMillis: replicaConnectTimeoutMs } },
      })),
      // Applying migrations would otherwise rewrite the committed snapshot from the database.
      migrations: { ...MIGRATIONS, snapshot: false },
      debug: onQuery ? ['query'] : false,
      logger: onQuery ? (message) => onQuery(message) : undefined,
    }),
  );
}

/** Applies every pending migration; returns the names applied. */
export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}
