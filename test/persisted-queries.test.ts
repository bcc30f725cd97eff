import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { Redis } from 'ioredis';
import request from 'supertest';
import { loadConfig } from '../src/config';
import { createErrorFormatter } from '../src/shared/error-formatting';
import { createLogger } from '../src/shared/logger';
import { persistedQueryOptions, persistedQuerySizePlugin, RedisQueryCache } from '../src/shared/persisted-queries';
import { querySafety } from '../src/shared/query-safety';

/** Issue 12, item 7: anonymous callers registered automatic persisted queries without bound. */
const sha256 = (query: string) => createHash('sha256').update(query).digest('hex');
const codes = (body: { errors?: { extensions?: { code?: string } }[] }) => (body.errors ?? []).map((e) => e.extensions?.code);

async function serve(env: Record<string, string> = {}) {
  const config = loadConfig({ NODE_ENV: 'test', ...env });
  const safety = querySafety(config);
  const apollo = new ApolloServer({
    typeDefs: 'type Query { hello(name: String): String! }',
    resolvers: { Query: { hello: (_: unknown, { name }: { name?: string }) => `hello ${name ?? 'world'}` } },
    ...safety.apolloOptions,
    validationRules: safety.validationRules,
    persistedQueries: persistedQueryOptions(null, createLogger('silent'), config.limits),
    plugins: [...safety.plugins, persistedQuerySizePlugin(config.limits.persistedQueryMaxBytes)],
    formatError: createErrorFormatter(() => undefined),
  });
  await apollo.start();
  const app = express();
  app.use('/graphql', ...safety.expressMiddleware, expressMiddleware(apollo));
  /** Registers `query` (hash and text) or, without it, asks by hash alone. */
  const apq = (hash: string, query?: string) =>
    request(app)
      .post('/graphql')
      .set('content-type', 'application/json')
      .send({ ...(query ? { query } : {}), extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
  return { apollo, apq };
}

describe('automatic persisted queries are bounded', () => {
  it(`refuses to register a query over PERSISTED_QUERY_MAX_KB (8) with PERSISTED_QUERY_TOO_LARGE, and does not store it`, async () => {
    const { apollo, apq } = await serve();
    try {
      const small = '{ hello }';
      expect((await apq(sha256(small), small)).body).toEqual({ data: { hello: 'hello world' } });
      expect((await apq(sha256(small))).body).toEqual({ data: { hello: 'hello world' } });

      const large = `{ hello(name: "${'x'.repeat(9 * 1024)}") }`;
      const refused = await apq(sha256(large), large);
      expect(refused.status).toBe(400);
      expect(codes(refused.body)).toEqual(['PERSISTED_QUERY_TOO_LARGE']);
      expect(refused.body.errors[0].message).toMatch(/up to 8192 bytes, this one has 92\d\d/);
      expect(codes((await apq(sha256(large))).body)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    } finally {
      await apollo.stop();
    }
  });

  it('keeps at most PERSISTED_QUERY_MAX_COUNT registrations in process: the least recently used gives way', async () => {
    const { apollo, apq } = await serve({ PERSISTED_QUERY_MAX_COUNT: '2' });
    try {
      const queries = ['{ a: hello }', '{ b: hello }', '{ c: hello }'];
      for (const query of queries) expect((await apq(sha256(query), query)).body.errors).toBeUndefined();
      expect(codes((await apq(sha256(queries[0]))).body)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      expect((await apq(sha256(queries[1]))).body).toEqual({ data: { b: 'hello world' } });
      expect((await apq(sha256(queries[2]))).body).toEqual({ data: { c: 'hello world' } });
    } finally {
      await apollo.stop();
    }
  });
});

const redisUrl = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/15';

/** Whether Redis answers, decided when the file loads so a missing Redis skips visibly. */
function redisReachable(url: string): boolean {
  const { hostname, port } = new URL(url);
  const probe = `require('net').connect(${Number(port) || 6379}, ${JSON.stringify(hostname)}).on('connect', () => process.exit(0)).on('error', () => process.exit(1))`;
  return spawnSync(process.execPath, ['-e', probe], { timeout: 2000 }).status === 0;
}
const reachable = redisReachable(redisUrl);
if (!reachable) console.warn(`Redis not reachable at ${redisUrl}: the Redis count cap test is skipped (start redis-server or set TEST_REDIS_URL)`);

(reachable ? describe : describe.skip)(`automatic persisted queries in Redis (shared by replicas) are bounded${reachable ? '' : ' [skipped: Redis not reachable]'}`, () => {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0 });
  // The cache sends nothing to a client that is not ready (an outage is a miss, not an error).
  beforeAll(() => redis.connect());
  afterAll(() => redis.quit());

  it('keeps at most PERSISTED_QUERY_MAX_COUNT registrations: the oldest gives way', async () => {
    const prefix = `huigu-test-${randomBytes(4).toString('hex')}:`;
    const cache = new RedisQueryCache(redis, createLogger('silent'), 2, prefix);
    try {
      await cache.set('apq:one', '{ a: hello }', { ttl: 60 });
      await cache.set('apq:two', '{ b: hello }', { ttl: 60 });
      await cache.set('apq:three', '{ c: hello }', { ttl: 60 });
      expect(await cache.get('apq:one')).toBeUndefined();
      expect(await cache.get('apq:two')).toBe('{ b: hello }');
      expect(await cache.get('apq:three')).toBe('{ c: hello }');
      expect(await redis.zcard(`${prefix}persisted-query-index`)).toBe(2);
      // Registering one again makes it the newest.
      await cache.set('apq:two', '{ b: hello }', { ttl: 60 });
      await cache.set('apq:four', '{ d: hello }', { ttl: 60 });
      expect(await cache.get('apq:three')).toBeUndefined();
      expect(await cache.get('apq:two')).toBe('{ b: hello }');
      expect(await cache.delete('apq:two')).toBe(true);
      expect(await redis.zcard(`${prefix}persisted-query-index`)).toBe(1);
    } finally {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
    }
  });
});
