import type { Education } from '../talent/talent.enums';
import type { Industry } from '../organization/organization.enums';
import { centsOf, educationsFrom, matchedKeywords, PLATFORM_FITS, PLATFORM_POINTS, pointColumns, TALENT_FITS, TALENT_POINTS } from './matching.score';

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

/** Open demands for a talent: the same score over every open demand (a few thousand rows at most). */
export function talentOpportunitiesQuery(talentId: number, after: MatchCursor | null, limit: number): MatchQuery {
  const params = new Params();
  const scored = `with t as (select a.*, tp.profile from active_talent a left join talent_profile tp on tp.talent_id = a.id where a.id = ${params.bind(talentId)}),
pointed as (
  select d.id, d.kind, d.industry as d_industry, d.keywords, d.min_education, d.min_professional_title, d.engagement as d_engagement,
    t.industry, t.education, t.professional_title, t.engagement, t.town_code, d.town_code as d_town_code, dist.km, m.matched,
    ${pointColumns(TALENT_POINTS)}
  from demand d
  cross join t
  cross join lateral (select ${matchedKeywords('coalesce(t.profile, \'\')')} as matched offset 0) m
  left join town_distance dist on dist.from_code = d.town_code and dist.to_code = t.town_code
  where d.status = 'OPEN' and ${TALENT_FITS}
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
