import type { Redis } from 'ioredis';
import type { AppConfig } from '../../config';
import { MemoryRateLimitStore, RateLimiter, RedisRateLimitStore } from './rate-limiter';

export * from './rate-limiter';

/**
 * The limiter from configuration: in Redis when the replica has a shared client (limits hold
 * across replicas), in process otherwise. `keySecret`: e.g. derivePurposeKey(keyring, 'rate-limit').
 */
export function createRateLimiter(
  config: Pick<AppConfig, 'limits'>,
  options: { keySecret: Buffer; redis: Redis | null; onStoreError?: (error: unknown) => void },
): RateLimiter {
  const { redis } = options;
  const store = redis ? new RedisRateLimitStore(redis) : new MemoryRateLimitStore();
  return new RateLimiter({
    store,
    max: config.limits.rateLimitMax,
    windowSeconds: config.limits.rateLimitWindowSeconds,
    keySecret: options.keySecret,
    onStoreError: options.onStoreError,
  });
}
