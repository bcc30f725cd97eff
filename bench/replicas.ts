import { Redis } from 'ioredis';
import { loadConfig } from '../src/config';
import { Role } from '../src/shared/auth/roles';
import { initOrm } from '../src/shared/orm';
import { ReplicaSet } from '../src/shared/replicas';
import { replicaBinariesMissing, startReplicaCluster } from '../test/helpers/replica-cluster';
import { OPERATIONS } from './analytics';
import { benchToken, graphql, measure, ms, perSecond, prepareDatabase, startApp, type BenchContext, type Stats } from './harness';
import { FILTERS, TALENT_SEARCH } from './talents';

/**
 * Issue 16's benchmark: one API process reading on the primary against one reading on a
 * streaming standby, for TalentSearch (records) and TownTierCrossTab with the aggregate cache
 * off. A cluster of its own (the shipped PostgreSQL binaries, as test/replicas.test.ts): the
 * primary seeded with BENCH_REPLICA_TALENTS talents (100,000 unless given: a standby of the
 * 1,000,000-talent register is a second copy of it), its data folder copied into the standby.
 * Both servers run on this machine with the same settings. Then what read-your-writes costs a
 * request: ReplicaSet.route for a caller with and without a recorded write, Redis included.
 */
export async function runReplicaBench({ requests, concurrency, log }: BenchContext): Promise<void> {
  const missing = replicaBinariesMissing();
  if (missing) {
    log(`skipped: ${missing}`);
    return;
  }
  const talents = Number(process.env.BENCH_REPLICA_TALENTS ?? 100_000);
  const database = 'huigu_bench_replicas';
  const started = Date.now();
  const cluster = await startReplicaCluster(async (url) => prepareDatabase(url(database), talents, (line) => log(`  ${line}`)));
  log(`primary and standby of ${talents} talents ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const primaryUrl = cluster.primary.url(database);
  const standbyUrl = cluster.standby.url(database);
  const uncached = { ANALYTICS_CACHE_SIZE: '0' };
  const onPrimary = await startApp(primaryUrl, uncached);
  const onStandby = await startApp(primaryUrl, { ...uncached, DATABASE_REPLICA_URLS: standbyUrl });
  try {
    await cluster.caughtUp(60_000);
    const analyst = { authorization: `Bearer ${await benchToken('ANALYST')}` };
    const dashboard = { authorization: `Bearer ${await benchToken('DASHBOARD')}` };
    const search = (baseUrl: string) =>
      graphql(baseUrl, TALENT_SEARCH, (i) => ({ filter: FILTERS[i % FILTERS.length], orderBy: [{ field: 'INTRODUCED_AT', direction: 'DESC' }], first: 50 }), analyst);
    const crossTab = (baseUrl: string) => graphql(baseUrl, OPERATIONS.TownTierCrossTab, () => ({}), dashboard);
    log(`one API process each, ${concurrency} in flight for throughput; latency alternates the two request by request; two rounds of ${requests} requests, averaged`);
    log('                                  primary: median      p95    req/s   standby: median      p95    req/s   standby/primary (median, req/s)');
    for (const [name, work] of [
      ['TalentSearch, first: 50, ANALYST', search],
      ['TownTierCrossTab, uncached, DASHBOARD', crossTab],
    ] as const) {
      // Two rounds, the second with the standby's throughput measured first: a shared machine drifts.
      const [p1, s1] = await measure(requests, concurrency, [work(onPrimary.baseUrl), work(onStandby.baseUrl)]);
      const [s2, p2] = await measure(requests, concurrency, [work(onStandby.baseUrl), work(onPrimary.baseUrl)]);
      const [p, s] = [mean(p1, p2), mean(s1, s2)];
      const slower = s.median / p.median;
      log(
        `  ${name.padEnd(38)}${ms(p.median)} ${ms(p.p95)} ${perSecond(p.perSecond)}          ${ms(s.median)} ${ms(s.p95)} ${perSecond(s.perSecond)}   ${slower.toFixed(3)}, ${(s.perSecond / p.perSecond).toFixed(3)}  (standby ≤ 10% slower: ${slower <= 1.1 && s.perSecond >= p.perSecond / 1.1 ? 'ok' : 'NO'})`,
      );
    }
    await routeCost(primaryUrl, standbyUrl, log);
  } finally {
    await Promise.all([onPrimary.close(), onStandby.close()]);
    await cluster.close();
  }
}

const mean = (a: Stats, b: Stats): Stats => ({
  median: (a.median + b.median) / 2,
  p95: (a.p95 + b.p95) / 2,
  perSecond: (a.perSecond + b.perSecond) / 2,
  perSecondSerial: (a.perSecondSerial + b.perSecondSerial) / 2,
});

/** ReplicaSet.route, the read-your-writes check every request makes, timed in this process. */
async function routeCost(primaryUrl: string, standbyUrl: string, log: (line: string) => void): Promise<void> {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/14';
  const config = loadConfig({ ...process.env, NODE_ENV: 'development', DATABASE_URL: primaryUrl, DATABASE_REPLICA_URLS: standbyUrl, REDIS_URL: redisUrl });
  const orm = await initOrm({ clientUrl: primaryUrl, poolMax: 2, replicaUrls: config.replicas.urls });
  const redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
  const reachable = await redis.connect().then(
    () => true,
    () => false,
  );
  try {
    for (const [where, client] of [
      ['in process', null],
      ...(reachable ? [[`Redis (${new URL(redisUrl).host})`, redis] as const] : []),
    ] as const) {
      const replicas = new ReplicaSet(orm, config.replicas, client);
      await replicas.start();
      const viewer = { role: Role.ORG_MANAGER, subject: 'bench', organizationId: 1 }; // a role that writes: the one looked up
      await replicas.recordWrite('sub:writer');
      for (const [who, caller] of [
        ['a caller with no recent write', 'sub:reader'],
        ['a caller who just wrote', 'sub:writer'],
      ] as const) {
        const times: number[] = [];
        for (let i = 0; i < 2000; i++) {
          const t = performance.now();
          await replicas.route(viewer, caller);
          times.push(performance.now() - t);
        }
        const mean = times.reduce((a, b) => a + b, 0) / times.length;
        times.sort((a, b) => a - b);
        log(`  read-your-writes check, ${where}, ${who}: mean ${ms(mean)} ms  median ${ms(times[1000]!)} ms  p95 ${ms(times[1900]!)} ms per request (target < 1 ms: ${mean < 1 ? 'ok' : 'NO'})`);
      }
      await replicas.stop();
    }
    if (!reachable) log(`  (no Redis at ${redisUrl}: the shared store was not measured)`);
  } finally {
    redis.disconnect();
    await orm.close();
  }
}
