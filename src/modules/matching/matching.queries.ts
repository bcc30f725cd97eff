import type { Education } from '../talent/talent.enums';
import { Industry } from '../organization/organization.enums';
import { MatchFactor } from './matching.enums';
import { centsOf, educationsFrom, matchedKeywords, PLATFORM_FITS, PLATFORM_POINTS, pointColumns, TALENT_FITS, TALENT_POINTS, WEIGHTS } from './matching.score';

/**
 * The statements of matching, each ONE round trip returning the page and the total as one row
 * (`total`, and `page`: the page's rows as JSON, best first). Ranked by the score in hundredths
 * (`cents`, an integer) descending, then id ascending: a total order, so a cursor (cents, id)
 * resumes exactly where a page ended.
 *
 * The talent's side is active_talent (only counted talents are matched) with its profile text
 * (talent_profile);
 * the demand's side is the demand row; town_distance (migration …_matching) holds the km between
 * two towns' centroids.
 */

export interface MatchQuery {
  sql: string;
  params: unknown[];
}

/** Where a page starts: after the row with this score (hundredths) and id. */
export interface MatchCursor {
  cents: number;
  id: number;
}

export interface DemandFacts {
  id: number;
  industry: Industry;
  keywords: readonly string[];
  minEducation: Education;
}

/** A talent's profile text (talent_profile, joined as tp); a talent without one has none to match. */
const PROFILE = `coalesce(tp.profile, '')`;

class Params {
  readonly values: unknown[] = [];
  bind(value: unknown): string {
    this.values.push(value);
    return '?';
  }
}

function pageOf(params: Params, pointed: string, points: Record<string, string>, after: MatchCursor | null, limit: number): string {
  const scored = `${pointed},
scored as (select pointed.*, ${centsOf(points)} as cents from pointed)`;
  const resume = after ? `where (s.cents < ${params.bind(after.cents)} or (s.cents = ${params.bind(after.cents)} and s.id > ${params.bind(after.id)}))` : '';
  return `${scored}
select (select count(*) from scored)::int as total,
  coalesce((select json_agg(p order by p.cents desc, p.id) from (
    select s.*, tr.name as town_name, dt.name as d_town_name from scored s
    left join region tr on tr.code = s.town_code left join region dt on dt.code = s.d_town_code
    ${resume} order by s.cents desc, s.id limit ${params.bind(limit)}
  ) p), '[]'::json) as page`;
}

/**
 * Talents for a demand, every candidate scored: the ranking's definition, read straight from the
 * register (active_talent with its profile), with no index of matching's own. The reference the
 * pruned page (talentCandidatesPageQuery) is compared with (test/matching.test.ts, bench/matching.ts).
 */
export function talentCandidatesQuery(demand: DemandFacts, after: MatchCursor | null, limit: number): MatchQuery {
  const params = new Params();
  const scored = `with d as (select * from demand where id = ${params.bind(demand.id)}),
dist as (select to_code, km from town_distance where from_code = (select town_code from d)),
pointed as (
  select t.id, t.industry, t.education, t.professional_title, t.engagement, t.town_code, d.town_code as d_town_code, dist.km, m.matched,
    ${pointColumns(TALENT_POINTS)}
  from active_talent t
  left join talent_profile tp on tp.talent_id = t.id
  cross join d
  cross join lateral (select ${matchedKeywords(PROFILE)} as matched offset 0) m
  left join dist on dist.to_code = t.town_code
  where ${TALENT_FITS}
)`;
  const sql = pageOf(params, scored, TALENT_POINTS, after, limit);
  return { sql, params: params.values };
}

/** How many pages' worth of the best classes are scored first, to learn how high the page's last score is at least. */
const ROUND_ONE_PAGES = 32;

/** A talent_match row's class columns: every factor of the score but the keywords. */
const CLASS_COLUMNS = 'industry, education, professional_title, engagement, town_code';

/** Every factor but the keywords: what a talent's class (industry, education, title, engagement, town) alone decides. */
const CLASS_FACTORS = Object.values(MatchFactor).filter((f): f is keyof typeof TALENT_POINTS => f in TALENT_POINTS && f !== MatchFactor.KEYWORDS);
/** The class part of the score in hundredths (over a row `t` with the class columns); the keywords add 0 to KEYWORD_CENTS to it. */
const CLASS_CENTS = `round((${CLASS_FACTORS.map((f) => `${TALENT_POINTS[f]}::float8`).join(' + ')}) * 100)::int`;
const KEYWORD_CENTS = WEIGHTS.KEYWORDS * 100;
/** Most a talent outside the demand's industry can score: every factor at its best but the industry. */
const OTHER_INDUSTRY_MAX_CENTS = (Object.values(WEIGHTS).reduce((a, b) => a + b, 0) - WEIGHTS.INDUSTRY) * 100;

