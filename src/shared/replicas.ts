import { createHmac, randomBytes } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { AbstractSqlConnection, EntityManager } from '@mikro-orm/postgresql';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { Client } from 'pg';
import type { ReplicaConfig } from '../config';
import { canReadAuditTrail, canWriteRecords, DEMAND_DESK, TALENT_WRITERS } from './auth/roles';
import type { Viewer } from './auth/viewer';
import { someCause } from './error-causes';
import type { Logger } from './logger';
import type { Orm } from './orm';
import { isDatabaseUnavailable } from './outage';
import { redisReady } from './redis';
import { lagMs, lsnFromKey, lsnKey, parseLsn, type PrimarySample } from './replicas-lsn';

/**
 * Read replicas (PostgreSQL streaming standbys, DATABASE_REPLICA_URLS) and where each request
 * reads. The design is in docs/scaling.md; in short:
 *
 * - Every request's EntityManager is forked with a route chosen once, at fork time: one node
 *   (a standby or the primary) serves all of its reads outside transactions. Writes, transactions
 *   and `em.execute` always go to the primary. One node per request keeps a request consistent
 *   with itself: the data version and the aggregate it keys are read where the same WAL was
 *   replayed (a standby replays in order, so the aggregate is never older than the version).
 * - Read your writes: after a mutation the primary's `pg_current_wal_lsn()` is recorded for the
 *   caller (in Redis when configured, so every API process knows it) for the lag bound plus a
 *   second; the caller's requests then read only on a standby known to have replayed it, or on
 *   the primary. A mutation's own reads are on the primary. Callers who write records or read
 *   the audit trail (ADMIN) read on the primary always: data entry, imports and the audit trail
 *   are few requests that must be exact. Roles that never write are routed without a lookup.
 * - A checker asks every standby `pg_last_wal_replay_lsn()` every REPLICA_CHECK_INTERVAL_MS with
 *   REPLICA_CHECK_TIMEOUT_MS, and the primary its position: a standby that fails a check, or
 *   whose lag passes REPLICA_MAX_LAG_MS, leaves the rotation until a check finds it well. A read
 *   that fails on a standby because the standby is gone is run again on the primary, and the
 *   standby is taken out at once; one that a recovery conflict cancelled is run again on the
 *   primary, and the standby stays.
 */

export type ReplicaState = 'starting' | 'ok' | 'lagging' | 'unreachable' | 'not-a-standby';

export interface ReplicaStatus {
  name: string;
  state: ReplicaState;
  /** Milliseconds behind the primary at the last check; null when unknown. */
  lagMs: number | null;
}

interface ReplicaNode {
  name: string;
  url: string;
  connection: AbstractSqlConnection;
  client: Client | null;
  state: ReplicaState;
  replayed: bigint | null;
  lagMs: number | null;
}

/** Where a caller's last write ended in the primary's WAL, shared by every API process through Redis. */
export interface WritePositions {
  /** The position, null when none is known, `unknown` when the shared store cannot say (read on the primary then). */
  get(caller: string): Promise<bigint | null | 'unknown'>;
  record(caller: string, lsn: bigint): Promise<void>;
}

/** Keeps the greater position: two writes of one caller may record out of order. */
const RECORD_MAX = `local cur = redis.call('GET', KEYS[1])
if (not cur) or cur < ARGV[1] then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) else redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`;

/**
 * In process always (this process's own writes are known without Redis), and in Redis when a
 * client is given. Redis keys are keyed hashes of the caller key (`keySecret`, the same in every
 * process: e.g. derivePurposeKey(keyring, 'read-your-writes')): no token subject or address is stored.
 */
export function writePositions(ttlMs: number, redis: Redis | null, keySecret: Buffer): WritePositions {
  const local = new LRUCache<string, bigint>({ max: 100_000, ttl: ttlMs });
  const redisKey = (caller: string) => `huigu:written:${createHmac('sha256', keySecret).update(caller).digest('base64url').slice(0, 32)}`;
  return {
    async get(caller) {
      const mine = local.get(caller) ?? null;
      if (!redis) return mine;
      if (!(await redisReady(redis))) return 'unknown';
      try {
        const shared = lsnFromKey(await redis.get(redisKey(caller)));
        if (shared === null) return mine;
        return mine === null || shared > mine ? shared : mine;
      } catch {
        return 'unknown';
      }
    },
    async record(caller, lsn) {
      const mine = local.get(caller);
      if (mine === undefined || lsn > mine) local.set(caller, lsn);
      if (!redis || !(await redisReady(redis))) return;
      await redis.eval(RECORD_MAX, 1, redisKey(caller), lsnKey(lsn), String(ttlMs)).catch(() => undefined);
    },
  };
}

