import type { PersistedQueryOptions } from '@apollo/server';
import Redis from 'ioredis';
import type { Logger } from './logger';

type StringCache = NonNullable<PersistedQueryOptions['cache']>;

/** How long a registered hash lives; a client whose hash expired just sends the query again. */
export const PERSISTED_QUERY_TTL_SECONDS = 24 * 60 * 60;

/**
 * Automatic persisted queries kept in Redis, so every replica behind the load balancer knows
 * a hash any one of them registered. Redis trouble never fails a request: a failed read is a
 * miss (the client then sends the full query, as the protocol expects) and a failed write is
 * logged and dropped.
 */
export class RedisQueryCache implements StringCache {
  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    private readonly prefix = 'huigu:',
  ) {}

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.redis.get(this.prefix + key)) ?? undefined;
    } catch (error) {
      this.logger.warn('persisted query cache: read failed, treated as a miss', { error });
      return undefined;
    }
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    try {
      if (options?.ttl) await this.redis.set(this.prefix + key, value, 'EX', options.ttl);
      else await this.redis.set(this.prefix + key, value);
    } catch (error) {
      this.logger.warn('persisted query cache: write failed', { error });
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      return (await this.redis.del(this.prefix + key)) > 0;
    } catch (error) {
      this.logger.warn('persisted query cache: delete failed', { error });
      return false;
    }
  }
}

export interface PersistedQueries {
  options: PersistedQueryOptions;
  close(): Promise<void>;
}

/** With a Redis URL, a shared store; without, Apollo's own bounded in-memory cache (one replica). */
export function createPersistedQueries(redisUrl: string | null, logger: Logger): PersistedQueries {
  if (!redisUrl) return { options: { ttl: PERSISTED_QUERY_TTL_SECONDS }, close: async () => undefined };
  // Commands wait for the connection at start-up, but never longer than commandTimeout.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 500 });
  redis.on('error', (error: Error) => logger.warn('persisted query cache: redis unavailable', { error: error.message }));
  return {
    options: { cache: new RedisQueryCache(redis, logger), ttl: PERSISTED_QUERY_TTL_SECONDS },
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
