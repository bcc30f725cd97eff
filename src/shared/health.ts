import { randomUUID } from 'node:crypto';
import { Router, type RequestHandler, type Response } from 'express';
import type { Orm } from './orm';

export interface Health {
  /** GET /healthz and GET /readyz. */
  router: Router;
  /** From now on /readyz answers 503, so load balancers stop sending while in-flight requests drain. */
  startDraining(): void;
}

export interface HealthOptions {
  /** Longest wait for the database before /readyz answers 503. */
  timeoutMs?: number;
}

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
 *   while draining. Answers name what failed, never an error message (no SQL, hosts or paths).
 */
export function createHealth(orm: Orm, { timeoutMs = 2000 }: HealthOptions = {}): Health {
  let draining = false;
  const router = Router();
  const noStore = (res: Response) => res.set('cache-control', 'no-store');

  router.get('/healthz', (_req, res) => {
    noStore(res).json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    noStore(res);
    if (draining) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    try {
      await withTimeout(orm.em.getConnection().execute('select 1'), timeoutMs);
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
      return;
    }
    let pending: number;
    try {
      pending = (await withTimeout(orm.getMigrator().getPendingMigrations(), timeoutMs)).length;
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'ok', migrations: 'unknown' });
      return;
    }
    if (pending > 0) {
      res.status(503).json({ status: 'unavailable', database: 'ok', pendingMigrations: pending });
      return;
    }
    res.json({ status: 'ready', database: 'ok', pendingMigrations: 0 });
  });

  return { router, startDraining: () => void (draining = true) };
}

/** A request id we accept from a client or proxy: a short token, nothing that could forge a log line. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Gives every request an id: the incoming `x-request-id` when it is a sane token (8–128 of
 * A–Z a–z 0–9 . _ : -), else a fresh UUID. Kept in `res.locals.requestId` (read it with
 * requestIdOf) and echoed in the `x-request-id` response header.
 */
export function requestIdMiddleware(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get(REQUEST_ID_HEADER);
    const id = incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = id;
    res.set(REQUEST_ID_HEADER, id);
    next();
  };
}

export function requestIdOf(res: Response): string {
  const id = res.locals.requestId;
  return typeof id === 'string' ? id : randomUUID();
}
