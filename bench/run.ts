import 'reflect-metadata';
import { runAnalyticsBench } from './analytics';
import { benchDatabaseUrl, closeHttpClient, prepareDatabase, startApp, type BenchSuite } from './harness';
import { runReplicaBench } from './replicas';
import { runMatchingBench } from './matching';
import { runServiceMapBench } from './service-map';
import { runPeerBench, runTalentBench } from './talents';

/**
 * `npm run bench [suite …]`: prepares the bench database (BENCH_DATABASE_URL, else DATABASE_URL,
 * else huigu_bench on the local server: created, migrated, seeded with BENCH_TALENTS talents,
 * 1,000,000 by default, unless it has them already), serves the app on a loopback port, and
 * runs every suite (or those named). Not part of `npm test`: these are measurements, not checks.
 * A suite is one line here.
 */
const SUITES: BenchSuite[] = [
  { name: 'analytics', run: runAnalyticsBench },
  { name: 'service-map', run: runServiceMapBench },
  { name: 'talents', run: runTalentBench },
  { name: 'peer', run: runPeerBench },
  { name: 'replicas', run: runReplicaBench },
  { name: 'matching', run: runMatchingBench },
];

async function main(): Promise<void> {
  const log = (line: string) => console.log(line);
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !SUITES.some((s) => s.name === name));
  if (unknown.length) throw new Error(`unknown suite(s) ${unknown.join(', ')}; there are ${SUITES.map((s) => s.name).join(', ')}`);
  const databaseUrl = benchDatabaseUrl();
  await prepareDatabase(databaseUrl, Number(process.env.BENCH_TALENTS ?? 1_000_000), log);
  const app = await startApp(databaseUrl);
  try {
    for (const suite of SUITES.filter((s) => !wanted.length || wanted.includes(s.name))) {
      log(`\n== ${suite.name}`);
      await suite.run({
        baseUrl: app.baseUrl,
        databaseUrl,
        requests: Number(process.env.BENCH_REQUESTS ?? 200),
        concurrency: Number(process.env.BENCH_CONCURRENCY ?? 4),
        log,
      });
    }
  } finally {
    closeHttpClient();
    await app.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
