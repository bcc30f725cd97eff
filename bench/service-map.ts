import 'reflect-metadata';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { Pool, type Client, type ClientBase } from 'pg';
import { CoordSystem, fromWgs84 } from '../src/shared/geo';
import { toCircle, toWgs84Box } from '../src/modules/service-map/service-map.inputs';
import { SERVICE_SUBCATEGORIES, ServiceCategory } from '../src/modules/service-map/service-map.enums';
import {
  nearbyCountQuery,
  nearbyPageQuery,
  pointsCountQuery,
  pointsPageQuery,
  type SqlQuery,
} from '../src/modules/service-map/service-map.queries';
import { toPositional } from '../src/shared/read-sql';
import { readFileSync } from 'node:fs';
import { STACK_FLOOR_SETS_QUERY, startFloor } from './floor';
import { graphql, measure, planningTime, startApp, ms, perSecond, type BenchContext, type Stats, type Work } from './harness';

/**
 * The service map's benchmark (issue 4), a suite of `npm run bench` (bench/run.ts): with
 * 100,000 service points, the mobile app's NearbyServices (3 km, two categories, 20 results)
 * and ServicePointsInView (a town-sized box) through HTTP, next to the same SQL sent straight
 * to PostgreSQL with `pg`. `npm run bench service-map` runs it alone; BENCH_TALENTS=1000 keeps
 * the harness's seeding short when only this suite matters.
 */

export const BENCH_SERVICE_POINTS = 100_000;

const NEARBY_SERVICES = `query NearbyServices($lat: Latitude!, $lng: Longitude!, $radius: Int, $categories: [ServiceCategory!], $after: String) {
  servicePoints(near: { latitude: $lat, longitude: $lng, radiusMeters: $radius }, categories: $categories, coordSystem: GCJ02, first: 20, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      distanceMeters
      node { id name category subcategory address phone openingHours talentCardBenefit location { latitude longitude } town { code name } }
    }
  }
}`;

const SERVICE_POINTS_IN_VIEW = `query ServicePointsInView($box: BoundingBoxInput!, $categories: [ServiceCategory!]) {
  servicePoints(within: $box, categories: $categories, coordSystem: BD09, first: 100) {
    totalCount
    edges { node { id name category location { latitude longitude } } }
  }
}`;

/**
 * Tops the table up to `target` points with synthetic ones, deterministic: point g is a
 * function of g alone (md5 of its number gives its draws). Each lands within about 4 km of a
 * town's centroid (towns taken in turn), inside the district's box, with a category and a
 * subcategory from the enum table. Returns how many were added. Needs the towns seeded.
 */