/** One request's read route: a node chosen at fork time, kept for the request. */
export class ReadRoute {
  private pinned = false;

  constructor(
    private readonly primary: AbstractSqlConnection,
    private readonly replica: ReplicaNode | null,
    private readonly onReplicaFailure: (node: ReplicaNode) => void,
    /** The caller key under which this request's writes are recorded. */
    readonly caller: string,
  ) {}

  /** The node reads go to now: a standby's name, or `primary`. */
  get node(): string {
    return this.replica && !this.pinned ? this.replica.name : 'primary';
  }

  /** From now on this request reads on the primary (it writes, or its standby failed). */
  pinPrimary(): void {
    this.pinned = true;
  }

  /** The connection MikroORM gets for `getConnection('read')` (QueryBuilder and find outside transactions use it). */
  readConnection(): AbstractSqlConnection {
    const replica = this.replica;
    if (!replica || this.pinned) return this.primary;
    const { primary } = this;
    const connection = Object.create(replica.connection) as AbstractSqlConnection & Failover;
    // In a transaction (ctx) the statement runs on the transaction's own connection, the primary's.
    connection.execute = ((query: string, params?: unknown[], method?: 'all' | 'get' | 'run', ctx?: unknown, loggerContext?: unknown) =>
      ctx
        ? primary.execute(query, params, method, ctx, loggerContext as never)
        : this.onStandby(replica, (node) => node.execute(query, params, method, undefined, loggerContext as never))) as AbstractSqlConnection['execute'];
    connection[FAILOVER] = (attempt) => this.onStandby(replica, attempt);
    return connection;
  }

  /** Runs a read on the standby; if the standby is gone, it leaves the rotation and the read runs on the primary. */
  private async onStandby<T>(replica: ReplicaNode, attempt: ReadAttempt<T>): Promise<T> {
    if (this.pinned) return attempt(this.primary);
    try {
      return await attempt(replica.connection);
    } catch (error) {
      // A recovery conflict cancels one statement on a standby that is otherwise well: run it again on the primary.
      if (isRecoveryConflict(error)) return attempt(this.primary);
      if (!isDatabaseUnavailable(error) && !isConnectTimeout(error)) throw error;
      this.onReplicaFailure(replica);
      this.pinned = true;
      return attempt(this.primary);
    }
  }
}

/** A read that can run on any node's connection: what `readOn` retries on the primary. */
export type ReadAttempt<T> = (connection: AbstractSqlConnection) => Promise<T>;
const FAILOVER = Symbol('read failover');
interface Failover {
  [FAILOVER]: <T>(attempt: ReadAttempt<T>) => Promise<T>;
}

/**
 * Runs `attempt` on a connection from `em.getConnection('read')`, with the route's failover when
 * the connection is a standby's (for reads that drive the connection's client themselves, such
 * as src/shared/read-sql.ts's prepared statements, rather than calling its `execute`).
 */
export function readOn<T>(connection: AbstractSqlConnection, attempt: ReadAttempt<T>): Promise<T> {
  const failover = (connection as Partial<Failover>)[FAILOVER];
  return failover ? failover(attempt) : attempt(connection);
}

/** Every read on the primary: no replicas, or none to use for this caller. */
export function primaryRoute(orm: Orm, caller = ''): ReadRoute {
  return new ReadRoute(orm.em.getDriver().getConnection('write') as AbstractSqlConnection, null, () => undefined, caller);
}

/** node-postgres gave up connecting within the replica pool's connectionTimeoutMillis. */
const isConnectTimeout = (error: unknown) => someCause(error, (e) => typeof e.message === 'string' && /^timeout expired$|connection timeout/i.test(e.message));

/** A standby cancels a query that would block replay: SQLSTATE 40001, "conflict with recovery". */
const isRecoveryConflict = (error: unknown) => someCause(error, (e) => e.code === '40001' && typeof e.message === 'string' && /recovery/i.test(e.message));

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The EntityManager of one request, reading where `route` says: a fork whose driver answers
 * `getConnection('read')` with the route's node and everything else (`'write'`, `em.execute`,
 * flushes, transactions) with the primary. Forks made from it (transactions) keep the route.
 */
