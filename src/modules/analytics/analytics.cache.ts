import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { AppConfig } from '../../config';
import type { Logger } from '../../shared/logger';
import { isDatabaseUnavailable } from '../../shared/outage';
import { redisReady, throttledWarning } from '../../shared/redis';

/**
 * The aggregate cache. An entry's key names the operation, its canonical arguments, the
 * caller's visibility (with, for perturbed results, the disclosure parameters and method), the reference year and the data version of the tables
 * it was computed from; any write to those tables bumps their version (triggers, migration
 * …_analytics), so a stale entry is never read again — there is no timer. Without REDIS_URL
 * entries live in this process (LRU); with it, in Redis, shared by every API replica.
 * Concurrent identical misses in one process share one computation.
 *
 * With read replicas the version and the aggregate are read on the request's one read node
 * (src/shared/replicas.ts): a standby replays in order, so a result is never older than the
 * version it is stored under, and a lagging standby's results land under its own, older version.
 */
export interface CacheStore {
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

/** Least recently used entries go first once `capacity` is reached. */
export class MemoryStore implements CacheStore {
  readonly kind = 'memory';
  private readonly entries: LRUCache<string, NonNullable<unknown>>;

  constructor(capacity: number) {
    this.entries = new LRUCache({ max: capacity });
  }

  async get(key: string): Promise<unknown> {
    return this.entries.get(key);
  }

  async set(key: string, value: unknown): Promise<void> {
    this.entries.set(key, value as NonNullable<unknown>);
  }
}

/**
 * Entries in Redis as JSON. An entry of an old data version is never read again; the expiry
 * only returns its memory (freshness comes from the version, not from time).
 */
const REDIS_EXPIRY_SECONDS = 24 * 3600;

export class RedisStore implements CacheStore {
  readonly kind = 'redis';
  private readonly warn: (message: string, error: unknown) => void;

  /** `client`: the replica's shared client (src/shared/redis.ts), closed by its owner. */
  constructor(
    private readonly client: Redis,
    logger: Logger,
  ) {
    this.warn = throttledWarning(logger);
  }

  async get(key: string): Promise<unknown> {
    if (!(await redisReady(this.client))) return undefined;
    try {
      const text = await this.client.get(key);
      return text === null ? undefined : JSON.parse(text);
    } catch (error) {
      this.warn('analytics cache read failed', error);
      return undefined;
    }
  }

  async set(key: string, value: unknown): Promise<void> {
    if (!(await redisReady(this.client))) return;
    try {
      await this.client.set(key, JSON.stringify(value), 'EX', REDIS_EXPIRY_SECONDS);
    } catch (error) {
      this.warn('analytics cache write failed', error);
    }
  }
}

/** JSON with object keys sorted and absent values dropped: equal arguments, equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined && x !== null);
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

export interface CacheScope {
  /** Data version of the tables the result is computed from. */
  version: string;
  /** May the caller see exact counts (records)? */
  canReadRecords: boolean;
  [other: string]: unknown;
}

export class AnalyticsCache {
  private readonly inflight = new Map<string, Promise<unknown>>();
  /** The last data version read per table family. */
  private readonly lastVersions = new Map<string, string>();

  /** `store` null: caching off (ANALYTICS_CACHE_SIZE=0), every request computes. */
  constructor(readonly store: CacheStore | null) {}

  get enabled(): boolean {
    return this.store !== null;
  }

  /**
   * The data version from `read`, or while the database cannot be reached the last one read:
   * no write can bump a version during the outage, so the entries cached under it still answer
   * (as of the last read; a write in the moments before the outage may be missed).
   */
  async dataVersion(family: string, read: () => Promise<string>): Promise<string> {
    try {
      const version = await read();
      this.lastVersions.set(family, version);
      return version;
    } catch (error) {
      const last = this.lastVersions.get(family);
      if (last === undefined || !isDatabaseUnavailable(error)) throw error;
      return last;
    }
  }

  static key(operation: string, args: unknown, scope: CacheScope): string {
    const digest = createHash('sha256').update(canonicalJson({ args, scope })).digest('base64url');
    return `huigu:analytics:${operation}:${digest}`;
  }

  async getOrCompute<T>(key: string, compute: () => Promise<T>): Promise<T> {
    if (!this.store) return compute();
    const hit = await this.store.get(key);
    if (hit !== undefined) return hit as T;
    const pending = this.inflight.get(key);
    if (pending) return pending as Promise<T>;
    const store = this.store;
    const computing = compute()
      .then(async (value) => {
        await store.set(key, value);
        return value;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, computing);
    return computing;
  }
}

/** In Redis when the replica has a shared client, else in process; none with ANALYTICS_CACHE_SIZE=0. */
export function createAnalyticsCache(config: Pick<AppConfig, 'analyticsCacheSize'>, logger: Logger, redis: Redis | null): AnalyticsCache {
  if (config.analyticsCacheSize === 0) return new AnalyticsCache(null);
  return new AnalyticsCache(redis ? new RedisStore(redis, logger) : new MemoryStore(config.analyticsCacheSize));
}
