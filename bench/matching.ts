import 'reflect-metadata';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { Pool } from 'pg';
import { talentCandidatesQuery, type MatchQuery } from '../src/modules/matching/matching.queries';
import type { Education } from '../src/modules/talent/talent.enums';
import type { Industry } from '../src/modules/organization/organization.enums';
import { benchToken, graphql, measure, ms, perSecond, type BenchContext } from './harness';

/**
 * Issue 14's figure: one demand's candidates (DemandCandidates, first: 20, as ANALYST: the
 * ranking, the talents' records, masked phones) through HTTP, next to the ranking statement the
 * API runs, sent straight to PostgreSQL with `pg` (the floor: the same ranking as plain SQL).
 * Demands are the seeded open positions and expert services, taken in turn.
 */

const DEMAND_CANDIDATES = `query DemandCandidates($id: ID!, $first: Int) {
  demand(id: $id) {
    id
    candidates(first: $first) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { score reasons { factor score detail } node { id name education professionalTitle industry engagement phone organization { id name } } }
    }
  }
}`;

const DEMANDS_MEASURED = 40;
const PAGE = 20;

interface DemandRow {
  id: number;
  industry: Industry;
  keywords: string[];
  min_education: Education;
}

const platform = new PostgreSqlPlatform();
/** A statement exactly as the API sends it: MikroORM's `execute` inlines the bindings. */
const sent = (q: MatchQuery) => platform.formatQuery(q.sql, q.params);

export async function runMatchingBench({ baseUrl, databaseUrl, requests, concurrency, log }: BenchContext): Promise<void> {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  try {
    const [{ rows: demands }, { rows: counts }] = await Promise.all([
      pool.query<DemandRow>(
        `select id, industry, keywords, min_education from demand where status = 'OPEN' and kind <> 'CHALLENGE' order by id limit ${DEMANDS_MEASURED}`,
      ),
      pool.query<{ talents: number; profiles: number }>('select (select count(*) from active_talent)::int as talents, (select count(*) from talent_profile)::int as profiles'),
    ]);
    if (!demands.length) throw new Error('matching bench: no open demands; seed the demand side first');
    log(`matching: ${counts[0].talents} active talents, ${counts[0].profiles} profiles, ${demands.length} open demands taken in turn`);
    const statements = demands.map((d) => sent(talentCandidatesQuery({ id: d.id, industry: d.industry, keywords: d.keywords, minEducation: d.min_education }, null, PAGE + 1)));

    const sizes: number[] = [];
    for (const statement of statements) sizes.push((await pool.query<{ total: number }>(statement)).rows[0].total);
    const sorted = [...sizes].sort((a, b) => a - b);
    log(`  candidates per demand: median ${sorted[Math.floor(sorted.length / 2)]}, max ${sorted.at(-1)} (what each ranking scores)`);
    const largest = sizes.indexOf(sorted.at(-1)!);
    const { rows: plan } = await pool.query(`explain (analyze, costs off, timing off, summary off) ${statements[largest]}`);
    log(`  plan of the largest (demand ${demands[largest].id}):`);
    log(plan.map((r: Record<string, string>) => `    ${r['QUERY PLAN']}`).join('\n'));

    const authorization = `Bearer ${await benchToken('ANALYST')}`;
    const api = graphql(baseUrl, DEMAND_CANDIDATES, (i) => ({ id: demands[i % demands.length].id, first: PAGE }), { authorization });
    const sql = (i: number) => pool.query(statements[i % statements.length]);
    const [http, floor] = await measure(requests, concurrency, [api, sql]);
    log(`DemandCandidates, first: ${PAGE}, as ANALYST              median ms    p95 ms    req/s`);
    log(`  API (HTTP, ranking + records)                ${ms(http.median)}  ${ms(http.p95)}  ${perSecond(http.perSecond)}`);
    log(`  SQL floor (the ranking statement, pg)        ${ms(floor.median)}  ${ms(floor.p95)}  ${perSecond(floor.perSecond)}`);
    log(`  API / floor: ${(http.median / floor.median).toFixed(2)} (median)`);
  } finally {
    await pool.end();
  }
}
