import type { EntityManager } from '@mikro-orm/postgresql';
import { Pool } from 'pg';
import { createAnalyticsShared } from '../src/modules/analytics/analytics.factory';
import { loadConfig } from '../src/config';
import { DistributionDimension, LayoutLevel } from '../src/modules/analytics/analytics.enums';
import { createAnalyticsLoaders } from '../src/modules/analytics/analytics.loaders';
import { AnalyticsService } from '../src/modules/analytics/analytics.service';
import type { CompiledAggregate } from '../src/modules/analytics/analytics.sql';
import { createLogger } from '../src/shared/logger';
import { initOrm } from '../src/shared/orm';
import { graphql, measure, ms, perSecond, startApp, type BenchContext, type Stats, type Work } from './harness';

/**
 * Issue 3's benchmark: DistributionByOrgKind, TownTierCrossTab and TalentLayout (the dashboard
 * contract's texts) through HTTP with the aggregate cache off (a second app started with
 * ANALYTICS_CACHE_SIZE=0) and on (the harness's app), next to the very statement the API
 * sends, run with `pg`; and the naive GROUP BY over talent ⋈ organization beside the
 * cross-tab's statement.
 */

const OPERATIONS = {
  DistributionByOrgKind: `query DistributionByOrgKind {
  talentDistribution(by: [ORG_KIND]) { total buckets { keys { dimension value label } count share suppressed } }
}`,
  TownTierCrossTab: `query TownTierCrossTab($filter: TalentFilter) {
  talentDistribution(by: [TOWN, TIER], filter: $filter) { total buckets { keys { dimension value label } count share suppressed } }
}`,
  TalentLayout: `query TalentLayout($filter: TalentFilter, $coordSystem: CoordSystem) {
  talentLayout(level: TOWN, filter: $filter, coordSystem: $coordSystem) {
    region { code name level centroid { latitude longitude } } count suppressed
  }
}`,
};

const NAIVE = 'select o.kind, count(*) from talent t join organization o on o.id = t.organization_id group by o.kind';

interface Row {
  name: string;
  uncached: Stats;
  cached: Stats;
  sql: Stats;
  source: string;
}

export async function runAnalyticsBench(context: BenchContext): Promise<void> {
  const { log, requests, concurrency, databaseUrl } = context;
  const uncachedApp = await startApp(databaseUrl, { ANALYTICS_CACHE_SIZE: '0' });
  const pool = new Pool({ connectionString: databaseUrl, max: concurrency });
  // Here only to compile the API's statements, exactly as its knex sends them.
  const orm = await initOrm({ clientUrl: databaseUrl, poolMax: 1 });
  try {
    const em = orm.em.fork() as EntityManager;
    const compiler = new AnalyticsService({
      em,
      loaders: createAnalyticsLoaders(em),
      shared: createAnalyticsShared({ analyticsCacheSize: 0, disclosure: loadConfig({}).disclosure }, createLogger('silent'), null),
      disclosure: loadConfig({}).disclosure,
    });
    /**
     * The statement exactly as the API sends it: MikroORM's `execute` inlines the parameters as
     * escaped literals (platform.formatQuery) and node-pg sends the text in a simple query.
     */
    const sent = (compiled: CompiledAggregate) => ({ sql: em.getPlatform().formatQuery(compiled.sql, compiled.params), source: compiled.source });
    const statements = {
      DistributionByOrgKind: sent(compiler.compileTalentDistribution([DistributionDimension.ORG_KIND])),
      TownTierCrossTab: sent(compiler.compileTalentDistribution([DistributionDimension.TOWN, DistributionDimension.TIER])),
      TalentLayout: sent(compiler.compileTalentLayout(LayoutLevel.TOWN)),
    };
    const rows: Row[] = [];
    for (const name of Object.keys(OPERATIONS) as (keyof typeof OPERATIONS)[]) {
      const statement = statements[name];
      const sql: Work = () => pool.query(statement.sql);
      const [uncached, direct] = await measure(requests, concurrency, [graphql(uncachedApp.baseUrl, OPERATIONS[name]), sql]);
      const [cached] = await measure(requests, concurrency, [graphql(context.baseUrl, OPERATIONS[name])]);
      rows.push({ name, uncached, cached, sql: direct, source: statement.source });
    }
    // What any request costs: the HTTP and GraphQL stack around a resolver, and a round trip to PostgreSQL.
    const [floorApi, floorSql] = await measure(requests, concurrency, [graphql(uncachedApp.baseUrl, '{ __typename }'), () => pool.query('select 1')]);
    const floor = floorApi.median - floorSql.median;
    const [naive, crossTab] = await measure(requests, concurrency, [
      () => pool.query(NAIVE),
      () => pool.query(statements.TownTierCrossTab.sql),
    ]);

    const [{ talents }] = (await pool.query<{ talents: number }>('select count(*)::int as talents from talent')).rows;
    log(`analytics: ${talents} talents; ${requests} requests a measurement, latency one at a time (API and SQL taking turns), req/s with ${concurrency} in flight, loopback`);
    log(`  ${'operation'.padEnd(22)} ${'side'.padEnd(24)} ${'median ms'.padStart(9)} ${'p95 ms'.padStart(8)} ${'req/s'.padStart(8)}`);
    const line = (name: string, side: string, s: Stats) => log(`  ${name.padEnd(22)} ${side.padEnd(24)} ${ms(s.median)} ${ms(s.p95)} ${perSecond(s.perSecond)}`);
    const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
    line('floor', '{ __typename }', floorApi);
    line('', 'select 1', floorSql);
    for (const row of rows) {
      line(row.name, 'API, cache off', row.uncached);
      line('', 'API, cached', row.cached);
      line('', `SQL with pg (${row.source})`, row.sql);
      const ratio = row.uncached.median / row.sql.median;
      const speedup = row.cached.perSecond / row.uncached.perSecond;
      const added = row.uncached.median - row.sql.median;
      log(`  ${''.padEnd(22)} API/SQL ${ratio.toFixed(2)} (target ≤ 1.25: ${verdict(ratio <= 1.25)}): the API adds ${added.toFixed(2)} ms, the floor ${floor.toFixed(2)} ms of it`);
      log(`  ${''.padEnd(22)} cached ${speedup.toFixed(2)}× the req/s of uncached (target ≥ 5: ${verdict(speedup >= 5)})`);
    }
    line('naive GROUP BY', 'talent ⋈ organization', naive);
    line('TownTierCrossTab SQL', statements.TownTierCrossTab.source, crossTab);
    const share = crossTab.median / naive.median;
    log(`  TownTierCrossTab's statement takes ${(share * 100).toFixed(1)}% of the naive query's median (target ≤ 50%: ${verdict(share <= 0.5)})`);
    log(`  naive: ${NAIVE}`);
  } finally {
    await orm.close();
    await pool.end();
    await uncachedApp.close();
  }
}
