import { randomBytes } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { Redis } from 'ioredis';
import request from 'supertest';
import { loadConfig } from '../src/config';
import { callerKey, createRateLimiter, RATE_LIMITED, RateLimiter, type RateLimiterOptions } from '../src/shared/rate-limit';
import { describeWithRedis, testRedisUrl } from './helpers/redis';

const keySecret = randomBytes(32);
type Store = Pick<RateLimiterOptions, 'redis' | 'keyPrefix'>;

function sharedBehaviour(name: string, store: () => Store, cleanup: () => Promise<void> = async () => undefined) {
  describe(`${name}: fixed window per caller`, () => {
    afterEach(cleanup);

    it('lets max operations through, then refuses with a retry hint', async () => {
      const limiter = new RateLimiter({ ...store(), max: 3, windowSeconds: 60, keySecret });
      const caller = `sub:alice-${randomBytes(4).toString('hex')}`;
      const decisions = [];
      for (let i = 0; i < 4; i++) decisions.push(await limiter.consume(caller));
      expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
      expect(decisions.map((d) => d.remaining)).toEqual([2, 1, 0, 0]);
      expect(decisions[3].retryAfterSeconds).toBeGreaterThanOrEqual(59);
      expect(decisions[3].retryAfterSeconds).toBeLessThanOrEqual(60);
      await expect(limiter.enforce(caller)).rejects.toMatchObject({ extensions: { code: RATE_LIMITED, retryAfterSeconds: expect.any(Number) } });
    });

    it('counts callers separately and weighs batches', async () => {
      const limiter = new RateLimiter({ ...store(), max: 5, windowSeconds: 60, keySecret });
      const tag = randomBytes(4).toString('hex');
      expect((await limiter.consume(`ip:10.0.0.1-${tag}`, 5)).allowed).toBe(true);
      expect((await limiter.consume(`ip:10.0.0.1-${tag}`)).allowed).toBe(false);
      expect((await limiter.consume(`ip:10.0.0.2-${tag}`)).allowed).toBe(true);
      expect((await limiter.consume(`sub:bob-${tag}`, 6)).allowed).toBe(false);
    });

    it('opens a new window when the old one ends', async () => {
      const limiter = new RateLimiter({ ...store(), max: 1, windowSeconds: 1, keySecret });
      const caller = `sub:carol-${randomBytes(4).toString('hex')}`;
      expect((await limiter.consume(caller)).allowed).toBe(true);
      expect((await limiter.consume(caller)).allowed).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await limiter.consume(caller)).allowed).toBe(true);
    });
  });
}

sharedBehaviour('in process', () => ({ redis: null }));

describe('with Redis down (the insurance limiter)', () => {
  it('counts in process instead of letting requests through, and throws nothing', async () => {
    const dead = new Redis('redis://127.0.0.1:1/0', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      const limiter = new RateLimiter({ redis: dead, max: 2, windowSeconds: 30, keySecret });
      const decisions = [];
      for (let i = 0; i < 5; i++) decisions.push((await limiter.consume('sub:erin')).allowed);
      expect(decisions).toEqual([true, true, false, false, false]);
    } finally {
      dead.disconnect();
    }
  });
});

