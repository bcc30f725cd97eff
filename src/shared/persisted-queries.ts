import type { ApolloServerPlugin, PersistedQueryOptions } from '@apollo/server';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { Redis } from 'ioredis';
import type { LimitsConfig } from '../config';
import type { Logger } from './logger';
import { QueryLimitError, QuerySafetyCode } from './query-safety/errors';
import { redisReady } from './redis';

type StringCache = NonNullable<PersistedQueryOptions['cache']>;

/** How long a registered hash lives; a client whose hash expired just sends the query again. */
export const PERSISTED_QUERY_TTL_SECONDS = 24 * 60 * 60;

export type PersistedQueryLimits = Pick<LimitsConfig, 'persistedQueryMaxBytes' | 'persistedQueryMaxCount'>;

/**
 * Stores a registration and keeps at most ARGV[3] of them: an index (sorted set, scored by
 * expiry) names every live registration; expired ones leave it, then the oldest beyond the
 * count are deleted. The oldest gives way rather than the newest being refused, so a caller
 * filling the store only churns it (a client whose hash went just registers it again, as the
 * protocol expects) instead of locking every other client out. Redis's clock, one round trip,
 * atomic. KEYS: index, query key; ARGV: query, ttl seconds, max count.
 */
const REGISTER = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs)
redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[2])
redis.call('ZADD', KEYS[1], nowMs + tonumber(ARGV[2]) * 1000, KEYS[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 1000)
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[3])
if over > 0 then
  local oldest = redis.call('ZPOPMIN', KEYS[1], over)
  for i = 1, #oldest, 2 do redis.call('DEL', oldest[i]) end
end
return 0
`;

/**
 * Automatic persisted queries kept in Redis, so every replica behind the load balancer knows
 * a hash any one of them registered, at most `maxCount` at once (see REGISTER). Redis trouble
 * never fails a request: a failed read is a miss (the client then sends the full query, as the
 * protocol expects) and a failed write is logged and dropped.
 */
export class RedisQueryCache implements StringCache {
  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    private readonly maxCount: number,
    private readonly prefix = 'huigu:',
  ) {}

  private get index(): string {
    return `${this.prefix}persisted-query-index`;
  }

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
      await this.redis.eval(REGISTER, 2, this.index, this.prefix + key, value, options?.ttl || PERSISTED_QUERY_TTL_SECONDS, this.maxCount);
    } catch (error) {
      this.logger.warn('persisted query cache: write failed', { error });
    }
  }

  async delete(key: string): Promise<boolean> {
    if (!(await redisReady(this.redis))) return false;
    try {
      const [[, removed]] = (await this.redis.multi().del(this.prefix + key).zrem(this.index, this.prefix + key).exec()) as [[unknown, number]];
      return removed > 0;
    } catch (error) {
      this.logger.warn('persisted query cache: delete failed', { error });
      return false;
    }
  }
}

/**
 * Apollo's persisted-query options: in Redis when the replica has a shared client (every replica
 * knows a hash any one registered), else in process; either way at most `persistedQueryMaxCount`
 * registrations (the least recently used give way in process, the oldest in Redis).
 */
export function persistedQueryOptions(redis: Redis | null, logger: Logger, limits: PersistedQueryLimits): PersistedQueryOptions {
  const cache = redis
    ? new RedisQueryCache(redis, logger, limits.persistedQueryMaxCount)
    : new InMemoryLRUCache<string>({ max: limits.persistedQueryMaxCount, maxSize: limits.persistedQueryMaxCount * limits.persistedQueryMaxBytes });
  return { cache, ttl: PERSISTED_QUERY_TTL_SECONDS };
}

/**
 * Refuses to register a persisted query longer than `maxBytes` with PERSISTED_QUERY_TOO_LARGE
 * (400), before Apollo stores it (it registers after `didResolveOperation`). The query itself
 * may still be sent in full, without registering it.
 */
export function persistedQuerySizePlugin(maxBytes: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ metrics, source }) {
          if (!metrics.persistedQueryRegister) return;
          const bytes = Buffer.byteLength(source);
          if (bytes > maxBytes) {
            throw new QueryLimitError(
              QuerySafetyCode.PERSISTED_QUERY_TOO_LARGE,
              `A persisted query may be registered up to ${maxBytes} bytes, this one has ${bytes}: send it without the persistedQuery extension`,
              { limit: maxBytes },
            );
          }
        },
      };
    },
  };
}
