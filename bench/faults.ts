/**
 * Dependencies down, measured (issue 12, items 4 and 5): the API in this process on a
 * PostgreSQL and a Redis of its own, each killed under load.
 *   node -r @swc-node/register bench/faults.ts
 * Prints one JSON object: what clients got while PostgreSQL was down (HTTP statuses and codes,
 * cached aggregates included), the stack traces and lines logged meanwhile, the time to the
 * first good answer after the restart, whether a failed write put personal values into the log,
 * and how many of 320 requests from one caller the rate limiter let through with Redis killed.
 */
import 'reflect-metadata';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { mintDevelopmentToken } from '../src/shared/auth/dev-token';
import { initOrm, migrate } from '../src/shared/orm';
import { seedDatabase } from '../seeds/seed';
import { idNumber } from '../test/helpers/identities';
import { startOwnPostgres, startOwnRedis } from '../test/helpers/own-services';

const OUTAGE_MS = Number(process.env.BENCH_OUTAGE_MS ?? 10_000);
const AGGREGATE = '{ talentDistribution(by: [ORG_KIND]) { total buckets { count } } }';
const RECORDS = '{ talents(first: 5) { totalCount edges { node { id name } } } }';
const CREATE_TALENT = 'mutation($input: CreateTalentInput!) { createTalent(input: $input) { talent { id } errors { code } } }';

/** Everything the app writes to stdout/stderr, kept instead of printed. */
const logged: string[] = [];
const capture = (stream: NodeJS.WriteStream) => {
  stream.write = ((chunk: string | Uint8Array) => {
    logged.push(String(chunk));
    return true;
  }) as typeof stream.write;
};
const print = process.stdout.write.bind(process.stdout);
const accessLines = (lines: string[]) => lines.filter((line) => line.includes('"message":"request"')).length;
const stacksIn = (lines: string[]) => lines.reduce((n, line) => n + (line.match(/\n\s+at |\\n\s+at /g) ? 1 : 0), 0);