export function routedFork(orm: Orm, route: ReadRoute): EntityManager {
  const driver = orm.em.getDriver();
  // Without replicas MikroORM's own 'read' is the primary; with them it would be any replica, unchecked.
  if (!(driver as unknown as { replicas: unknown[] }).replicas.length) return orm.em.fork() as EntityManager;
  const routed = Object.create(driver) as typeof driver;
  routed.getConnection = ((type: 'read' | 'write' = 'write') => (type === 'read' ? route.readConnection() : driver.getConnection('write'))) as typeof driver.getConnection;
  const template = Object.create(orm.em, { driver: { value: routed } }) as EntityManager;
  return template.fork({ disableContextResolution: true }) as EntityManager;
}

export class ReplicaSet {
  private readonly nodes: ReplicaNode[];
  /** The checker's own connection to the primary (never one of the request pool's). */
  private readonly primary: { url: string; client: Client | null };
  private readonly samples: PrimarySample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | null = null;
  private next = 0;
  private readonly logger: Logger | undefined;
  readonly positions: WritePositions;

  constructor(
    private readonly orm: Orm,
    private readonly config: ReplicaConfig,
    redis: Redis | null,
    { keySecret = randomBytes(32), logger }: { keySecret?: Buffer; logger?: Logger } = {},
  ) {
    this.logger = logger;
    const connections = (orm.em.getDriver() as unknown as { replicas: AbstractSqlConnection[] }).replicas;
    if (connections.length !== config.urls.length) {
      throw new Error(`DATABASE_REPLICA_URLS names ${config.urls.length} replica(s) but the ORM has ${connections.length}: initOrm({ replicaUrls }) must be given the same list`);
    }
    this.primary = { url: orm.config.get('clientUrl')!, client: null };
    this.nodes = config.urls.map((url, i) => ({ name: `replica${i + 1}`, url, connection: connections[i]!, client: null, state: 'starting', replayed: null, lagMs: null }));
    // Past the lag bound every standby in rotation has replayed the write (it was checked then).
    this.positions = writePositions(config.maxLagMs + config.checkIntervalMs + 1000, redis, keySecret);
  }

  get enabled(): boolean {
    return this.nodes.length > 0;
  }