export async function insertSyntheticServicePoints(client: ClientBase, target: number): Promise<number> {
  const { rows } = await client.query<{ n: number; towns: number }>(
    `select (select count(*) from service_point)::int as n, (select count(*) from region where level = 'TOWN')::int as towns`,
  );
  const [{ n, towns }] = rows;
  if (n >= target) return 0;
  if (!towns) throw new Error('insertSyntheticServicePoints: no towns in region; seed the regions first');
  const subcategories = Object.fromEntries(Object.entries(SERVICE_SUBCATEGORIES).map(([category, codes]) => [category, Object.entries(codes)]));
  const result = await client.query(
    `with towns as (
       select (row_number() over (order by code))::int - 1 as k, code, name, latitude, longitude from region where level = 'TOWN'
     ), draws as (
       select g, get_byte(h, 0) / 256.0 + get_byte(h, 1) / 65536.0 as u1, get_byte(h, 2) / 256.0 + get_byte(h, 3) / 65536.0 as u2,
              get_byte(h, 4) / 256.0 + get_byte(h, 5) / 65536.0 as u3, get_byte(h, 6) / 256.0 + get_byte(h, 7) / 65536.0 as u4
       from (select g, decode(md5('synthetic-service-point-' || g), 'hex') as h from generate_series($1::int, $2::int) as g) as x
     ), picked as (
       select d.*, t.code as town_code, t.name as town_name, t.latitude as town_lat, t.longitude as town_lng,
              (array['CLOTHING', 'FOOD', 'HOUSING', 'TRANSPORT', 'ENTERTAINMENT'])[1 + floor(d.u3 * 5)::int] as category
       from draws d join towns t on t.k = d.g % $4::int
     ), located as (
       select p.*, ($3::jsonb -> p.category) -> floor(p.u4 * jsonb_array_length($3::jsonb -> p.category))::int as sub
       from picked p
     )
     insert into service_point (name, category, subcategory, address, town_code, latitude, longitude, phone, opening_hours, talent_card_benefit)
     select (sub ->> 1) || '·' || town_name || '第' || g || '号', category, sub ->> 0,
            '北京市平谷区' || town_name || '合成路' || (1 + g % 400) || '号', town_code,
            round(least(40.377, greatest(40.023, town_lat + 4 * sqrt(u1) * sin(2 * pi() * u2) / 111.0))::numeric, 6)::float8,
            round(least(117.417, greatest(116.903, town_lng + 4 * sqrt(u1) * cos(2 * pi() * u2) / 85.1))::numeric, 6)::float8,
            case when u4 < 0.7 then '010-6996' || lpad((g % 10000)::text, 4, '0') end,
            '09:00-21:00',
            case when u1 < 0.3 then '持平谷人才卡享9折' end
     from located`,
    [n + 1, target, JSON.stringify(subcategories), towns],
  );
  // Sets the visibility map too, so the counts can be index-only scans right away.
  await client.query('vacuum analyze service_point');
  return result.rowCount ?? 0;
}

interface Town {
  code: string;
  name: string;
  latitude: number;
  longitude: number;
}

export interface ScenarioResult {
  name: string;
  http: Stats;
  /** The API as it was before a change (BENCH_BEFORE_ROOT: another checkout), interleaved with the others. */
  before?: Stats;
  sql: Stats;
  /** node:http + pg sending the same statements (bench/floor.ts), answering their rows as JSON. */
  floor?: Stats;
  /** The same floor answered through Express, Apollo and graphql-js (bench/floor.ts): what the stack alone adds. */
  stackFloor?: Stats;
  /** HTTP median over SQL median; the target is ≤ 1.3. */
  ratio: number;
}

interface Scenario {
  name: string;
  query: string;
  variables: (i: number) => Record<string, unknown>;
  /** The statements the API sends for request i, side by side as it sends them. */
  statements: (i: number) => SqlQuery[];
}

/** A statement with its bindings inlined (formatQuery), for EXPLAIN. */
const platform = new PostgreSqlPlatform();
const sent = (q: SqlQuery) => platform.formatQuery(q.sql, q.bindings);
/** A statement exactly as the API sends it (src/shared/read-sql.ts): named, prepared, with bind parameters. */
const run = (pool: Pool, q: SqlQuery) => pool.query(toPositional(q));

const NEARBY_CATEGORIES: ServiceCategory[] = [ServiceCategory.FOOD, ServiceCategory.HOUSING];
/** A town-sized view: 0.054° × 0.07°, about 6 × 6 km. */
const VIEW = { halfLatitude: 0.027, halfLongitude: 0.035 };

