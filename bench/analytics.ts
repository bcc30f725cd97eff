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
import { STACK_FLOOR_SETS_QUERY, startFloor } from './floor';
import { benchToken, graphql, measure, ms, perSecond, startApp, type BenchContext, type Stats } from './harness';

/**
 * Issues 3 and 11's benchmark: DistributionByOrgKind, TownTierCrossTab and TalentLayout (the
 * dashboard contract's texts) through HTTP with the aggregate cache off (a second app started
 * with ANALYTICS_CACHE_SIZE=0), as a dashboard (perturbed) and as an analyst (exact), and on
 * (the harness's app), next to the very statement the API sends, run with `pg`, with and
 * without its key sums; the utility of the perturbed tables; and the naive GROUP BY over
 * talent ⋈ organization beside the cross-tab's statement.
 */

export const OPERATIONS = {
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
  /** Cache off, as a dashboard (perturbed) and as an analyst (exact). */
  uncached: Stats;
  exact: Stats;
  /** node:http + pg sending the same statement (bench/floor.ts), answering its rows as JSON. */
  floor: Stats;
  /** The same floor answered through Express, Apollo and graphql-js (bench/floor.ts): what the stack alone adds. */
  stackFloor: Stats;
  /** The API before a change (BENCH_BEFORE_ROOT: another checkout), cache off, as a dashboard; interleaved with the others. */
  uncachedBefore?: Stats;
  cached: Stats;
  sql: Stats;
  /** The same statement without the key sums: what perturbation costs the database. */
  sqlWithoutKeys: Stats;
  /** The statement as it was before cell keys (issue 3's shape). */
  sqlBefore: Stats;
  source: string;
}

/** The statement without its cell keys (bench only): the key column and its sum taken out, checked. */
function withoutKeys(sql: string): string {
  const out = sql.replace(/coalesce\(sum\(k\), 0\) as ck/, '0 as ck').replace(/, [a-z]\.(key_sum|record_key) as k\b/, '');
  if (out === sql || /\bk\b.*as ck|key_sum|record_key/.test(out)) throw new Error('bench: the statement no longer has the shape withoutKeys expects');
  return out;
}

/** The statement as issue 3 sent it (bench only): no keys, and the grand total as a grouping set. */
function asBeforeKeys(sql: string): string {
  const plain = withoutKeys(sql);
  const axes = /group by (d\d(?:, d\d)*)\b/.exec(plain)?.[1];
  if (!axes) throw new Error('bench: the statement no longer has the shape asBeforeKeys expects');
  return plain.replace(/, 0 as g,/, `, grouping(${axes}) as g,`).replace(`group by ${axes}`, `group by grouping sets ((${axes}), ())`);
}

/**
 * Utility of the perturbed tables: how far a dashboard's cells lie from the exact ones (every
 * combination, empty ones included), and how far the cells of 100 or more.
 */
async function utility(baseUrl: string, tokens: { dashboard: string; analyst: string }): Promise<{ cells: number; meanAbsolute: number; large: number; largeWorst: number }> {
  const tables = [
    `{ t: talentDistribution(by: [ORG_KIND], includeEmpty: true) { total buckets { count } } }`,
    `{ t: talentDistribution(by: [TOWN, TIER], includeEmpty: true) { total buckets { count } } }`,
    `{ t: talentDistribution(by: [TOWN, EDUCATION, GENDER], includeEmpty: true) { total buckets { count } } }`,
    `{ t: talentDistribution(by: [INDUSTRY, AGE_BAND], includeEmpty: true) { total buckets { count } } }`,
    `{ t: talentLayout(level: TOWN) { count } }`,
    `{ t: talentLayout(level: VILLAGE) { count } }`,
  ];
  const counts = (body: any): number[] => (Array.isArray(body.data.t) ? body.data.t.map((r: any) => r.count) : [body.data.t.total, ...body.data.t.buckets.map((b: any) => b.count)]);
  let [cells, absolute, large, largeWorst] = [0, 0, 0, 0];
  for (const query of tables) {
    const shown = counts(await graphql(baseUrl, query, () => ({}), { authorization: tokens.dashboard })(0));
    const exact = counts(await graphql(baseUrl, query, () => ({}), { authorization: tokens.analyst })(0));
    exact.forEach((truth, i) => {
      cells++;
      absolute += Math.abs(shown[i] - truth);
      if (truth >= 100) {
        large++;
        largeWorst = Math.max(largeWorst, Math.abs(shown[i] - truth) / truth);
      }
    });
  }
  return { cells, meanAbsolute: absolute / cells, large, largeWorst };
}

