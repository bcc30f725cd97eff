import { createHmac } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** The error code of a refused request; distinct from every limit on the request's shape. */
export const RATE_LIMITED = 'RATE_LIMITED';

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  retryAfterSeconds: number;
}

export interface RateLimiterOptions {
  /** Operations per window and caller. */
  max: number;
  windowSeconds: number;
  /**
   * Keys bucket names, so Redis and memory hold no subject or address (personal data):
   * HMAC-SHA256 of the caller key under it. The same on every replica.
   */
  keySecret: Buffer;
  /**
   * The replica's shared client: counts in Redis, shared by every replica. While Redis is down
   * or not yet connected, this replica counts in process instead (the insurance limiter), so
   * callers are still limited, per replica, rather than let through. Null: in process only.
   */
  redis: Redis | null;
  /** Redis keys are `<keyPrefix>:<bucket>`. */
  keyPrefix?: string;
}

/** The caller a limit applies to: the token subject when there is one, else the client address. */
export function callerKey(viewer: { subject: string | null }, clientAddress: string | undefined): string {
  return viewer.subject ? `sub:${viewer.subject}` : `ip:${clientAddress ?? 'unknown'}`;
}

/** Callers whose bucket names are kept (least recently seen first out). */
const BUCKET_NAMES_KEPT = 10_000;

/**
 * Fixed windows per caller, from rate-limiter-flexible: an atomic Lua INCRBY-and-expire in
 * Redis, with a RateLimiterMemory as insurance when a Redis command fails or the client is not
 * ready (no command is even tried then: no timeout per request while Redis is down).
 */
export class RateLimiter {
  private readonly limiter: RateLimiterAbstract;
  /** Bucket names of recent callers: an HMAC per request costs more than the rest of the check. */
  private readonly buckets = new LRUCache<string, string>({ max: BUCKET_NAMES_KEPT });

  constructor(private readonly options: RateLimiterOptions) {
    const window = { points: options.max, duration: options.windowSeconds };
    const inProcess = new RateLimiterMemory(window);
    this.limiter = options.redis
      ? new RateLimiterRedis({ ...window, storeClient: options.redis, keyPrefix: options.keyPrefix ?? 'huigu:rl', rejectIfRedisNotReady: true, insuranceLimiter: inProcess })
      : inProcess;
  }

  private bucket(caller: string): string {
    let name = this.buckets.get(caller);
    if (name === undefined) {
      name = createHmac('sha256', this.options.keySecret).update(caller).digest('base64url').slice(0, 32);
      this.buckets.set(caller, name);
    }
    return name;
  }

  /** Counts `weight` operations (a batch counts each) for the caller and decides. */
  async consume(caller: string, weight = 1): Promise<RateLimitDecision> {
    const limit = this.options.max;
    try {
      const counted = await this.limiter.consume(this.bucket(caller), weight);
      return { allowed: true, limit, remaining: counted.remainingPoints, retryAfterSeconds: 0 };
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return { allowed: false, limit, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
    }
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