function scenarios(towns: Town[]): Scenario[] {
  // What the phone sends (GCJ-02 / BD-09 around each town in turn), and what the API turns it
  // into before querying; the conversion is the API's work, so the SQL side gets it ready-made.
  const nearby = towns.map((town) => {
    const gcj = fromWgs84(town, CoordSystem.GCJ02);
    return { gcj, circle: toCircle({ latitude: gcj.latitude, longitude: gcj.longitude, radiusMeters: 3000 }, CoordSystem.GCJ02) };
  });
  const views = towns.map((town) => {
    const c = fromWgs84(town, CoordSystem.BD09);
    const box = {
      minLatitude: c.latitude - VIEW.halfLatitude,
      maxLatitude: c.latitude + VIEW.halfLatitude,
      minLongitude: c.longitude - VIEW.halfLongitude,
      maxLongitude: c.longitude + VIEW.halfLongitude,
    };
    return { box, wgs: toWgs84Box(box, CoordSystem.BD09) };
  });
  const criteria = { categories: NEARBY_CATEGORIES };
  return [
    {
      name: 'NearbyServices (3 km, FOOD + HOUSING, 20, GCJ-02)',
      query: NEARBY_SERVICES,
      variables: (i) => {
        const { gcj } = nearby[i % nearby.length];
        return { lat: gcj.latitude, lng: gcj.longitude, radius: 3000, categories: NEARBY_CATEGORIES };
      },
      // The page (towns joined in) and the count side by side, as the API sends them.
      statements: (i) => {
        const { circle } = nearby[i % nearby.length];
        return [nearbyPageQuery(circle, criteria, null, 21), nearbyCountQuery(circle, criteria)];
      },
    },
    {
      name: 'ServicePointsInView (town-sized box, 6 × 6 km, 100, BD-09)',
      query: SERVICE_POINTS_IN_VIEW,
      variables: (i) => ({ box: views[i % views.length].box }),
      statements: (i) => {
        const { wgs } = views[i % views.length];
        return [pointsPageQuery(wgs, {}, null, 101), pointsCountQuery(wgs, {})];
      },
    },
  ];
}

async function explainAnalyze(pool: Pool, query: SqlQuery): Promise<string> {
  const { rows } = await pool.query(`explain (analyze, costs off, timing off, summary off) ${sent(query)}`);
  return rows.map((r: Record<string, string>) => `    ${r['QUERY PLAN']}`).join('\n');
}

/** Latency of the transport alone: `{ __typename }` over HTTP, `select 1` over pg. */
const FLOOR = { name: 'floor: { __typename } / select 1', query: '{ __typename }' };