async function main() {
  const [pg, redis] = await Promise.all([startOwnPostgres(), startOwnRedis()]);
  const admin = new Client({ connectionString: pg.adminUrl });
  await admin.connect();
  await admin.query('create database huigu');
  await admin.end();
  const url = pg.adminUrl.replace(/\/postgres$/, '/huigu');
  const setup = await initOrm({ clientUrl: url, poolMax: 2 });
  await migrate(setup);
  await seedDatabase(setup, { talents: 2000, servicePoints: 200 });
  const [{ id: organizationId }] = await setup.em.getConnection().execute<{ id: number }[]>('select min(id) as id from organization');
  await setup.close();

  const config = loadConfig({ ...process.env, NODE_ENV: 'development', DATABASE_URL: url, REDIS_URL: redis.url, RATE_LIMIT_MAX: '100', LOG_LEVEL: 'info' });
  const orm = await initOrm({ clientUrl: url, timeouts: config.limits });
  const httpServer = createServer();
  const { app, apollo } = await createApp({ orm, config, httpServer });
  httpServer.on('request', app);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`;
  const token = (role: 'DASHBOARD' | 'ANALYST' | 'ADMIN', sub: string) => mintDevelopmentToken(config, { role, sub });
  const post = async (query: string, auth: string, variables?: unknown) => {
    const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${auth}` }, body: JSON.stringify({ query, variables }) });
    const body = (await response.json().catch(() => ({}))) as { errors?: { extensions?: { code?: string } }[] };
    return { status: response.status, code: body.errors?.[0]?.extensions?.code ?? null, retryAfter: response.headers.get('retry-after') };
  };
  capture(process.stdout);
  capture(process.stderr);

  // 1. PostgreSQL down under load: a cached aggregate and a records query, four at a time.
  const dashboard = await token('DASHBOARD', 'bench-dashboard');
  await post(AGGREGATE, dashboard);
  await pg.kill();
  const outageFrom = logged.length;
  const seen: Record<string, Record<string, number>> = { aggregate: {}, records: {} };
  const deadline = Date.now() + OUTAGE_MS;
  let sent = 0;
  await Promise.all(
    [0, 1, 2, 3].map(async (worker) => {
      for (let i = 0; Date.now() < deadline; i++) {
        const kind = i % 2 ? 'records' : 'aggregate';
        // A caller per request, so the rate limit stays out of the picture.
        const result = await post(kind === 'records' ? RECORDS : AGGREGATE, await token(kind === 'records' ? 'ANALYST' : 'DASHBOARD', `bench-${worker}-${i}`));
        const key = `${result.status} ${result.code ?? 'ok'}${result.retryAfter ? ` retry-after ${result.retryAfter}` : ''}`;
        seen[kind][key] = (seen[kind][key] ?? 0) + 1;
        sent++;
      }
    }),
  );
  const outageLines = logged.slice(outageFrom);
  await pg.start();
  const back = Date.now();
  const analyst = await token('ANALYST', 'bench-recovery');
  while ((await post(RECORDS, analyst)).status !== 200 || (await post(RECORDS, analyst)).code) await new Promise((r) => setTimeout(r, 20));
  const recoveryMs = Date.now() - back;

  // 2. A write that fails in the database: does the log carry its values?
  await orm.em.getConnection().execute(`create function bench_refuse() returns trigger language plpgsql as $$ begin raise exception 'bench: writes refused'; end $$`);
  await orm.em.getConnection().execute('create trigger bench_refuse before insert on talent for each row execute function bench_refuse()');
  const writeFrom = logged.length;
  const secret = { name: '泄露测试员', idNumber: idNumber(777, '19770707'), phone: '13912345678' };
  const write = await post(CREATE_TALENT, await token('ADMIN', 'bench-admin'), {
    input: { ...secret, education: 'MASTER', professionalTitle: 'SENIOR', talentType: 'PROFESSIONAL_TECHNICAL', tier: 'LEADING', industry: 'AGRI_TECH', engagement: 'FULL_TIME', overseasExperience: false, introducedAt: '2024-05-01', organizationId: String(organizationId) },
  });
  const writeLog = logged.slice(writeFrom).join('');
  if (process.env.BENCH_SHOW_WRITE_LOG) print(writeLog);
  await orm.em.getConnection().execute('drop trigger bench_refuse on talent; drop function bench_refuse()');

  // 3. Redis killed: 320 requests from one caller against a limit of 100 per window.
  await redis.kill();
  const redisFrom = logged.length;
  const caller = await token('DASHBOARD', 'bench-one-caller');
  const statuses: Record<number, number> = {};
  for (let i = 0; i < 320; i++) {
    const { status } = await post('{ __typename }', caller);
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
  const redisLines = logged.slice(redisFrom);
  await redis.start();

  await apollo.stop();
  await orm.close();
  await pg.close();
  await redis.kill();
  print(
    `${JSON.stringify(
      {
        databaseDown: { ms: OUTAGE_MS, requests: sent, answers: seen, logLines: outageLines.length, accessLogLines: accessLines(outageLines), stackTraces: stacksIn(outageLines), recoveryMs },
        failedWrite: {
          answer: write,
          logLines: writeLog.split('\n').filter(Boolean).length,
          leaks: { name: writeLog.includes(secret.name), idNumber: writeLog.includes(secret.idNumber), phone: writeLog.includes(secret.phone), birthYear: writeLog.includes('1977'), ciphertext: /v1:[0-9a-f]{8}:/.test(writeLog) },
        },
        redisDown: { requests: 320, limit: 100, statuses, letThrough: statuses[200] ?? 0, logLines: redisLines.length, accessLogLines: accessLines(redisLines), stackTraces: stacksIn(redisLines) },
      },
      null,
      2,
    )}\n`,
  );
  process.exit(0);
}

main().catch((error) => {
  print(`${error?.stack ?? error}\n`);
  process.exit(1);
});