  /** Starts the checker; the first check is awaited, so the standbys serve from the first request. */
  async start(): Promise<void> {
    if (!this.enabled || this.timer) return;
    await this.check();
    this.timer = setInterval(() => void this.check(), this.config.checkIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.checking;
    await Promise.all([this.primary, ...this.nodes].map((node) => this.dropClient(node)));
  }

  status(): ReplicaStatus[] {
    return this.nodes.map(({ name, state, lagMs }) => ({ name, state, lagMs }));
  }

  /** The caller key (as the rate limits name callers) under which writes are recorded. */
  async route(viewer: Viewer, caller: string): Promise<ReadRoute> {
    const primary = this.orm.em.getDriver().getConnection('write') as AbstractSqlConnection;
    const fail = (node: ReplicaNode) => this.markDown(node);
    // A manager's token may carry no subject: its organization, not its address, names whose writes these are.
    const writer = !viewer.subject && viewer.organizationId != null ? `org:${viewer.organizationId}` : caller;
    const onPrimary = () => new ReadRoute(primary, null, fail, writer);
    // Data entry, imports and the audit trail: few requests, which must be exact.
    if (!this.enabled || canWriteRecords(viewer.role) || canReadAuditTrail(viewer.role)) return onPrimary();
    // Only a caller who may write can have a write to read back: the mobile app, dashboards and
    // analysts are routed without a lookup.
    const written = TALENT_WRITERS.includes(viewer.role) || DEMAND_DESK.includes(viewer.role) ? await this.positions.get(writer) : null;
    if (written === 'unknown') return onPrimary();
    const candidates = this.nodes.filter((n) => n.state === 'ok' && n.replayed !== null && (written === null || n.replayed >= written));
    if (!candidates.length) return onPrimary();
    const chosen = candidates[this.next++ % candidates.length]!;
    return new ReadRoute(primary, chosen, fail, writer);
  }

  /** After a write: where the primary's WAL ends now, for the caller's next reads. */
  async recordWrite(caller: string): Promise<void> {
    if (!this.enabled) return;
    const rows = await this.orm.em.getDriver().getConnection('write').execute<{ lsn: string }[]>('select pg_current_wal_lsn()::text as lsn');
    const lsn = parseLsn(rows[0]?.lsn);
    if (lsn !== null) await this.positions.record(caller, lsn);
  }

  /** One round of checks; a round still running when the next is due is not doubled. */
  check(): Promise<void> {
    this.checking ??= this.runChecks().finally(() => (this.checking = null));
    return this.checking;
  }

  private async runChecks(): Promise<void> {
    const { checkTimeoutMs, maxLagMs } = this.config;
    try {
      this.primary.client ??= await this.connect(this.primary);
      const { rows } = await withTimeout(this.primary.client.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn'), checkTimeoutMs);
      const lsn = parseLsn(rows[0]?.lsn);
      if (lsn !== null) this.samples.push({ at: Date.now(), lsn });
    } catch {
      // The primary unreachable: the standbys' lag cannot be measured against it; their positions still are.
      await this.dropClient(this.primary);
    }
    const keep = Date.now() - (maxLagMs + 2000);
    while (this.samples.length > 1 && this.samples[0]!.at < keep) this.samples.shift();
    await Promise.all(this.nodes.map((node) => this.checkNode(node)));
  }

  private async checkNode(node: ReplicaNode): Promise<void> {
    const { checkTimeoutMs, maxLagMs } = this.config;
    try {
      node.client ??= await this.connect(node);
      const { rows } = await withTimeout(node.client.query<{ standby: boolean; replayed: string | null }>('select pg_is_in_recovery() as standby, pg_last_wal_replay_lsn()::text as replayed'), checkTimeoutMs);
      const replayed = parseLsn(rows[0]?.replayed);
      if (!rows[0]?.standby || replayed === null) return this.setState(node, 'not-a-standby', null);
      if (node.replayed === null || replayed > node.replayed) node.replayed = replayed;
      const lag = lagMs(this.samples, node.replayed, Date.now());
      this.setState(node, lag > maxLagMs ? 'lagging' : 'ok', lag);
    } catch {
      await this.dropClient(node);
      this.setState(node, 'unreachable', null);
    }
  }

  private async connect(node: { url: string }): Promise<Client> {
    const { checkTimeoutMs } = this.config;
    const client = new Client({ connectionString: node.url, connectionTimeoutMillis: checkTimeoutMs, statement_timeout: checkTimeoutMs, application_name: 'huigu-replica-check' });
    client.on('error', () => undefined); // a broken connection is found by the next check
    await client.connect();
    return client;
  }

  private async dropClient(node: { client: Client | null }): Promise<void> {
    const client = node.client;
    node.client = null;
    if (client) await withTimeout(client.end(), 200).catch(() => undefined);
  }

  private markDown(node: ReplicaNode): void {
    this.setState(node, 'unreachable', null);
    void this.dropClient(node);
  }

  private setState(node: ReplicaNode, state: ReplicaState, lag: number | null): void {
    node.lagMs = lag;
    if (node.state === state) return;
    const was = node.state;
    node.state = state;
    if (state === 'ok') this.logger?.info('replica in rotation', { replica: node.name, was });
    else this.logger?.warn('replica out of rotation', { replica: node.name, state, ...(lag !== null ? { lagMs: lag } : {}) });
  }
}

/** What the plugin needs of the request context. */
export interface RoutedContext extends BaseContext {
  reads: ReadRoute;
}

/**
 * A mutation reads on the primary from the start (it reads what it writes), and when it has
 * answered, the caller's write position is recorded before the response leaves: the caller's
 * next request, through any API process, reads where that write is.
 */
export function readYourWritesPlugin<C extends RoutedContext>(replicas: ReplicaSet, logger: Logger): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      if (!replicas.enabled) return;
      let mutation = false;
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation !== 'mutation') return;
          mutation = true;
          contextValue.reads.pinPrimary();
        },
        async willSendResponse({ contextValue }) {
          if (!mutation) return;
          await replicas.recordWrite(contextValue.reads.caller).catch((error: unknown) => {
            // The caller then reads wherever; with the primary down the write did not happen either.
            logger.warn('write position not recorded', { error: error instanceof Error ? error.message : String(error) });
          });
        },
      };
    },
  };
}