export async function runServiceMapBench(context: BenchContext): Promise<ScenarioResult[]> {
  const { requests, concurrency, log } = context;
  const pool = new Pool({ connectionString: context.databaseUrl, max: 10 });
  try {
    const client = await pool.connect();
    try {
      const added = await insertSyntheticServicePoints(client, BENCH_SERVICE_POINTS);
      const { rows } = await client.query('select count(*)::int as n from service_point');
      log(`service map: ${rows[0].n} service points (${added} synthetic added)`);
    } finally {
      client.release();
    }
    const towns = (await pool.query<Town>(`select code, name, latitude, longitude from region where level = 'TOWN' order by code`)).rows;

    const first = towns[0];
    log('  plan, NearbyServices page (KNN on the cube index):');
    log(await explainAnalyze(pool, nearbyPageQuery({ centre: first, radiusMeters: 3000 }, { categories: NEARBY_CATEGORIES }, null, 21)));
    log('  plan, NearbyServices count (index-only on the location index):');
    log(await explainAnalyze(pool, nearbyCountQuery({ centre: first, radiusMeters: 3000 }, { categories: NEARBY_CATEGORIES })));
    log('  plan, ServicePointsInView page:');
    const box = { minLatitude: first.latitude - VIEW.halfLatitude, maxLatitude: first.latitude + VIEW.halfLatitude, minLongitude: first.longitude - VIEW.halfLongitude, maxLongitude: first.longitude + VIEW.halfLongitude };
    log(await explainAnalyze(pool, pointsPageQuery(box, {}, null, 101)));

    // Planning per request (page + count), as the API sent them before (literals inlined) and sends them now (prepared).
    const planClient = await pool.connect();
    try {
      const circle = { centre: first, radiusMeters: 3000 };
      const perRequest: [string, SqlQuery[]][] = [
        ['NearbyServices', [nearbyPageQuery(circle, { categories: NEARBY_CATEGORIES }, null, 21), nearbyCountQuery(circle, { categories: NEARBY_CATEGORIES })]],
        ['ServicePointsInView', [pointsPageQuery(box, {}, null, 101), pointsCountQuery(box, {})]],
      ];
      for (const [name, statements] of perRequest) {
        for (const prepared of [false, true]) {
          let plan = 0;
          let exec = 0;
          for (const q of statements) {
            const t = await planningTime(planClient as unknown as Client, q, prepared);
            plan += t.planning;
            exec += t.execution;
          }
          log(`  planning per ${name} request, ${prepared ? 'prepared (after: 7th execution)' : 'literals inlined (before)'}: ${plan.toFixed(3)} ms (execution ${exec.toFixed(3)} ms)`);
        }
      }
    } finally {
      planClient.release();
    }

    const results: ScenarioResult[] = [];
    const before = process.env.BENCH_BEFORE_ROOT ? await startApp(context.databaseUrl, {}, process.env.BENCH_BEFORE_ROOT) : null;
    try {
      const [floorHttp, floorSql] = await measure(requests, concurrency, [graphql(context.baseUrl, FLOOR.query), () => pool.query('select 1')]);
      results.push({ name: FLOOR.name, http: floorHttp, sql: floorSql, ratio: floorHttp.median / floorSql.median });
      for (const scenario of scenarios(towns)) {
        const sets = { sets: towns.map((_, i) => scenario.statements(i)) };
        const floor = await startFloor(context.databaseUrl, sets);
        const stackFloor = await startFloor(context.databaseUrl, sets, { throughStack: true });
        try {
          const sql: Work = (i) => Promise.all(scenario.statements(i).map((q) => run(pool, q)));
          const sides = [graphql(context.baseUrl, scenario.query, scenario.variables), sql, graphql(floor.baseUrl, 'floor', (i) => ({ i })), graphql(stackFloor.baseUrl, STACK_FLOOR_SETS_QUERY, (i) => ({ i }))];
          if (before) sides.push(graphql(before.baseUrl, scenario.query, scenario.variables));
          const [http, sqlStats, floorStats, stackFloorStats, beforeStats] = await measure(requests, concurrency, sides);
          results.push({ name: scenario.name, http, sql: sqlStats, floor: floorStats, stackFloor: stackFloorStats, before: beforeStats, ratio: http.median / sqlStats.median });
        } finally {
          await floor.close();
          await stackFloor.close();
        }
      }
    } finally {
      await before?.close();
    }
    log(`  load: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);

    log(`  ${requests} requests a side; latency (ms) one at a time, HTTP and SQL taking turns; req/s with ${concurrency} in flight; loopback`);
    log(`  ${'scenario'.padEnd(62)} ${'side'.padEnd(11)} ${'median'.padStart(8)} ${'p95'.padStart(8)} ${'req/s'.padStart(8)}`);
    for (const r of results) {
      for (const [side, s] of [['HTTP', r.http], ['SQL', r.sql], ...(r.floor ? [['HTTP floor', r.floor] as const] : []), ...(r.stackFloor ? [['stack floor', r.stackFloor] as const] : []), ...(r.before ? [['HTTP before', r.before] as const] : [])] as const) {
        log(`  ${r.name.padEnd(62)} ${side.padEnd(11)} ${ms(s.median)} ${ms(s.p95)} ${perSecond(s.perSecond)}`);
      }
      if (r.name !== FLOOR.name) {
        const over = r.http.median - r.sql.median;
        if (r.before) log(`  ${''.padEnd(62)} before: ratio ${(r.before.median / r.sql.median).toFixed(2)}, the API now ${(r.http.median / r.before.median).toFixed(2)}× the median of before, ${(r.http.perSecond / r.before.perSecond).toFixed(2)}× its req/s`);
        log(`  ${''.padEnd(62)} ratio ${r.ratio.toFixed(2)} (target ≤ 1.3); the API adds ${over.toFixed(2)} ms, the floor ${(results[0].http.median - results[0].sql.median).toFixed(2)} ms of it`);
        if (r.floor) log(`  ${''.padEnd(62)} API / HTTP floor (node:http + pg, same statements): median ${(r.http.median / r.floor.median).toFixed(2)} (issue 13: ≤ 1.25)${r.before ? `, before ${(r.before.median / r.floor.median).toFixed(2)}` : ''}${r.stackFloor ? `; the stack floor alone ${(r.stackFloor.median / r.floor.median).toFixed(2)}` : ''}`);
      }
    }
    return results;
  } finally {
    await pool.end();
  }
}