/**
 * The other industries' keyword matches of a demand: one row per keyword held (a talent holding
 * two is there twice) for each talent of another industry than the demand's, at or above the
 * floor, whose profile holds one of its keywords. From the postings (talent_match_term, migration
 * …_matching_postings), which hold every keyword a demand lists: an index-only scan of each
 * keyword's postings at each education of the floor in each other industry (ranges of the index:
 * the demand's own industry is skipped, not read and filtered); no profile is read.
 */
function otherIndustryPostings(params: Params, demand: DemandFacts, educations: Education[]): string {
  return `select p.talent_id as id from talent_match_term p
    where p.term_id = any(array(select t.id from match_term t where t.term in (select lower(k) from unnest((select keywords from d)) as k)))
      and p.education in (${params.bind(educations)}) and p.industry in (${params.bind(Object.values(Industry).filter((i) => i !== demand.industry))})`;
}

/**
 * One page of a demand's candidates, scoring only the talents that can still reach the page
 * (docs/matching.md, "How it stays fast"). Same rows, scores and order as talentCandidatesQuery,
 * which scores every candidate; test/matching.test.ts compares the two.
 *
 * Read from talent_match: the demand's industry as classes (industry, education, title,
 * engagement, town) with their counts, from an index-only scan; each class's `base`, the score
 * of every factor but the keywords, is a lower bound of its talents' scores and base + 30 an
 * upper bound.
 *
 * 1. `t1`: the (ROUND_ONE_PAGES × limit)-th best base (else the limit-th) among the industry's
 *    talents certainly after the cursor (upper bound below the cursor's score): at least `limit`
 *    talents after the cursor score that much.
 * 2. `s1`: the talents of the classes with base ≥ t1 are scored exactly; the `limit`-th best
 *    exact score after the cursor among them is a lower bound of the page's last score (returned
 *    as `bound`).
 * 3. Only the talents whose upper bound reaches s1 are scored and ranked: those of the industry's
 *    classes with base + 30 ≥ s1, and the other industries' keyword matches (otherIndustryPostings)
 *    whose own class bound reaches it (none when s1 is above 70, what they can score at most).
 * A missing bound (fewer talents than a page) scores every candidate. `total` scores nothing: the
 * classes' counts plus the other industries' keyword matches.
 */
