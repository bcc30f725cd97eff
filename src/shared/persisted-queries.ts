import type { PersistedQueryOptions } from '@apollo/server';
import type { Redis } from 'ioredis';
import type { Logger } from './logger';
import { redisReady } from './redis';

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
    if (!(await redisReady(this.redis))) return undefined;
    try {
      return (await this.redis.get(this.prefix + key)) ?? undefined;
    } catch (error) {
      this.logger.warn('persisted query cache: read failed, treated as a miss', { error });
      return undefined;
    }
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    // While Redis is down the outage is logged once (src/shared/redis.ts), not per registration.
    if (!(await redisReady(this.redis))) return;
    try {
      if (options?.ttl) await this.redis.set(this.prefix + key, value, 'EX', options.ttl);
      else await this.redis.set(this.prefix + key, value);
    } catch (error) {
      this.logger.warn('persisted query cache: write failed', { error });
    }
  }

  async delete(key: string): Promise<boolean> {
    if (!(await redisReady(this.redis))) return false;
    try {
      return (await this.redis.del(this.prefix + key)) > 0;
    } catch (error) {
      this.logger.warn('persisted query cache: delete failed', { error });
      return false;
    }
  }
}

/**
 * Apollo's persisted-query options: in Redis when the replica has a shared client (every replica
 * knows a hash any one registered), else Apollo's own bounded in-memory cache (one replica).
 */
export function persistedQueryOptions(redis: Redis | null, logger: Logger): PersistedQueryOptions {
  return redis ? { cache: new RedisQueryCache(redis, logger), ttl: PERSISTED_QUERY_TTL_SECONDS } : { ttl: PERSISTED_QUERY_TTL_SECONDS };
}