export async function runAnalyticsBench(context: BenchContext): Promise<void> {
  const { log, requests, concurrency, databaseUrl } = context;
  const uncachedApp = await startApp(databaseUrl, { ANALYTICS_CACHE_SIZE: '0' });
  const beforeApp = process.env.BENCH_BEFORE_ROOT ? await startApp(databaseUrl, { ANALYTICS_CACHE_SIZE: '0' }, process.env.BENCH_BEFORE_ROOT) : null;
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
     * escaped literals (platform.formatQuery) and node-pg sends the text in a simple query (see
     * runAggregate for why). Its variants below (without key sums, as before keys) are cut from
     * the same text.
     */
    const sent = (compiled: CompiledAggregate) => ({ sql: em.getPlatform().formatQuery(compiled.sql, compiled.params), bindings: [], source: compiled.source });
    const run = (sql: string) => () => pool.query(sql);
    const statements = {
      DistributionByOrgKind: sent(compiler.compileTalentDistribution([DistributionDimension.ORG_KIND])),
      TownTierCrossTab: sent(compiler.compileTalentDistribution([DistributionDimension.TOWN, DistributionDimension.TIER])),
      TalentLayout: sent(compiler.compileTalentLayout(LayoutLevel.TOWN)),
    };
    const tokens = { dashboard: `Bearer ${await benchToken('DASHBOARD')}`, analyst: `Bearer ${await benchToken('ANALYST')}` };
    const rows: Row[] = [];
    for (const name of Object.keys(OPERATIONS) as (keyof typeof OPERATIONS)[]) {
      const statement = statements[name];
      const floorApp = await startFloor(databaseUrl, { sets: [[statement]], simple: true });
      const stackFloorApp = await startFloor(databaseUrl, { sets: [[statement]], simple: true }, { throughStack: true });
      const [uncached, exact, direct, directWithoutKeys, before, floor, stackFloor, uncachedBefore] = await measure(requests, concurrency, [
        graphql(uncachedApp.baseUrl, OPERATIONS[name], () => ({}), { authorization: tokens.dashboard }),
        graphql(uncachedApp.baseUrl, OPERATIONS[name], () => ({}), { authorization: tokens.analyst }),
        run(statement.sql),
        run(withoutKeys(statement.sql)),
        run(asBeforeKeys(statement.sql)),
        graphql(floorApp.baseUrl, 'floor', () => ({ i: 0 })),
        graphql(stackFloorApp.baseUrl, STACK_FLOOR_SETS_QUERY, () => ({ i: 0 })),
        ...(beforeApp ? [graphql(beforeApp.baseUrl, OPERATIONS[name], () => ({}), { authorization: tokens.dashboard })] : []),
      ]);
      const [cached] = await measure(requests, concurrency, [graphql(context.baseUrl, OPERATIONS[name], () => ({}), { authorization: tokens.dashboard })]);
      await floorApp.close();
      await stackFloorApp.close();
      rows.push({ name, uncached, exact, floor, stackFloor, uncachedBefore, cached, sql: direct, sqlWithoutKeys: directWithoutKeys, sqlBefore: before, source: statement.source });
    }
    const perturbation = await utility(uncachedApp.baseUrl, tokens);
    // What any request costs: the HTTP and GraphQL stack around a resolver, and a round trip to PostgreSQL.
    const [floorApi, floorSql] = await measure(requests, concurrency, [graphql(uncachedApp.baseUrl, '{ __typename }'), () => pool.query('select 1')]);
    const floor = floorApi.median - floorSql.median;
    const [naive, crossTab] = await measure(requests, concurrency, [
      () => pool.query(NAIVE),
      run(statements.TownTierCrossTab.sql),
    ]);

    const [{ talents }] = (await pool.query<{ talents: number }>('select count(*)::int as talents from talent')).rows;
    log(`analytics: ${talents} talents; ${requests} requests a measurement, latency one at a time (API and SQL taking turns), req/s with ${concurrency} in flight, loopback`);
    log(`  ${'operation'.padEnd(22)} ${'side'.padEnd(24)} ${'median ms'.padStart(9)} ${'p95 ms'.padStart(8)} ${'req/s'.padStart(8)}`);
    const line = (name: string, side: string, s: Stats) => log(`  ${name.padEnd(22)} ${side.padEnd(24)} ${ms(s.median)} ${ms(s.p95)} ${perSecond(s.perSecond)}`);
    const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
    line('floor', '{ __typename }', floorApi);
    line('', 'select 1', floorSql);
    for (const row of rows) {
      line(row.name, 'API, cache off, DASHBOARD', row.uncached);
      if (row.uncachedBefore) line('', 'API before, cache off, DASH.', row.uncachedBefore);
      line('', 'HTTP floor (node:http + pg)', row.floor);
      line('', 'stack floor (Apollo, no API)', row.stackFloor);
      line('', 'API, cache off, ANALYST', row.exact);
      line('', 'API, cached, DASHBOARD', row.cached);
      line('', `SQL with pg (${row.source})`, row.sql);
      line('', 'SQL without key sums', row.sqlWithoutKeys);
      line('', 'SQL as before keys', row.sqlBefore);
      const perturbed = row.uncached.median / row.exact.median;
      const keys = row.sql.median / row.sqlWithoutKeys.median;
      const since = row.sql.median / row.sqlBefore.median;
      log(`  ${''.padEnd(22)} perturbed/exact ${perturbed.toFixed(2)} (target ≤ 1.1: ${verdict(perturbed <= 1.1)})`);
      log(`  ${''.padEnd(22)} key sums: the statement against itself without them ${keys.toFixed(2)}, against the statement before keys ${since.toFixed(2)} (target ≤ 1.10: ${verdict(since <= 1.1)})`);
      const ratio = row.uncached.median / row.sql.median;
      const speedup = row.cached.perSecond / row.uncached.perSecond;
      const added = row.uncached.median - row.sql.median;
      log(`  ${''.padEnd(22)} API/SQL ${ratio.toFixed(2)} (target ≤ 1.25: ${verdict(ratio <= 1.25)}): the API adds ${added.toFixed(2)} ms, the floor ${floor.toFixed(2)} ms of it`);
      log(`  ${''.padEnd(22)} API / HTTP floor (same statement): median ${(row.uncached.median / row.floor.median).toFixed(2)} (issue 13: ≤ 1.25)${row.uncachedBefore ? `, before ${(row.uncachedBefore.median / row.floor.median).toFixed(2)}` : ''}; the stack floor alone ${(row.stackFloor.median / row.floor.median).toFixed(2)}`);
      if (row.uncachedBefore) log(`  ${''.padEnd(22)} before: API/SQL ${(row.uncachedBefore.median / row.sql.median).toFixed(2)}; the API now ${(row.uncached.median / row.uncachedBefore.median).toFixed(2)}× the median of before, ${(row.uncached.perSecond / row.uncachedBefore.perSecond).toFixed(2)}× its req/s`);
      log(`  ${''.padEnd(22)} cached ${speedup.toFixed(2)}× the req/s of uncached (target ≥ 5: ${verdict(speedup >= 5)})`);
    }
    log(
      `  utility: ${perturbation.cells} cells of six tables, mean absolute change ${perturbation.meanAbsolute.toFixed(2)} (target ≤ 1.5: ${verdict(perturbation.meanAbsolute <= 1.5)}); ` +
        `${perturbation.large} cells of 100 or more, worst ${(perturbation.largeWorst * 100).toFixed(2)} % off (target ≤ 2 %: ${verdict(perturbation.largeWorst <= 0.02)})`,
    );
    line('naive GROUP BY', 'talent ⋈ organization', naive);
    line('TownTierCrossTab SQL', statements.TownTierCrossTab.source, crossTab);
    const share = crossTab.median / naive.median;
    log(`  TownTierCrossTab's statement takes ${(share * 100).toFixed(1)}% of the naive query's median (target ≤ 50%: ${verdict(share <= 0.5)})`);
    log(`  naive: ${NAIVE}`);
  } finally {
    await orm.close();
    await pool.end();
    await uncachedApp.close();
    await beforeApp?.close();
  }
}
