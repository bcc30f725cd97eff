import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import { awardsOfRecipientsStatement } from '../src/modules/award/award.loaders';
import { organizationsByIdStatement } from '../src/modules/organization/organization.loaders';
import { platformsOfTalentsStatement } from '../src/modules/platform/platform.loaders';
import { TalentService } from '../src/modules/talent/talent.service';
import { initOrm } from '../src/shared/orm';
import { toPositional } from '../src/shared/read-sql';
import { startFloor, type FloorStatements } from './floor';
import { BENCH_PII_KEY, benchToken, planningTime, graphql, measure, ms, perSecond, startApp, type BenchContext, type RunningApp, type Stats, type Work } from './harness';
import { PEER_TALENT_SEARCH, peerFilter, startPeer } from './peer';

/** The analysts' TalentSearch (analyst.graphql): a filtered page with every nested field. */
export const TALENT_SEARCH = `query TalentSearch($filter: TalentFilter, $orderBy: [TalentOrder!], $first: Int, $after: String) {
  talents(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id name gender birthYear education professionalTitle talentType tier industry engagement overseasExperience introducedAt idNumber phone
        organization { id name kind industry town { code name } }
        platforms { id name type level }
        awards { id program amount year }
      }
    }
  }
}`;

/** The same without totalCount: what issue 13 compares with the floor and the peer (neither counts). */
const TALENT_SEARCH_PAGE = TALENT_SEARCH.replace('    totalCount\n', '');