describeWithRedis('Redis store', () => {
  const prefix = `huigu:test:rl:${process.pid}:${randomBytes(4).toString('hex')}`;
  let redis: Redis;
  let second: Redis;

  beforeAll(async () => {
    redis = new Redis(testRedisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    second = new Redis(testRedisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await Promise.all([redis.connect(), second.connect()]);
  });
  const cleanup = async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
  };
  afterAll(async () => {
    await cleanup();
    await Promise.all([redis.quit(), second.quit()]);
  });

  sharedBehaviour('Redis store', () => ({ redis, keyPrefix: prefix }), cleanup);

  it('is shared between replicas (two clients, one count), and every counter expires', async () => {
    const replicaA = new RateLimiter({ redis, keyPrefix: prefix, max: 4, windowSeconds: 30, keySecret });
    const replicaB = new RateLimiter({ redis: second, keyPrefix: prefix, max: 4, windowSeconds: 30, keySecret });
    const caller = 'sub:dave';
    await Promise.all([replicaA.consume(caller), replicaB.consume(caller), replicaA.consume(caller), replicaB.consume(caller)]);
    expect((await replicaA.consume(caller)).allowed).toBe(false);
    expect((await replicaB.consume(caller)).allowed).toBe(false);
    const keys = await redis.keys(`${prefix}*`);
    expect(keys).toHaveLength(1);
    const ttl = await redis.pttl(keys[0]);
    expect(ttl).toBeGreaterThan(25_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
  });

  it('holds no subject or address in its keys (HMAC-named buckets)', async () => {
    const limiter = new RateLimiter({ redis, keyPrefix: prefix, max: 4, windowSeconds: 30, keySecret });
    await limiter.consume('sub:张伟@district.gov.cn');
    await limiter.consume('ip:203.0.113.7');
    const keys = await redis.keys(`${prefix}*`);
    expect(keys.join(' ')).not.toMatch(/张伟|district|203\.0\.113/);
  });

  it('createRateLimiter counts in Redis when the replica has a shared client (limits hold across replicas), in process otherwise', async () => {
    const config = loadConfig({ REDIS_URL: testRedisUrl, RATE_LIMIT_MAX: '2' });
    const [a, b] = [createRateLimiter(config, { keySecret, redis }), createRateLimiter(config, { keySecret, redis: second })];
    const shared = `sub:grace-${randomBytes(4).toString('hex')}`;
    await a.consume(shared);
    await b.consume(shared);
    expect((await a.consume(shared)).allowed).toBe(false);
    const inProcess = createRateLimiter(loadConfig({ RATE_LIMIT_MAX: '2' }), { keySecret, redis: null });
    const other = createRateLimiter(loadConfig({ RATE_LIMIT_MAX: '2' }), { keySecret, redis: null });
    const caller = `sub:frank-${randomBytes(4).toString('hex')}`;
    await inProcess.consume(caller);
    await inProcess.consume(caller);
    expect((await other.consume(caller)).allowed).toBe(true); // another process counts its own
    expect((await inProcess.consume(caller)).allowed).toBe(false);
  });
});

describe('callerKey', () => {
  it('is the subject when the token has one, else the client address', () => {
    expect(callerKey({ subject: 'alice' }, '10.0.0.1')).toBe('sub:alice');
    expect(callerKey({ subject: null }, '10.0.0.1')).toBe('ip:10.0.0.1');
    expect(callerKey({ subject: null }, undefined)).toBe('ip:unknown');
  });
});

describe('through HTTP: enforced in the context function', () => {
  let apollo: ApolloServer;
  let app: express.Express;

  beforeAll(async () => {
    const limiter = new RateLimiter({ redis: null, max: 3, windowSeconds: 60, keySecret });
    apollo = new ApolloServer({ typeDefs: 'type Query { hello: String! }', resolvers: { Query: { hello: () => 'world' } }, allowBatchedHttpRequests: true });
    await apollo.start();
    app = express();
    app.use(
      '/graphql',
      express.json(),
      expressMiddleware(apollo, {
        context: async ({ req }) => {
          const subject = req.get('x-test-subject') ?? null;
          await limiter.enforce(callerKey({ subject }, req.ip), Array.isArray(req.body) ? req.body.length : 1);
          return {};
        },
      }),
    );
  });
  afterAll(() => apollo.stop());

  const post = (body: unknown, subject?: string) => {
    const req = request(app).post('/graphql').set('content-type', 'application/json');
    if (subject) req.set('x-test-subject', subject);
    return req.send(JSON.stringify(body));
  };

  it('answers 429 RATE_LIMITED with Retry-After and retryAfterSeconds; other callers are unaffected', async () => {
    expect((await post({ query: '{ hello }' }, 'grace')).status).toBe(200);
    expect((await post([{ query: '{ hello }' }, { query: '{ hello }' }], 'grace')).status).toBe(200);
    const refused = await post({ query: '{ hello }' }, 'grace');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(59);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: RATE_LIMITED, retryAfterSeconds: Number(refused.headers['retry-after']) });
    expect(refused.body.data).toBeUndefined();
    expect((await post({ query: '{ hello }' }, 'heidi')).body).toEqual({ data: { hello: 'world' } });
    expect((await post({ query: '{ hello }' })).status).toBe(200); // by address
  });
});
