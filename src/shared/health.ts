import { randomUUID } from 'node:crypto';
import { Router, type RequestHandler, type Response } from 'express';
import onHeaders from 'on-headers';
import type { Orm } from './orm';
import type { ReplicaStatus } from './replicas';

export interface Health {
  /** GET /healthz and GET /readyz. */
  router: Router;
  /** From now on /readyz answers 503, so load balancers stop sending while in-flight requests drain. */
  startDraining(): void;
  /**
   * Mount first: once draining, every response still to be sent says `Connection: close`, so a
   * keep-alive client opens its next request elsewhere instead of on a socket about to close.
   */
  closeConnectionsWhileDraining: RequestHandler;
}

export interface HealthOptions {
  /** Longest wait for the database before /readyz answers 503. */
  timeoutMs?: number;
  /** How long an answer of /readyz is reused: probes, however many, cost the database one check per period. */
  cacheMs?: number;
  /**
   * Each read replica's state and lag, reported by /readyz. A replica out of rotation does not
   * make the process unready: its reads go to the others or to the primary.
   */
  replicas?: () => ReplicaStatus[];
}

interface Readiness {
  status: 200 | 503;
  body: Record<string, unknown>;
}

const DRAINING: Readiness = { status: 503, body: { status: 'draining' } };

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Liveness and readiness, as JSON:
 * - /healthz: the process serves HTTP (no dependency is checked: a database outage must not
 *   make an orchestrator restart every replica);
 * - /readyz: the database answers `select 1` and no migration is pending; 503 otherwise, or
 *   while draining; with read replicas, also each replica's state and lag (a replica out of
 *   rotation leaves the process ready: the others or the primary serve its reads). Answers name what failed, never an error message (no SQL, hosts or paths).
 *   One check serves every probe for `cacheMs` (concurrent probes share the one in flight);
 *   draining is answered at once, never from the cache.
 */
export function createHealth(orm: Orm, { timeoutMs = 2000, cacheMs = 1000, replicas }: HealthOptions = {}): Health {
  let draining = false;
  let last: { startedAt: number; answer: Promise<Readiness> } | null = null;
  const router = Router();
  const noStore = (res: Response) => res.set('cache-control', 'no-store');

  const check = async (): Promise<Readiness> => {
    try {
      await withTimeout(orm.em.getConnection().execute('select 1'), timeoutMs);
    } catch {
      return { status: 503, body: { status: 'unavailable', database: 'unreachable' } };
    }
    let pending: number;
    try {
      pending = (await withTimeout(orm.getMigrator().getPendingMigrations(), timeoutMs)).length;
    } catch {
      return { status: 503, body: { status: 'unavailable', database: 'ok', migrations: 'unknown' } };
    }
    if (pending > 0) return { status: 503, body: { status: 'unavailable', database: 'ok', pendingMigrations: pending } };
    return { status: 200, body: { status: 'ready', database: 'ok', pendingMigrations: 0 } };
  };

  const readiness = (): Promise<Readiness> => {
    const now = Date.now();
    if (!last || now - last.startedAt >= cacheMs) last = { startedAt: now, answer: check() };
    return last.answer;
  };

  router.get('/healthz', (_req, res) => {
    noStore(res).json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    const checked = draining ? DRAINING : await readiness();
    // Asked again after the wait: a probe that began before the signal must not say "ready".
    const { status, body } = draining ? DRAINING : checked;
    // Replicas as the checker last saw them (it runs on its own timer: nothing is asked here).
    noStore(res).status(status).json(replicas ? { ...body, replicas: replicas() } : body);
  });

  const closeConnectionsWhileDraining: RequestHandler = (_req, res, next) => {
    onHeaders(res, () => {
      if (draining) res.setHeader('connection', 'close');
    });
    next();
  };

  return { router, startDraining: () => void (draining = true), closeConnectionsWhileDraining };
}

/** A request id we accept from a client or proxy: a short token, nothing that could forge a log line. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Gives every request the server's own id, a fresh UUID, kept in `res.locals.requestId` (read it
 * with requestIdOf) and sent in the `x-request-id` response header: logs and the audit trail
 * name a request by it, so no caller can choose, reuse or collide with another request's id.
 * An incoming `x-request-id` (a gateway's or client's) is kept beside it only when it is a sane
 * token (8–128 of A–Z a–z 0–9 . _ : -): read it with clientRequestIdOf.
 */
export function requestIdMiddleware(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get(REQUEST_ID_HEADER);
    res.locals.requestId = randomUUID();
    res.locals.clientRequestId = incoming && SANE_REQUEST_ID.test(incoming) ? incoming : null;
    res.set(REQUEST_ID_HEADER, res.locals.requestId);
    next();
  };
}

export function requestIdOf(res: Response): string {
  const id = res.locals.requestId;
  return typeof id === 'string' ? id : randomUUID();
}

/** The caller's well-formed `x-request-id`, for correlation only: never trusted as unique. */
export function clientRequestIdOf(res: Response): string | null {
  const id = res.locals.clientRequestId;
  return typeof id === 'string' ? id : null;
}
