import { once } from 'node:events';
import { Redis } from 'ioredis';
import type { Logger } from './logger';
import { createOutageLog } from './outage';

/** How long a command waits for the client's first connection right after start-up. */
const FIRST_CONNECT_WAIT_MS = 250;

/**
 * A warning logged at most once a minute: a Redis that is down must not flood the log with one
 * line per request.
 */
export function throttledWarning(logger: Logger, intervalMs = 60_000): (message: string, error: unknown) => void {
  let last = 0;
  return (message, error) => {
    const now = Date.now();
    if (now - last < intervalMs) return;
    last = now;
    logger.warn(message, { error: error instanceof Error ? error.message : String(error) });
  };
}

/**
 * The replica's one Redis client for everything shared between replicas (analytics cache,
 * persisted queries, rate limits): one connection per replica, not one per concern. It fails
 * fast, as every user treats Redis trouble as "not shared this time" (a cache miss, limits
 * counted in process): no offline queue, one retry, a command timeout. An outage is logged when
 * it starts, as a count of connection errors per `outageLogIntervalMs`, and when it ends.
 */
export function createSharedRedis(url: string, logger: Logger, outageLogIntervalMs = 60_000): Redis {
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 500, connectTimeout: 2000 });
  const outage = createOutageLog(logger, 'redis', { intervalMs: outageLogIntervalMs });
  client.on('error', (error: NodeJS.ErrnoException) => outage.failed(error.code ?? error.name));
  client.on('ready', () => outage.recovered());
  client.on('end', () => outage.close());
  return client;
}

/**
 * Whether commands can be sent now. Right after start the first connection is awaited briefly,
 * so the first requests share state too; a Redis that is down or reconnecting answers false.
 */
export async function redisReady(client: Redis): Promise<boolean> {
  if (client.status === 'ready') return true;
  if (client.status !== 'connecting' && client.status !== 'connect') return false;
  return once(client, 'ready', { signal: AbortSignal.timeout(FIRST_CONNECT_WAIT_MS) }).then(
    () => true,
    () => false,
  );
}

/** Closes the shared client at shutdown: QUIT when connected, else drop the socket. */
export async function closeSharedRedis(client: Redis | null): Promise<void> {
  if (client) await client.quit().catch(() => client.disconnect());
}
