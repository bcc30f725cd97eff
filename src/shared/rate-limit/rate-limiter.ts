import { createHmac } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Redis } from 'ioredis';

/** The error code of a refused request; distinct from every limit on the request's shape. */
export const RATE_LIMITED = 'RATE_LIMITED';

export interface WindowCount {
  /** Hits in the current window, this one included. */
  count: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

/** Fixed-window counters: one counter per key and window, expiring with the window. */
export interface RateLimitStore {
  hit(key: string, weight: number, windowMs: number): Promise<WindowCount>;
}

/**
 * In-process counters, for a single replica (no REDIS_URL). Expired windows are swept at most
 * once per window, on a hit: no timer keeps the process (or a test) alive.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private nextSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async hit(key: string, weight: number, windowMs: number): Promise<WindowCount> {
    const now = this.now();
    if (now >= this.nextSweep) {
      for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
      this.nextSweep = now + windowMs;
    }
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += weight;
    return { count: window.count, resetMs: window.resetAt - now };
  }

  get size(): number {
    return this.windows.size;
  }
}

/**
 * INCRBY and the window's expiry in one atomic step (a Lua script, so two replicas can never
 * both see a fresh counter, and a counter can never be left without an expiry).
 */
const HIT_SCRIPT = `
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {count, ttl}
`;

type RedisWithHit = Redis & { huiguRateLimitHit(key: string, weight: number, windowMs: number): Promise<[number, number]> };

/** Counters in Redis, shared by every replica (REDIS_URL). Keys: `<prefix><bucket>`. */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: RedisWithHit;

  constructor(
    redis: Redis,
    private readonly prefix = 'huigu:rl:',
  ) {
    if (!('huiguRateLimitHit' in redis)) redis.defineCommand('huiguRateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
    this.redis = redis as RedisWithHit;
  }

  async hit(key: string, weight: number, windowMs: number): Promise<WindowCount> {
    const [count, resetMs] = await this.redis.huiguRateLimitHit(this.prefix + key, weight, windowMs);
    return { count: Number(count), resetMs: Number(resetMs) };
  }
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  retryAfterSeconds: number;
}

export interface RateLimiterOptions {
  store: RateLimitStore;
  /** Operations per window and caller. */
  max: number;
  windowSeconds: number;
  /**
   * Keys bucket names, so Redis and memory hold no subject or address (personal data):
   * HMAC-SHA256 of the caller key under it. The same on every replica.
   */
  keySecret: Buffer;
  /** When the store fails (Redis down): reported, and the request let through (see SECURITY.md). */
  onStoreError?: (error: unknown) => void;
}

/** The caller a limit applies to: the token subject when there is one, else the client address. */
export function callerKey(viewer: { subject: string | null }, clientAddress: string | undefined): string {
  return viewer.subject ? `sub:${viewer.subject}` : `ip:${clientAddress ?? 'unknown'}`;
}

/** Callers whose bucket names are kept; past it the memo starts over (a name is only a hash away). */
const BUCKET_NAMES_KEPT = 10_000;

export class RateLimiter {
  private readonly windowMs: number;

  constructor(private readonly options: RateLimiterOptions) {
    this.windowMs = options.windowSeconds * 1000;
  }

  /** Bucket names of recent callers: an HMAC per request costs more than the rest of the check. */
  private readonly buckets = new Map<string, string>();

  private bucket(caller: string): string {
    let name = this.buckets.get(caller);
    if (name === undefined) {
      name = createHmac('sha256', this.options.keySecret).update(caller).digest('base64url').slice(0, 32);
      if (this.buckets.size >= BUCKET_NAMES_KEPT) this.buckets.clear();
      this.buckets.set(caller, name);
    }
    return name;
  }

  /** Counts `weight` operations (a batch counts each) for the caller and decides. */
  async consume(caller: string, weight = 1): Promise<RateLimitDecision> {
    const { max } = this.options;
    let window: WindowCount;
    try {
      window = await this.options.store.hit(this.bucket(caller), weight, this.windowMs);
    } catch (error) {
      this.options.onStoreError?.(error);
      return { allowed: true, limit: max, remaining: max, retryAfterSeconds: 0 };
    }
    const allowed = window.count <= max;
    return {
      allowed,
      limit: max,
      remaining: Math.max(0, max - window.count),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(window.resetMs / 1000)),
    };
  }

  /**
   * Throws RATE_LIMITED when the caller is over the limit: HTTP 429 with `Retry-After`, and
   * `extensions.retryAfterSeconds`. Call it in the context function: Apollo turns an error
   * thrown there into a response with its status and headers before any parsing.
   */
  async enforce(caller: string, weight = 1): Promise<RateLimitDecision> {
    const decision = await this.consume(caller, weight);
    if (!decision.allowed) throw rateLimitedError(decision);
    return decision;
  }
}

export function rateLimitedError(decision: RateLimitDecision): GraphQLError {
  return new GraphQLError(`Too many requests: at most ${decision.limit} operations per window; retry in ${decision.retryAfterSeconds} s`, {
    extensions: {
      code: RATE_LIMITED,
      retryAfterSeconds: decision.retryAfterSeconds,
      http: { status: 429, headers: new Map([['retry-after', String(decision.retryAfterSeconds)]]) },
    },
  });
}
