import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { outsideRequest, type Logger } from './logger';

/** The code of a request refused because a dependency it needs is down (HTTP 503, `Retry-After`). */
export const SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE';

/** What a client is told to wait before retrying while the database is down. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

/** Node's socket errors: the server is gone, refusing, or unreachable. */
const SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** SQLSTATE 57P01–57P03: the server is shutting down, crashed, or not yet accepting connections. */
const SHUTDOWN_STATES = new Set(['57P01', '57P02', '57P03']);
/** node-postgres and knex say "the connection is gone" only in words. */
const LOST_CONNECTION = /Connection terminated|not queryable|Timeout acquiring a connection|connection is closed/i;

/**
 * Whether an error means "the database cannot be reached" rather than "this statement failed":
 * a socket error, SQLSTATE class 08 (connection exception) or 57P01–57P03, a lost connection, or
 * a pool that could not hand one out. Walks the cause chain (MikroORM and graphql-js wrap errors).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as Record<string, unknown> | undefined, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (SOCKET_ERRORS.has(code) || SHUTDOWN_STATES.has(code) || code.startsWith('08')) return true;
    if (e.name === 'KnexTimeoutError' || (typeof e.message === 'string' && LOST_CONNECTION.test(e.message) && !('routine' in e))) return true;
    // graphql-js wraps a thrown non-Error (an error of another realm, too) as `thrownValue`.
    e = (e.cause ?? e.previous ?? e.thrownValue) as Record<string, unknown> | undefined;
  }
  return false;
}

export interface OutageLog {
  /** A failure caused by the dependency being down: the first one opens the outage (`reason`: a code, logged then). */
  failed(reason?: string): void;
  /** The dependency answers again: closes the outage, if one is open. */
  recovered(): void;
  readonly down: boolean;
  /** Stops the interval timer (shutdown). */
  close(): void;
}

export interface OutageLogOptions {
  /** How often an open outage reports how many failures it caused meanwhile. */
  intervalMs: number;
  /**
   * Checked every `probeMs` while the outage is open; the first success closes it. For a
   * dependency whose client reports its own reconnection (Redis), omit it and call recovered().
   */
  probe?: () => Promise<unknown>;
  probeMs?: number;
}

/**
 * Logs a dependency's outage as three kinds of line, whatever the request rate: one when it
 * starts, one per interval with the failures counted meanwhile, one when it ends (with its
 * duration and total). A down database must not write a stack trace per request.
 */
export function createOutageLog(logger: Logger, dependency: string, { intervalMs, probe, probeMs = 500 }: OutageLogOptions): OutageLog {
  let since: number | null = null;
  let inInterval = 0;
  let total = 0;
  let reporter: NodeJS.Timeout | undefined;
  let prober: NodeJS.Timeout | undefined;
  const stopTimers = () => {
    clearInterval(reporter);
    clearInterval(prober);
    reporter = prober = undefined;
  };
  const log: OutageLog = {
    get down() {
      return since !== null;
    },
    failed(reason) {
      total++;
      inInterval++;
      if (since !== null) return;
      since = Date.now();
      logger.error(`${dependency} unavailable`, { dependency, outage: 'started', ...(reason ? { reason } : {}) });
      outsideRequest(() => startTimers());
    },
    recovered() {
      if (since === null) return;
      logger.info(`${dependency} available again`, { dependency, outage: 'ended', downForMs: Date.now() - since, failures: total });
      stopTimers();
      since = null;
      inInterval = total = 0;
    },
    close: stopTimers,
  };
  const startTimers = () => {
    reporter = setInterval(() => {
      logger.warn(`${dependency} still unavailable`, { dependency, outage: 'ongoing', failures: inInterval, downForMs: Date.now() - since! });
      inInterval = 0;
    }, intervalMs).unref();
    if (probe) {
      let probing = false;
      prober = setInterval(() => {
        if (probing) return;
        probing = true;
        probe().then(log.recovered, () => undefined).finally(() => (probing = false));
      }, probeMs).unref();
    }
  };
  return log;
}

/**
 * A response whose errors include SERVICE_UNAVAILABLE goes out as HTTP 503 with `Retry-After`,
 * so clients and proxies back off; fields answered without the database (cached aggregates)
 * are still in its data.
 */
export function serviceUnavailablePlugin<T extends BaseContext>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          if (!errors?.some((e) => e.extensions?.code === SERVICE_UNAVAILABLE)) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}