export function talentCandidatesPageQuery(demand: DemandFacts, after: MatchCursor | null, limit: number): MatchQuery {
  const params = new Params();
  const educations = educationsFrom(demand.minEducation);
  const keywordCents = demand.keywords.length ? KEYWORD_CENTS : 0;
  const demandRow = `with d as (select * from demand where id = ${params.bind(demand.id)})`;
  const classes = `select m.${CLASS_COLUMNS.split(', ').join(', m.')}, count(*)::int as n from talent_match m
    where m.industry = ${params.bind(demand.industry)} and m.education in (${params.bind(educations)}) group by ${CLASS_COLUMNS}`;
  const certainlyAfter = after ? `where c.base + ${keywordCents} < ${params.bind(after.cents)}` : '';
  // The n-th best base among the classes' talents: the best base whose classes, with the better ones, hold n talents.
  const nth = (n: number) => `(select r.base from reach r where r.talents >= ${params.bind(n)} order by r.base desc limit 1)`;
  const t1 = `coalesce(${nth(limit * ROUND_ONE_PAGES)}, ${nth(limit)}, -1)`;
  const resume = (s: string) => (after ? `and (${s}.cents < ${params.bind(after.cents)} or (${s}.cents = ${params.bind(after.cents)} and ${s}.id > ${params.bind(after.id)}))` : '');
  // The talents of the classes chosen by a condition on `c`, with their profiles, read class by
  // class from the class index. The chosen classes pass through an array: the planner then
  // expects a few dozen of them (as a round chooses), not a third of the industry's, which
  // would price the statement above jit_above_cost and have it compiled for longer than it runs.
  const members = (condition: string) => `select t.* from unnest(array(select c.k from classes c where ${condition})) as chosen (k)
    join classes c on c.k = chosen.k
    cross join lateral (
      select m.talent_id as id, m.${CLASS_COLUMNS.split(', ').join(', m.')}, m.profile from talent_match m
      where (m.${CLASS_COLUMNS.split(', ').join(', m.')}) = (c.${CLASS_COLUMNS.split(', ').join(', c.')})
    ) t`;
  const pointed = (from: string) => `select t.id, t.industry, t.education, t.professional_title, t.engagement, t.town_code, d.town_code as d_town_code, dist.km, m.matched,
    ${pointColumns(TALENT_POINTS)}
  from (${from}) t
  cross join d
  cross join lateral (select ${matchedKeywords('t.profile')} as matched offset 0) m
  left join dist on dist.to_code = t.town_code
  where ${TALENT_FITS}`;
  const r1Resume = resume('r');
  const s1 = `select r.cents from (select p.id, ${centsOf(TALENT_POINTS)} as cents from (${pointed(members('c.base >= (select v from t1)'))}) p) r
    where true ${r1Resume} order by r.cents desc, r.id offset ${params.bind(limit - 1)} limit 1`;
  const withOthers = demand.keywords.length > 0;
  // Read twice, never stored: counted (distinct talents) for the total, and read again only when round two needs them.
  const others = withOthers ? `\nothers as not materialized (\n    ${otherIndustryPostings(params, demand, educations)}\n),` : '';
  // Scored only when the page's bound leaves them a chance (a check made once, before any row is read), and then
  // only those whose own class bound reaches it. Through an array, as the classes: the planner prices the branch
  // for a few dozen talents, not for every match (which would put the statement above jit_above_cost), and it is
  // built only if the branch runs.
  const otherPool = withOthers
    ? `\n    union all
    select t.talent_id as id, t.${CLASS_COLUMNS.split(', ').join(', t.')}, t.profile from unnest(array(select distinct o.id from others o)) as o (id)
    join talent_match t on t.talent_id = o.id
    cross join d left join dist on dist.to_code = t.town_code
    where coalesce((select v from s1) <= ${OTHER_INDUSTRY_MAX_CENTS}, true) and ${CLASS_CENTS} + ${keywordCents} >= coalesce((select v from s1), -1)`
    : '';
  const sql = `${demandRow},
dist as (select to_code, km from town_distance where from_code = (select town_code from d)),
classes as materialized (
  select t.*, ${CLASS_CENTS} as base, row_number() over () as k
  from (${classes}) t cross join d left join dist on dist.to_code = t.town_code
),
reach as (select c.base, sum(c.n) over (order by c.base desc) as talents from classes c ${certainlyAfter}),
t1 as materialized (select ${t1} as v),
s1 as materialized (select (${s1}) as v),${others}
pool as (
    ${members(`c.base + ${keywordCents} >= coalesce((select v from s1), -1)`)}${otherPool}
),
scored as (select pointed.*, ${centsOf(TALENT_POINTS)} as cents from (${pointed('select * from pool')}) pointed)
select ((select coalesce(sum(n), 0) from classes)${withOthers ? ' + (select count(distinct id) from others)' : ''})::int as total, (select v from s1) as bound,
  coalesce((select json_agg(p order by p.cents desc, p.id) from (
    select s.*, tr.name as town_name, dt.name as d_town_name from scored s
    left join region tr on tr.code = s.town_code left join region dt on dt.code = s.d_town_code
    where true ${resume('s')} order by s.cents desc, s.id limit ${params.bind(limit)}
  ) p), '[]'::json) as page`;
  return { sql, params: params.values };
}

/** Open demands for a talent: the same score over every open demand (a few thousand rows at most). */
export function talentOpportunitiesQuery(talentId: number, after: MatchCursor | null, limit: number): MatchQuery {
  const params = new Params();
  const scored = `with t as (select a.*, tp.profile from active_talent a left join talent_profile tp on tp.talent_id = a.id where a.id = ${params.bind(talentId)}),
pointed as (
  select d.id, d.kind, d.industry as d_industry, d.keywords, d.min_education, d.min_professional_title, d.engagement as d_engagement,
    t.industry, t.education, t.professional_title, t.engagement, t.town_code, d.town_code as d_town_code, dist.km, m.matched,
    ${pointColumns(TALENT_POINTS)}
  from open_demand d
  cross join t
  cross join lateral (select ${matchedKeywords('coalesce(t.profile, \'\')')} as matched offset 0) m
  left join town_distance dist on dist.from_code = d.town_code and dist.to_code = t.town_code
  where ${TALENT_FITS}
)`;
  return { sql: pageOf(params, scored, TALENT_POINTS, after, limit), params: params.values };
}

/** Platforms for a challenge: every active platform whose host works in the industry or whose name holds a keyword. */
export function platformCandidatesQuery(demandId: number, after: MatchCursor | null, limit: number): MatchQuery {
  const params = new Params();
  const scored = `with d as (select * from demand where id = ${params.bind(demandId)}),
pointed as (
  select p.id, p.industry, p.level, p.town_code, d.town_code as d_town_code, dist.km, m.matched,
    ${pointColumns(PLATFORM_POINTS)}
  from (select ap.id, ap.name, ap.level, ap.town_code, ho.industry, ho.name as host_name
        from active_platform ap join organization ho on ho.id = ap.host_organization_id) p
  cross join d
  cross join lateral (select ${matchedKeywords(`p.name || ' ' || p.host_name`)} as matched offset 0) m
  left join town_distance dist on dist.from_code = d.town_code and dist.to_code = p.town_code
  where ${PLATFORM_FITS}
)`;
  return { sql: pageOf(params, scored, PLATFORM_POINTS, after, limit), params: params.values };
}