/** The same selection, asked of the stack floor (bench/floor.ts) by filter index and page size. */
const STACK_FLOOR_QUERY = TALENT_SEARCH_PAGE.replace(
  /^query TalentSearch\(.*\) \{\n  talents\(.*\) \{/,
  'query TalentSearch($i: Int!, $first: Int!) {\n  talents(i: $i, first: $first) {',
);

export const FILTERS = [
  {},
  { tiers: ['SHORTAGE', 'YOUTH'] },
  { orgKinds: ['ENTERPRISE'], educations: ['MASTER', 'DOCTORATE'] },
  { townCodes: ['110117004000'], industries: ['DRONE'] },
];
const PAGE = 50;
const ORDER = [{ field: 'INTRODUCED_AT', direction: 'DESC' }];

/**
 * Issue 2's figure: TalentSearch with first: 50 on the seeded register, as an ANALYST (personal
 * fields decrypted and masked), newest introductions first. Then issue 13's comparison (see
 * compareTalentSearch), with the floor only; `npm run bench -- peer` adds the peer.
 */
export async function runTalentBench(context: BenchContext): Promise<void> {
  const { baseUrl, requests, concurrency, log } = context;
  const authorization = `Bearer ${await benchToken('ANALYST')}`;
  const search = graphql(baseUrl, TALENT_SEARCH, (i) => ({ filter: FILTERS[i % FILTERS.length], orderBy: ORDER, first: PAGE }), { authorization });
  // With BENCH_BEFORE_ROOT, the API before a change (another checkout) takes turns with it.
  const before = process.env.BENCH_BEFORE_ROOT ? await startApp(context.databaseUrl, {}, process.env.BENCH_BEFORE_ROOT) : null;
  try {
    const sides = [search, ...(before ? [graphql(before.baseUrl, TALENT_SEARCH, (i) => ({ filter: FILTERS[i % FILTERS.length], orderBy: ORDER, first: PAGE }), { authorization })] : [])];
    const [stats, beforeStats] = await measure(requests, concurrency, sides);
    log('TalentSearch, first: 50, as ANALYST (four filters in turn)');
    log(`  median ${ms(stats.median)} ms   p95 ${ms(stats.p95)} ms   ${perSecond(stats.perSecond)} req/s`);
    if (beforeStats) log(`  before: median ${ms(beforeStats.median)} ms   p95 ${ms(beforeStats.p95)} ms   ${perSecond(beforeStats.perSecond)} req/s`);
  } finally {
    await before?.close();
  }
  await compareTalentSearch(context, { peer: false });
}

/** `npm run bench -- peer`: TalentSearch without totalCount against the floor and PostGraphile. */
export function runPeerBench(context: BenchContext): Promise<void> {
  return compareTalentSearch(context, { peer: true });
}



interface Side {
  name: string;
  work: (first: number) => Work;
  app?: RunningApp;
}

/** The path of the first value where two JSON answers part (e.g. `$.data.talents.edges[3].node.phone`). */
function firstDifference(a: unknown, b: unknown, path = '$'): string {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return path;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const [x, y] = [(a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]];
    if (!isDeepStrictEqual(x, y)) return firstDifference(x, y, Array.isArray(a) ? `${path}[${key}]` : `${path}.${key}`);
  }
  return path;
}

/** Page sizes compared (BENCH_PAGE_SIZES, "10,50" by default): the difference gives the cost of an extra row. */
const pageSizes = () => (process.env.BENCH_PAGE_SIZES ?? '10,50').split(',').map(Number);

/**
 * Issue 13's comparison: TalentSearch, nested, WITHOUT totalCount, as an ANALYST, at each page
 * size. Sides, interleaved in one run at 1 and at `concurrency` (8 by default here) in flight:
 * the API; the API as it was before (BENCH_BEFORE_ROOT, another checkout, e.g. /work/main); the
 * floor (bench/floor.ts: the same statements, prepared, the same JSON); the stack floor (the
 * floor's answer through Express, Apollo and graphql-js, none of the API's code); the peer
 * (PostGraphile 4.14.1). Checked first: both floors' JSON equals the API's, and the others return
 * the same ids.
 */
async function compareTalentSearch(context: BenchContext, options: { peer: boolean }): Promise<void> {
  const { baseUrl, databaseUrl, log } = context;
  const requests = Number(process.env.BENCH_COMPARE_REQUESTS ?? context.requests);
  const concurrency = Number(process.env.BENCH_COMPARE_CONCURRENCY ?? 8);
  const authorization = `Bearer ${await benchToken('ANALYST')}`;
  const sizes = pageSizes();
  const variables = (first: number) => (i: number) => ({ filter: FILTERS[i % FILTERS.length], orderBy: ORDER, first });

  // The API's own statements, from its own builders.
  const orm = await initOrm({ clientUrl: databaseUrl, poolMax: 1 });
  const em = orm.em.fork() as never;
  const service = new TalentService(em, 100);
  const pages = Object.fromEntries(sizes.map((first) => [first, FILTERS.map((filter) => service.listStatement(filter as never, [{ field: 'introducedAt', direction: 'desc' }], { first }))]));
  const statements: FloorStatements = {
    pages,
    organizations: organizationsByIdStatement(em, []).sql,
    platforms: platformsOfTalentsStatement(em, []).sql,
    awards: awardsOfRecipientsStatement(em, 'talent_id', []).sql,
    piiKey: BENCH_PII_KEY.toString('base64'),
  };

  const sides: Side[] = [{ name: 'API', work: (first) => graphql(baseUrl, TALENT_SEARCH_PAGE, variables(first), { authorization }) }];
  const beforeRoot = process.env.BENCH_BEFORE_ROOT;
  if (beforeRoot) {
    const before = await startApp(databaseUrl, {}, beforeRoot);
    sides.push({ name: 'API before', work: (first) => graphql(before.baseUrl, TALENT_SEARCH_PAGE, variables(first), { authorization }), app: before });
  }
  const floor = await startFloor(databaseUrl, statements);
  // Through the same HTTP client as the GraphQL sides: a POST with `variables.i` (the filter) and `variables.first`.
  sides.push({ name: 'floor', work: (first) => graphql(floor.baseUrl, 'TalentSearch', (i) => ({ i, first })), app: floor });
  const stackFloor = await startFloor(databaseUrl, statements, { throughStack: true });
  sides.push({ name: 'stack floor', work: (first) => graphql(stackFloor.baseUrl, STACK_FLOOR_QUERY, (i) => ({ i, first })), app: stackFloor });
  if (options.peer) {
    const peer = await startPeer(databaseUrl, log);
    sides.push({ name: 'peer', work: (first) => graphql(peer.baseUrl, PEER_TALENT_SEARCH, (i) => ({ filter: peerFilter(FILTERS[i % FILTERS.length]), first })), app: peer });
  }
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // The same answers first.
    for (const first of sizes) {
      for (let i = 0; i < FILTERS.length; i++) {
        const api = (await sides[0].work(first)(i)) as any;
        for (const name of ['floor', 'stack floor']) {
          const floorJson = await sides.find((s) => s.name === name)!.work(first)(i);
          if (!isDeepStrictEqual(api, floorJson)) {
            // Where, not what: the answers hold talents' fields, which stay out of logs and files.
            throw new Error(`the ${name}'s JSON differs from the API's for filter ${JSON.stringify(FILTERS[i])}, first at ${firstDifference(api, floorJson)}`);
          }
        }
        const ids = api.data.talents.edges.map((e: any) => Number(e.node.id));
        for (const side of sides.slice(1)) {
          const answer = (await side.work(first)(i)) as any;
          const theirs = side.name === 'peer' ? answer.data.allTalents.edges.map((e: any) => e.node.id) : answer.data.talents.edges.map((e: any) => Number(e.node.id));
          if (!isDeepStrictEqual(ids, theirs)) throw new Error(`${side.name} returns other ids than the API for filter ${JSON.stringify(FILTERS[i])}`);
        }
      }
    }
    log(`\nTalentSearch without totalCount, nested, as ANALYST (four filters in turn); answers checked: floor and stack floor JSON = API JSON, ${sides.slice(1).map((s) => s.name).join(', ')}: same ids`);

    // Planning time per request: the page statement of each filter plus the nested ones (ids of the first filter's page).
    const size = sizes.at(-1)!;
    const firstPage = (await client.query(toPositional(pages[size][0]))).rows.slice(0, size);
    const ids = firstPage.map((t) => t.id as number);
    const organizations = organizationsByIdStatement(em, [...new Set(firstPage.map((t) => t.organization as number))]);
    const perRequest = [organizations, platformsOfTalentsStatement(em, ids), awardsOfRecipientsStatement(em, 'talent_id', ids)];
    for (const prepared of [false, true]) {
      let pagePlan = 0;
      let pageExec = 0;
      for (const page of pages[size]) {
        const t = await planningTime(client, page, prepared);
        pagePlan += t.planning / pages[size].length;
        pageExec += t.execution / pages[size].length;
      }
      let nestedPlan = 0;
      let nestedExec = 0;
      for (const statement of perRequest) {
        const t = await planningTime(client, statement, prepared);
        nestedPlan += t.planning;
        nestedExec += t.execution;
      }
      log(
        `  planning per request (first ${size}), ${prepared ? 'prepared (after; 7th execution)' : 'literals inlined (before)'}: page ${pagePlan.toFixed(3)} ms (execution ${pageExec.toFixed(3)}), ` +
          `${perRequest.length} nested ${nestedPlan.toFixed(3)} ms (execution ${nestedExec.toFixed(3)}), total ${(pagePlan + nestedPlan).toFixed(3)} ms`,
      );
    }

    const load = () => readFileSync('/proc/loadavg', 'utf8').trim();
    const bySize = new Map<number, Stats[]>();
    for (const first of sizes) {
      log(`\n  first ${first}; load before: ${load()}`);
      const stats = await measure(requests, concurrency, sides.map((s) => s.work(first)));
      bySize.set(first, stats);
      log(`  load after: ${load()}`);
      log(`  ${requests} requests a side; median and req/s one at a time (sides taking turns), req/s with ${concurrency} in flight (sides taking turns in 4 slices)`);
      log(`  ${'side'.padEnd(12)} ${'median'.padStart(8)} ${'p95'.padStart(8)} ${'req/s@1'.padStart(8)} ${'req/s@' + concurrency}`);
      stats.forEach((s, i) => log(`  ${sides[i].name.padEnd(12)} ${ms(s.median)} ${ms(s.p95)} ${perSecond(s.perSecondSerial)} ${perSecond(s.perSecond)}`));
      for (const [i, side] of sides.entries()) {
        if (i === 0) continue;
        const [api, s] = [stats[0], stats[i]];
        log(`  API vs ${side.name.padEnd(11)}: median ${(api.median / s.median).toFixed(2)}×, req/s@1 ${(api.perSecondSerial / s.perSecondSerial).toFixed(2)}×, req/s@${concurrency} ${(api.perSecond / s.perSecond).toFixed(2)}×`);
      }
      // What the stack alone adds to the floor: the least any API on Express + Apollo + graphql-js can be.
      const [floorStats, stackStats] = ['floor', 'stack floor'].map((name) => stats[sides.findIndex((s) => s.name === name)]);
      log(`  stack floor vs floor: median ${(stackStats.median / floorStats.median).toFixed(2)}×, req/s@1 ${(floorStats.perSecondSerial / stackStats.perSecondSerial).toFixed(2)}× fewer`);
    }
    if (sizes.length > 1) {
      const [small, large] = [sizes[0], sizes.at(-1)!];
      const perRow = (side: number) => (bySize.get(large)![side].median - bySize.get(small)![side].median) / (large - small);
      log(`\n  cost of an extra row (median at ${large} − at ${small}, over ${large - small} rows): ${sides.map((s, i) => `${s.name} ${perRow(i).toFixed(3)} ms`).join(', ')}`);
    }
  } finally {
    await client.end();
    await orm.close();
    for (const side of sides) await side.app?.close();
  }
}
