import { jose } from '../src/shared/auth/jose';
import { createKeyring } from '../src/shared/pii/keyring';
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { Agent, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { toPositional, type ReadStatement } from '../src/shared/read-sql';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { initOrm, migrate } from '../src/shared/orm';
import { seedDatabase } from '../seeds/seed';

/** What every suite gets from `npm run bench`: a running API on loopback and its database. */
export interface BenchContext {
  /** Origin of the running API (default configuration: caches on). */
  baseUrl: string;
  databaseUrl: string;
  /** Timed requests per measurement. */
  requests: number;
  /** Requests in flight at once for throughput. */
  concurrency: number;
  log: (line: string) => void;
}

export interface BenchSuite {
  name: string;
  run(context: BenchContext): Promise<unknown>;
}

export const DEFAULT_BENCH_DATABASE = 'postgresql://postgres@127.0.0.1:5432/huigu_bench';

export function benchDatabaseUrl(): string {
  return process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? DEFAULT_BENCH_DATABASE;
}

/** Creates the database if the server lacks it, migrates it, and seeds it up to `talents`. */
export async function prepareDatabase(databaseUrl: string, talents: number, log: (line: string) => void): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  const admin = new Client({ connectionString: Object.assign(new URL(databaseUrl), { pathname: '/postgres' }).toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) {
      log(`creating database ${name}`);
      await admin.query(`create database "${name.replace(/"/g, '""')}"`);
    }
  } finally {
    await admin.end();
  }
  const orm = await initOrm({ clientUrl: databaseUrl, poolMax: 2 });
  try {
    const applied = await migrate(orm);
    if (applied.length) log(`migrated: ${applied.join(', ')}`);
    // A register seeded before the demand side and the profiles existed (issue 14) is topped up:
    // the seed is idempotent, so it adds what is missing and leaves the rest.
    const [{ n, demands, profiles }] = await orm.em
      .fork()
      .getConnection()
      .execute<{ n: number; demands: number; profiles: number }[]>(
        'select (select count(*) from talent)::int as n, (select count(*) from demand)::int as demands, (select count(*) from talent_profile)::int as profiles',
      );
    if (n >= talents && demands > 0 && profiles >= n) {
      log(`reusing ${n} talents in ${name}`);
      return;
    }
    log(`seeding ${talents} talents into ${name} (it has ${n}, ${demands} demands, ${profiles} profiles); a million takes a few minutes`);
    const report = await seedDatabase(orm, { talents, keyring: createKeyring({ currentKey: BENCH_PII_KEY }), log: (line) => log(`  ${line}`) });
    log(`seeded in ${(report.elapsedMs / 1000).toFixed(1)} s`);
  } finally {
    await orm.close();
  }
}

