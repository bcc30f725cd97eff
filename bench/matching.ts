import 'reflect-metadata';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { Pool } from 'pg';
import { talentCandidatesPageQuery, talentCandidatesQuery, type DemandFacts, type MatchQuery } from '../src/modules/matching/matching.queries';
import type { Education } from '../src/modules/talent/talent.enums';
import type { Industry } from '../src/modules/organization/organization.enums';
import { toPositional } from '../src/shared/read-sql';
import { benchToken, graphql, measure, ms, perSecond, type BenchContext } from './harness';

/**
 * Issue 14's figure: one demand's candidates (DemandCandidates, first: 20, as ANALYST: the
 * ranking, the talents' records, masked phones) through HTTP, next to the ranking statement the
 * API runs (the pruned page over talent_match) sent straight to PostgreSQL with `pg` (the floor:
 * the same ranking as plain SQL). Demands are the seeded open positions and expert services,
 * taken in turn. Before the timed run, the same ranking by scoring every candidate straight from
 * the register (talentCandidatesQuery, the reference) is timed once on the first FULL_SCORED
 * demands, for the before/after of docs/matching.md.
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
const FULL_SCORED = 10;

interface DemandRow {
  id: number;
  industry: Industry;
  keywords: string[];
  min_education: Education;
}

/** A statement exactly as the API sends it (src/shared/read-sql.ts): bind parameters, a named prepared statement. */
const sent = (q: MatchQuery) => {
  const { text, values, name } = toPositional({ sql: q.sql, bindings: q.params });
  return name ? { name, text, values } : { text, values };
};
/** The same statement with its values inlined, for EXPLAIN. */
const inlined = (q: MatchQuery) => new PostgreSqlPlatform().formatQuery(q.sql, q.params);

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
    const facts: DemandFacts[] = demands.map((d) => ({ id: d.id, industry: d.industry, keywords: d.keywords, minEducation: d.min_education }));
    // The candidates page exactly as MatchingService.candidates reads it.
    const ranking = async (i: number) => (await pool.query<{ total: number; bound: number | null }>(sent(talentCandidatesPageQuery(facts[i % facts.length], null, PAGE + 1)))).rows[0];

    const sizes: number[] = [];
    let othersCouldReach = 0;
    for (let i = 0; i < facts.length; i++) {
      const { total, bound } = await ranking(i);
      sizes.push(total);
      // A talent of another industry scores 70 at most: below a bound above that, none is scored.
      if (bound == null || bound <= 7000) othersCouldReach++;
    }
    const sorted = [...sizes].sort((a, b) => a - b);
    log(`  candidates per demand: median ${sorted[Math.floor(sorted.length / 2)]}, max ${sorted.at(-1)}; ${othersCouldReach} of ${facts.length} pages also score the other industries`);
    const largest = sizes.indexOf(sorted.at(-1)!);
    const { rows: plan } = await pool.query(`explain (analyze, buffers, costs off, summary on) ${inlined(talentCandidatesPageQuery(facts[largest], null, PAGE + 1))}`);
    log(`  plan of the largest (demand ${demands[largest].id}):`);
    log(plan.map((r: Record<string, string>) => `    ${r['QUERY PLAN']}`).join('\n'));

    const full: number[] = [];
    for (const f of facts.slice(0, FULL_SCORED)) {
      const started = performance.now();
      await pool.query(sent(talentCandidatesQuery(f, null, PAGE + 1)));
      full.push(performance.now() - started);
    }
    full.sort((a, b) => a - b);
    log(`  reference: scoring every candidate from the register (talentCandidatesQuery), first ${full.length} demands once each: median ${ms(full[Math.floor(full.length / 2)])} ms, max ${ms(full.at(-1)!)} ms`);

    const authorization = `Bearer ${await benchToken('ANALYST')}`;
    const api = graphql(baseUrl, DEMAND_CANDIDATES, (i) => ({ id: demands[i % demands.length].id, first: PAGE }), { authorization });
    const sql = (i: number) => ranking(i);
    const [http, floor] = await measure(requests, concurrency, [api, sql]);
    log(`DemandCandidates, first: ${PAGE}, as ANALYST              median ms    p95 ms    req/s`);
    log(`  API (HTTP, ranking + records)                ${ms(http.median)}  ${ms(http.p95)}  ${perSecond(http.perSecond)}`);
    log(`  SQL floor (the ranking statements, pg)       ${ms(floor.median)}  ${ms(floor.p95)}  ${perSecond(floor.perSecond)}`);
    log(`  API / floor: ${(http.median / floor.median).toFixed(2)} (median)`);
  } finally {
    await pool.end();
  }
}
