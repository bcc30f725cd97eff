import type { Redis } from 'ioredis';
import type { AppConfig } from '../../config';
import { RateLimiter } from './rate-limiter';

export * from './rate-limiter';

/**
 * The limiter from configuration: in Redis when the replica has a shared client (limits hold
 * across replicas; in process while Redis is down), in process otherwise.
 * `keySecret`: e.g. derivePurposeKey(keyring, 'rate-limit').
 */
export function createRateLimiter(config: Pick<AppConfig, 'limits'>, options: { keySecret: Buffer; redis: Redis | null }): RateLimiter {
  return new RateLimiter({ max: config.limits.rateLimitMax, windowSeconds: config.limits.rateLimitWindowSeconds, ...options });
}
