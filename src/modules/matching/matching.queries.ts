import type { Education } from '../talent/talent.enums';
import type { Industry } from '../organization/organization.enums';
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
 * Talents for a demand. The candidate set (TALENT_FITS: education at the floor or above, and the
 * demand's industry or one of its keywords in the profile) is first narrowed by indexes, one
 * branch each: talent (industry, education) for the industry, the profile's gram index
 * (text_search_grams, as name search) for each keyword. Only the rows those find are scored;
 * TALENT_FITS then decides, so the branches can only narrow, never widen.
 */
export function talentCandidatesQuery(demand: DemandFacts, after: MatchCursor | null, limit: number): MatchQuery {
  const params = new Params();
  const demandRow = `with d as (select * from demand where id = ${params.bind(demand.id)})`;
  const educations = educationsFrom(demand.minEducation);
  const columns = 'a.id, a.industry, a.education, a.professional_title, a.engagement, a.town_code';
  const branches = [`select ${columns} from active_talent a where a.industry = ${params.bind(demand.industry)} and a.education in (${params.bind(educations)})`];
  for (const keyword of demand.keywords) {
    // One index probe per education at or above the floor (a BitmapOr): the keyword's bigrams and
    // the education intersect in the index, so a keyword a whole industry shares costs only the
    // talents at the floor or above.
    const probes = educations.map((e) => `talent_profile_keys(p.profile, p.education) @> (text_search_keys(${params.bind(keyword)}) || array[chr(1) || ${params.bind(e)}])`);
    branches.push(
      `select ${columns} from talent_profile p join active_talent a on a.id = p.talent_id where (${probes.join(' or ')})` +
        ` and strpos(lower(p.profile), lower(${params.bind(keyword)})) > 0 and a.education in (${params.bind(educations)})`,
    );
  }
  const scored = `${demandRow},
dist as (select to_code, km from town_distance where from_code = (select town_code from d)),
pool as (
  ${branches.join('\n  union\n  ')}
),
pointed as (
  select t.id, t.industry, t.education, t.professional_title, t.engagement, t.town_code, d.town_code as d_town_code, dist.km, m.matched,
    ${pointColumns(TALENT_POINTS)}
  from pool t
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

/** The talent columns a candidate row carries before it is scored. */
const CANDIDATE_COLUMNS = 'a.id, a.industry, a.education, a.professional_title, a.engagement, a.town_code';

/**
 * The profiles (talent_profile p) holding at least one of the demand's keywords, of talents at or
 * above the floor (the education mirrored into the profile): one pass over the profile's gram index
 * (every keyword × every education at or above the floor, one BitmapOr), each keyword confirmed by
 * strpos. No talent row is read.
 */
function keywordProfiles(params: Params, demand: DemandFacts, educations: Education[]): string {
  const probes = demand.keywords.flatMap((keyword) =>
    educations.map((e) => `talent_profile_keys(p.profile, p.education) @> (text_search_keys(${params.bind(keyword)}) || array[chr(1) || ${params.bind(e)}])`),
  );
  const confirms = demand.keywords.map((keyword) => `strpos(lower(p.profile), lower(${params.bind(keyword)})) > 0`);
  return `select p.talent_id from talent_profile p where (${probes.join(' or ')}) and (${confirms.join(' or ')})`;
}

/** Every factor but the keywords: what a talent's class (industry, education, title, engagement, town) alone decides. */
const CLASS_FACTORS = Object.values(MatchFactor).filter((f): f is keyof typeof TALENT_POINTS => f in TALENT_POINTS && f !== MatchFactor.KEYWORDS);
/** The class part of the score in hundredths; the keywords add 0 to KEYWORD_CENTS to it. */
const CLASS_CENTS = `round((${CLASS_FACTORS.map((f) => `${TALENT_POINTS[f]}::float8`).join(' + ')}) * 100)::int`;
const KEYWORD_CENTS = WEIGHTS.KEYWORDS * 100;
/** Most a talent outside the demand's industry can score (no industry points): keywords and the class factors at their best. */
const OTHER_INDUSTRY_MAX_CENTS = Object.values(WEIGHTS).reduce((a, b) => a + b, 0) * 100 - WEIGHTS.INDUSTRY * 100;

/**
 * One page of a demand's candidates, scoring only the talents that can still reach the page
 * (docs/matching.md, "How it stays fast"). Same rows, scores and order as talentCandidatesQuery,
 * which scores every candidate; test/matching.test.ts compares the two.
 *
 * Every factor but the keywords is fixed by a talent's class, read from the covering index of the
 * industry branch without touching the profiles: `base`, the class part of the score, is a lower
 * bound of the score and base + the keywords' maximum an upper bound.
 *
 * 1. `t1`: the (ROUND_ONE_PAGES × limit)-th best base (else the limit-th) among the industry's
 *    talents certainly after the cursor (upper bound below the cursor's score): at least `limit`
 *    rows after the cursor score that much.
 * 2. `r1`: the talents with base ≥ t1 are scored exactly; `s1`, the `limit`-th best exact score
 *    after the cursor among them, is a lower bound of the page's last score (returned as `bound`).
 * 3. Only the industry's talents whose upper bound base + 30 reaches s1 are scored and ranked, and
 *    those of other industries (keyword matches, 70 at most) only `withOtherIndustries`: the
 *    caller reads the page again with them when needsOtherIndustries(bound) says they could reach it.
 * Any missing bound (fewer rows than a page) falls back to scoring every candidate. `total` counts
 * every candidate without scoring: the industry's rows, plus the other industries' keyword
 * profiles (anti-joined to the industry's first, then joined to their talents).
 */
export function talentCandidatesPageQuery(demand: DemandFacts, after: MatchCursor | null, limit: number, withOtherIndustries: boolean): MatchQuery {
  const params = new Params();
  const educations = educationsFrom(demand.minEducation);
  const keywordCents = demand.keywords.length ? KEYWORD_CENTS : 0;
  const demandRow = `with d as (select * from demand where id = ${params.bind(demand.id)})`;
  const industryRows = `select ${CANDIDATE_COLUMNS} from active_talent a where a.industry = ${params.bind(demand.industry)} and a.education in (${params.bind(educations)})`;
  const certainlyAfter = () => (after ? `where b.base + ${keywordCents} < ${params.bind(after.cents)}` : '');
  const nth = (n: number) => `(select b.base from based b ${certainlyAfter()} order by b.base desc offset ${params.bind(n - 1)} limit 1)`;
  // A sample of ROUND_ONE_PAGES pages' worth of the best classes, so that enough of them have keywords for s1 to be high.
  const t1 = `coalesce(${nth(limit * ROUND_ONE_PAGES)}, ${nth(limit)})`;
  const resume = (s: string) => (after ? `and (${s}.cents < ${params.bind(after.cents)} or (${s}.cents = ${params.bind(after.cents)} and ${s}.id > ${params.bind(after.id)}))` : '');
  const pointed = (from: string) => `select t.id, t.industry, t.education, t.professional_title, t.engagement, t.town_code, d.town_code as d_town_code, dist.km, m.matched,
    ${pointColumns(TALENT_POINTS)}
  from ${from} t
  left join talent_profile tp on tp.talent_id = t.id
  cross join d
  cross join lateral (select ${matchedKeywords(PROFILE)} as matched offset 0) m
  left join dist on dist.to_code = t.town_code
  where ${TALENT_FITS}`;
  const r1From = `(select b.* from based b where b.base >= coalesce(${t1}, -1))`;
  const r1Resume = resume('r');
  const s1 = `(select r.cents from (select p.id, ${centsOf(TALENT_POINTS)} as cents from (${pointed(r1From)}) p) r where true ${r1Resume} order by r.cents desc, r.id offset ${params.bind(limit - 1)} limit 1)`;
  // The other industries' candidates: keyword profiles not already in `based`, of active talents (an
  // archived talent's profile stays) at or above the floor. Counted always; scored only when asked.
  // The anti-join first (its own CTE), so that only the few profiles outside `based` are joined to their talents.
  const kept = demand.keywords.length
    ? `\nkept as materialized (select k.talent_id from (${keywordProfiles(params, demand, educations)}) k where not exists (select 1 from based b where b.id = k.talent_id)),`
    : '';
  const others = demand.keywords.length
    ? `select ${CANDIDATE_COLUMNS} from kept k
    join active_talent a on a.id = k.talent_id
    where a.industry <> ${params.bind(demand.industry)} and a.education in (${params.bind(educations)})`
    : '';
  // Parameters are bound in the order they appear in the text: `kept` before `others`.
  const otherBranch = withOtherIndustries && others ? '\n    union all\n    select * from others' : '';
  const sql = `${demandRow},
dist as (select to_code, km from town_distance where from_code = (select town_code from d)),
based as materialized (
  select t.*, ${CLASS_CENTS} as base
  from (${industryRows}) t cross join d left join dist on dist.to_code = t.town_code
),
s1 as materialized (select ${s1} as v),${kept}${others ? `\nothers as materialized (${others}),` : ''}
pool as (
    select b.id, b.industry, b.education, b.professional_title, b.engagement, b.town_code from based b
    where b.base + ${keywordCents} >= coalesce((select v from s1), -1)${otherBranch}
),
pointed as (
  ${pointed('pool')}
),
scored as (select pointed.*, ${centsOf(TALENT_POINTS)} as cents from pointed)
select ((select count(*) from based)${others ? ' + (select count(*) from others)' : ''})::int as total, (select v from s1) as bound,
  coalesce((select json_agg(p order by p.cents desc, p.id) from (
    select s.*, tr.name as town_name, dt.name as d_town_name from scored s
    left join region tr on tr.code = s.town_code left join region dt on dt.code = s.d_town_code
    where true ${resume('s')} order by s.cents desc, s.id limit ${params.bind(limit)}
  ) p), '[]'::json) as page`;
  return { sql, params: params.values };
}

/**
 * Whether a candidates page read without the other industries (talentCandidatesPageQuery(…, false))
 * must be read again with them: the demand has keywords, and the page's last score is not known to
 * be above what a talent of another industry can score.
 */
export function needsOtherIndustries(demand: DemandFacts, bound: number | null | undefined): boolean {
  return demand.keywords.length > 0 && (bound == null || bound <= OTHER_INDUSTRY_MAX_CENTS);
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
