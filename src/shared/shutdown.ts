import type { ShutdownConfig } from '../config';
import type { Logger } from './logger';

/** Kept back from the grace for what follows the HTTP drain: closing the pool and stopping the database. */
const CLOSING_RESERVE_MS = 2000;

/**
 * How long in-flight requests may run once the server stops accepting: the grace less the
 * delay and the closing reserve (a quarter of the grace when the grace is short).
 */
export function httpDrainMs({ graceMs, delayMs }: ShutdownConfig): number {
  return Math.max(0, graceMs - delayMs - Math.min(CLOSING_RESERVE_MS, graceMs / 4));
}

export interface ShutdownSteps {
  /** At once, synchronously: /readyz turns 503. */
  startDraining(): void;
  /** Stops accepting, closes idle keep-alive connections, lets in-flight requests finish. */
  drainHttp(): Promise<void>;
  /** Then the pool, then the database, in that order. */
  close: (() => Promise<void>)[];
}

/**
 * The one shutdown path on SIGTERM and SIGINT (Apollo's own handler is off, and the embedded
 * database's is released by startDatabase): readiness fails at once, new requests are still
 * served for the configured delay, then the HTTP server drains, then everything closes and the
 * process exits 0. Whatever is still running when the grace is over, the process exits 1. A
 * second signal changes nothing: the first one's grace still holds.
 */
export function stopOnTerminationSignals(steps: ShutdownSteps, { graceMs, delayMs }: ShutdownConfig, logger: Logger): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    steps.startDraining();
    logger.info('shutting down', { signal, graceMs, delayMs });
    setTimeout(() => {
      logger.error('shutdown grace exceeded; exiting with work still running', { graceMs });
      process.exit(1);
    }, graceMs).unref();
    try {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await steps.drainHttp();
      for (const close of steps.close) await close();
    } catch (error) {
      logger.error('shutdown failed', { error });
      process.exit(1);
    }
    logger.info('stopped', { ms: Date.now() - started });
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void stop(signal));
}