export interface RunningApp {
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The app in a process of its own (bench/serve.ts) on an ephemeral loopback port, with extra
 * environment (e.g. ANALYTICS_CACHE_SIZE=0): the load this process generates (HTTP client,
 * JSON parsing) must not share the server's event loop. The per-caller rate limit is lifted:
 * a benchmark is one caller sending thousands of requests.
 */
export async function startApp(databaseUrl: string, env: Record<string, string> = {}, root = join(__dirname, '..')): Promise<RunningApp> {
  // `root`: another checkout of the project (the code before a change), served the same way.
  const child = fork(join(root, 'bench', 'serve.ts'), [], {
    cwd: root,
    // BENCH_CPU_PROF=<folder>: the API's CPU profile (node --cpu-prof), written when it stops.
    execArgv: ['-r', '@swc-node/register', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
    env: { ...process.env, ...productionEnv(), DATABASE_URL: databaseUrl, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', RATE_LIMIT_MAX: '1000000', ...env },
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { baseUrl: string }).baseUrl));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code} before listening`)));
  });
  return {
    baseUrl,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}

/**
 * NODE_ENV=production, as deployed (graphql-js, for one, skips its development checks), with
 * throwaway keys for what production insists on: a verification key, issuer and audience for
 * bearer tokens, a key for personal fields. Nothing is signed or encrypted with them here.
 */
const BENCH_KEYS = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
/** Fixed, so a register seeded once can be read by every later bench server; never a real key. */
export const BENCH_PII_KEY = createHash('sha256').update('huigu bench personal-data key').digest();
const BENCH_ISSUER = 'huigu-bench';

/** An ES256 token the bench servers accept, for suites that read records (ANALYST, ADMIN). */
export function benchToken(role: 'DASHBOARD' | 'ANALYST' | 'ADMIN'): Promise<string> {
  return new (jose().SignJWT)({ role })
    .setProtectedHeader({ alg: 'ES256' })
    .setSubject(`bench-${role.toLowerCase()}`)
    .setIssuer(BENCH_ISSUER)
    .setAudience(BENCH_ISSUER)
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(BENCH_KEYS.privateKey);
}

function productionEnv(): Record<string, string> {
  return {
    NODE_ENV: 'production',
    JWT_PUBLIC_KEY: BENCH_KEYS.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    JWT_ISSUER: BENCH_ISSUER,
    JWT_AUDIENCE: BENCH_ISSUER,
    PII_ENCRYPTION_KEY: BENCH_PII_KEY.toString('base64'),
  };
}

/** The app in this process: what bench/serve.ts runs. */
export async function serveInProcess(databaseUrl: string): Promise<RunningApp> {
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl });
  const orm = await initOrm({ clientUrl: databaseUrl, poolMax: 10, replicaUrls: config.replicas.urls });
  const { app, apollo } = await createApp({ orm, config });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await apollo.stop();
      await orm.close();
    },
  };
}

export type Work = (i: number) => Promise<unknown>;

/**
 * The HTTP client of every suite: node:http with keep-alive, the counterpart of the `pg` client
 * on the SQL side (a lean client on one kept-open connection per request in flight). Node's
 * `fetch` (undici, WHATWG streams) costs the client 0.5-0.7 ms a request on this machine (2.2
 * against 1.5-1.8 ms for the same cached query, measured): time of the load generator, not
 * the API's, which it would add to every API figure and to none of the SQL ones.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 16 });

/** Closes the kept-open connections once the suites are done. */
export function closeHttpClient(): void {
  agent.destroy();
}

/**
 * A GraphQL POST that fails loudly on any error. Uncompressed (`accept-encoding: identity`):
 * on loopback, gzip would only add CPU on both ends that the SQL side does not pay.
 */
export function graphql(
  baseUrl: string,
  query: string,
  variables: (i: number) => Record<string, unknown> = () => ({}),
  extraHeaders: Record<string, string> = {},
): Work {
  const { hostname, port } = new URL(baseUrl);
  return (i) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({ query, variables: variables(i) });
      const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'accept-encoding': 'identity', ...extraHeaders };
      const request = httpRequest({ hostname, port, path: '/graphql', method: 'POST', agent, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          try {
            const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { errors?: unknown[] };
            if (response.statusCode !== 200 || parsed.errors) reject(new Error(JSON.stringify(parsed.errors ?? response.statusCode)));
            else resolve(parsed);
          } catch (error) {
            reject(error);
          }
        });
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(body);
    });
}

export interface Stats {
  median: number;
  p95: number;
  /** Requests per second with `concurrency` in flight. */
  perSecond: number;
  /** Requests per second one at a time (the interleaved latency phase). */
  perSecondSerial: number;
}

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/**
 * Latency: the sides take turns request by request, one at a time, so each meets the same
 * machine (a shared box drifts); each side starts first every other round. Throughput:
 * `concurrency` requests in flight, the sides taking turns in `rounds` slices of the count, so
 * that a neighbour's burst falls on every side alike. A warm-up of a tenth as many comes first.
 */
export async function measure(count: number, concurrency: number, sides: Work[], rounds = 4): Promise<Stats[]> {
  for (let i = 0; i < Math.max(5, Math.floor(count / 10)); i++) for (const work of sides) await work(i);
  const latencies: number[][] = sides.map(() => []);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < sides.length; j++) {
      const side = (i + j) % sides.length;
      const started = performance.now();
      await sides[side](i);
      latencies[side].push(performance.now() - started);
    }
  }
  const elapsed = sides.map(() => 0);
  const slice = Math.ceil(count / rounds);
  for (let round = 0; round < rounds; round++) {
    for (let j = 0; j < sides.length; j++) {
      const side = (round + j) % sides.length;
      let next = round * slice;
      const end = Math.min(count, next + slice);
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < end) await sides[side](next++);
        }),
      );
      elapsed[side] += performance.now() - started;
    }
  }
  return sides.map((_, side) => {
    const sorted = latencies[side].sort((a, b) => a - b);
    const serial = latencies[side].reduce((a, b) => a + b, 0);
    return { median: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), perSecond: (count / elapsed[side]) * 1000, perSecondSerial: (count / serial) * 1000 };
  });
}

export const ms = (value: number) => value.toFixed(2).padStart(8);
export const perSecond = (value: number) => value.toFixed(0).padStart(8);

/** Planning and execution time (ms) of a statement: inlined literals (as MikroORM's execute sends them), or prepared and executed `runs` times. */
export async function planningTime(client: Client, statement: ReadStatement, prepared: boolean, runs = 7): Promise<{ planning: number; execution: number }> {
  const timesOf = (rows: Record<string, string>[]) => {
    const lines = rows.map((r) => r['QUERY PLAN']);
    const time = (label: string) => Number(/([\d.]+) ms/.exec(lines.find((l) => l.startsWith(label)) ?? '')?.[1] ?? NaN);
    return { planning: time('Planning Time'), execution: time('Execution Time') };
  };
  if (!prepared) {
    const inlined = new PostgreSqlPlatform().formatQuery(statement.sql, [...statement.bindings]);
    return timesOf((await client.query(`explain (analyze, summary) ${inlined}`)).rows);
  }
  const { text, values } = toPositional(statement);
  await client.query(`prepare bench_plan as ${text}`);
  try {
    const execute = new PostgreSqlPlatform().formatQuery(`execute bench_plan(${values.map(() => '?').join(', ')})`, values);
    let last = { planning: NaN, execution: NaN };
    for (let i = 0; i < runs; i++) last = timesOf((await client.query(`explain (analyze, summary) ${execute}`)).rows);
    return last;
  } finally {
    await client.query('deallocate bench_plan');
  }
}

