import { Redis } from 'ioredis';
import type { AppConfig } from '../../config';
import { MemoryRateLimitStore, RateLimiter, RedisRateLimitStore } from './rate-limiter';

export * from './rate-limiter';

/**
 * An ioredis client for shared state that fails fast: with Redis down a command errors at once
 * (no offline queue, one retry), and the limiter lets the request through instead of hanging it.
 */
export function createRedisClient(url: string): Redis {
  return new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: false });
}

/**
 * The limiter from configuration: Redis when REDIS_URL is set (pass the app's client if it has
 * one), in process otherwise. `keySecret`: e.g. derivePurposeKey(keyring, 'rate-limit').
 */
export function createRateLimiter(
  config: Pick<AppConfig, 'redisUrl' | 'limits'>,
  options: { keySecret: Buffer; redis?: Redis; onStoreError?: (error: unknown) => void },
): { limiter: RateLimiter; redis: Redis | null } {
  const redis = options.redis ?? (config.redisUrl ? createRedisClient(config.redisUrl) : null);
  const store = redis ? new RedisRateLimitStore(redis) : new MemoryRateLimitStore();
  const limiter = new RateLimiter({
    store,
    max: config.limits.rateLimitMax,
    windowSeconds: config.limits.rateLimitWindowSeconds,
    keySecret: options.keySecret,
    onStoreError: options.onStoreError,
  });
  return { limiter, redis };
}
