import { columns, inTransaction, writeTable, type SqlClient } from './bulk';
import {
  DEMANDS,
  PAIRINGS,
  generateCatalogues,
  generateDemands,
  generatePairings,
  generateProgrammes,
  type CatalogueEntryRow,
  type CatalogueRow,
  type DemandEventRow,
  type DemandRow,
  type PairingRow,
  type ProgrammeRow,
} from './generators/demand-side';
import type { OrganizationRow } from './generators/organizations';
import { REFERENCE_REGISTER, REFERENCE_YEAR } from './generators/talents';

export interface DemandSideCounts {
  shortageCatalogueEntry: number;
  shortageRecognition: number;
  demand: number;
  demandFill: number;
  challengeBid: number;
  trainingProgramme: number;
  trainingEnrolment: number;
  pairing: number;
  pairingTalent: number;
}

const catalogueColumns = columns<CatalogueRow>({ id: 'int', year: 'smallint', publishedOn: 'date' });
const entryColumns = columns<CatalogueEntryRow>({
  id: 'int', catalogueId: 'int', industry: 'text', specialty: 'text', minEducation: 'text', minProfessionalTitle: 'text',
  headcount: 'int', organizationId: 'int',
});
/** Keywords travel as one text joined by U+001F (unnest would flatten an array of arrays). */
const KEYWORD_SEPARATOR = '\u001f';
const demandColumns = [
  ...columns<DemandRow>({
    id: 'int', kind: 'text', status: 'text', organizationId: 'int', townCode: 'text', industry: 'text', title: 'text',
    description: 'text', minEducation: 'text', minProfessionalTitle: 'text', headcount: 'int', engagement: 'text',
    serviceMonths: 'smallint', challengeArea: 'text', reward: 'numeric', deadline: 'date', catalogueEntryId: 'int',
    postedAt: 'timestamptz', updatedAt: 'timestamptz',
  }),
  { name: 'keywords', type: 'text' as const, value: (row: DemandRow) => row.keywords.join(KEYWORD_SEPARATOR), select: `string_to_array(x."keywords", chr(31))` },
];
const demandEventColumns = columns<DemandEventRow>({
  id: 'int', demandId: 'int', fromStatus: 'text', toStatus: 'text', actor: 'text', at: 'timestamptz', note: 'text',
});
const programmeColumns = columns<ProgrammeRow>({
  id: 'int', name: 'text', kind: 'text', year: 'smallint', organizerId: 'int', capacity: 'int', startsOn: 'date', endsOn: 'date',
});
const pairingColumns = columns<PairingRow>({ id: 'int', partnerId: 'int', beneficiaryId: 'int', startYear: 'smallint', focus: 'text' });

/** A deterministic pseudo-random order key of two integers, in SQL (no random(): re-runs choose the same rows). */
const mix = (a: string, b: string) => `((${a})::bigint * 2654435761 + (${b})::bigint * 40503) % 2147483647`;
/**
 * A second key, unrelated to `mix` modulo small numbers: a draw made with one and a choice made
 * with the other must not line up (with one key, the talents drawn by `mix % 1000 < 32` all
 * landed in the same few programmes of `mix % n`).
 */
const mix2 = (a: string) => `(((${a})::bigint * 2246822519) % 4294967291 * 40499) % 2147483629`;

/**
 * Talents recognised against the catalogue: every SHORTAGE talent introduced in a catalogue year
 * is recognised against an entry of that year's catalogue, one of its own industry where there
 * is one. This is the source of the tier.
 */
const RECOGNITIONS = `insert into shortage_recognition (entry_id, talent_id, recognized_on)
select e.id, t.id, greatest(t.introduced_at, c.published_on)
from talent t
join shortage_catalogue c on c.year = extract(year from t.introduced_at)::int
cross join lateral (
  select e.id from shortage_catalogue_entry e where e.catalogue_id = c.id
  order by (e.industry = t.industry) desc, ${mix('e.id', 't.id')}, e.id limit 1) e
where t.tier = 'SHORTAGE'
on conflict do nothing`;

/**
 * Bids on the seeded challenges: 0–3 tiered talents of the challenge's industry, drawn from the
 * first REFERENCE_REGISTER talents (so every seed that large bids the same), and a platform on
 * every third. A filled challenge accepted its first talent bid, or else its platform; the rest
 * were turned down; bids on open ones wait.
 */
const TALENT_BIDS = `with pool as (
  select id, industry, row_number() over (partition by industry order by id) - 1 as rn, count(*) over (partition by industry) as n
  from talent where id <= $2 and tier is not null and archived_at is null),
sizes as (select distinct industry, n from pool),
picks as (
  select d.id as demand_id, d.status, d.posted_at, j, s.n, d.industry
  from demand d join sizes s on s.industry = d.industry
  cross join lateral generate_series(1, (d.id * 7919) % 4) j
  where d.kind = 'CHALLENGE' and d.id <= $1),
chosen as (
  select distinct on (p.demand_id, pool.id) p.demand_id, pool.id as talent_id, p.status, p.posted_at, p.j
  from picks p join pool on pool.industry = p.industry and pool.rn = ${mix('p.demand_id', 'p.j')} % p.n
  order by p.demand_id, pool.id, p.j),
ranked as (select *, row_number() over (partition by demand_id order by j, talent_id) as r from chosen)
insert into challenge_bid (demand_id, bidder_kind, talent_id, team_size, proposal, status, submitted_at)
select demand_id, 'TALENT', talent_id, 1 + talent_id % 5, '揭榜方案：组建攻关团队，分阶段完成技术路线验证与示范应用。',
  case when status = 'OPEN' then 'SUBMITTED' when status = 'FILLED' and r = 1 then 'ACCEPTED' else 'REJECTED' end,
  posted_at + j * interval '3 days'
from ranked
on conflict do nothing`;

const PLATFORM_BIDS = `with platforms as (select id, row_number() over (order by id) - 1 as rn, count(*) over () as n from platform where id <= 100)
insert into challenge_bid (demand_id, bidder_kind, platform_id, team_size, proposal, status, submitted_at)
select d.id, 'PLATFORM', p.id, 1, '依托平台科研团队揭榜，提供试验条件与成果转化服务。',
  case when d.status = 'OPEN' then 'SUBMITTED'
       when d.status = 'FILLED' and not exists (select 1 from challenge_bid b where b.demand_id = d.id and b.status = 'ACCEPTED') then 'ACCEPTED'
       else 'REJECTED' end,
  d.posted_at + interval '5 days'
from demand d join platforms p on p.rn = ${mix('d.id', '1')} % p.n
where d.kind = 'CHALLENGE' and d.challenge_area = 'TECHNOLOGY' and d.id % 3 = 0 and d.id <= $1
on conflict do nothing`;

/**
 * Who filled the seeded FILLED demands: for a challenge, its accepted talent; otherwise up to
 * three talents of the employer, those of the demand's industry first, among the first
 * REFERENCE_REGISTER talents (so every seed that large agrees). One join, no per-demand scan.
 */
const FILLS = `with filled as (
  select id, organization_id, industry, least(headcount, 3) as n from demand
  where id <= $1 and status = 'FILLED' and kind <> 'CHALLENGE'),
candidates as (
  select f.id as demand_id, t.id as talent_id, f.n,
    row_number() over (partition by f.id order by (t.industry = f.industry) desc, ${mix('t.id', 'f.id')}, t.id) as rn
  from filled f join talent t on t.organization_id = f.organization_id and t.id <= $2 and t.archived_at is null)
insert into demand_fill (demand_id, talent_id)
select b.demand_id, b.talent_id from challenge_bid b join demand d on d.id = b.demand_id
where d.id <= $1 and d.status = 'FILLED' and b.status = 'ACCEPTED' and b.talent_id is not null
union all
select demand_id, talent_id from candidates where rn <= n
on conflict do nothing`;

/** A filled demand whose employer has nobody on the register (small seeds) was filled from outside: a talent of its industry, preferably. */
const FALLBACK_FILLS = `insert into demand_fill (demand_id, talent_id)
select d.id, f.id from demand d
cross join lateral (
  select t.id from talent t where t.id <= $2 and t.archived_at is null
  order by (t.industry = d.industry) desc, ${mix('t.id', 'd.id')}, t.id limit 1) f
where d.id <= $1 and d.status = 'FILLED' and d.kind <> 'CHALLENGE' and not exists (select 1 from demand_fill x where x.demand_id = d.id)
on conflict do nothing`;

/**
 * Enrolments for about 3% of the register, in one pass over it: a talent drawn (by a fixed hash
 * of its id) is headed for the kind of open programme that suits it (导师帮带 for the young,
 * 学历教育 for 专科 and below, 创业陪跑 for managers, 实训 for the rest), spread over that kind's
 * programmes, and a programme takes its first `capacity` by the same hash. Nobody is enrolled
 * before being introduced. Past years' enrolments are COMPLETED, this year's ENROLLED; one in 17
 * withdrew. 高级研修 and 交流挂职 are selections, written by SELECTIONS.
 */
const ENROLMENTS = `with p as (
  select id, kind, year, capacity, starts_on, ends_on,
    row_number() over (partition by kind order by id) - 1 as k, count(*) over (partition by kind) as n
  from training_programme where id <= $1 and kind not in ('ADVANCED_STUDY', 'SECONDMENT')),
sizes as (select distinct kind, n from p),
drawn as (
  select t.id, t.introduced_at, ${mix2('t.id')} as h,
    case
      when t.tier = 'YOUTH' or t.birth_year >= $2 - 32 then 'MENTORSHIP'
      when t.education in ('ASSOCIATE', 'SECONDARY_OR_BELOW') and t.birth_year >= $2 - 45 and t.id % 3 = 0 then 'DEGREE_EDUCATION'
      when t.talent_type = 'BUSINESS_MANAGEMENT' then 'STARTUP_COACHING'
      else 'PRACTICAL_TRAINING' end as kind
  from talent t
  where t.archived_at is null and ${mix('t.id', '3')} % 1000 < 32),
picked as (select d.*, d.h % s.n as slot from drawn d join sizes s on s.kind = d.kind),
assigned as (
  select pk.id as talent_id, p.id as programme_id, p.capacity, p.year, p.starts_on, p.ends_on,
    row_number() over (partition by p.id order by pk.h, pk.id) as rn
  from picked pk join p on p.kind = pk.kind and p.k = pk.slot
  where extract(year from pk.introduced_at) <= p.year)
insert into training_enrolment (programme_id, talent_id, status, enrolled_at, completed_at)
select programme_id, talent_id,
  case when talent_id % 17 = 0 then 'WITHDRAWN' when year < $2 then 'COMPLETED' else 'ENROLLED' end,
  (starts_on - 14)::timestamp at time zone 'Asia/Shanghai' + interval '9 hours',
  case when talent_id % 17 <> 0 and year < $2 then ends_on::timestamp at time zone 'Asia/Shanghai' + interval '17 hours' end
from assigned where rn <= capacity
on conflict do nothing`;

/**
 * 高级研修 and 交流挂职 select their classes (about 30 people a year): tiered or senior talent for
 * 研修; 党政, 专业技术 and 经营管理 talent under 45 for 挂职. Drawn from the first
 * REFERENCE_REGISTER talents, so every seed that large selects the same people.
 */
const SELECTIONS = `insert into training_enrolment (programme_id, talent_id, status, enrolled_at, completed_at)
select programme_id, talent_id,
  case when talent_id % 17 = 0 then 'WITHDRAWN' when year < $2 then 'COMPLETED' else 'ENROLLED' end,
  (starts_on - 14)::timestamp at time zone 'Asia/Shanghai' + interval '9 hours',
  case when talent_id % 17 <> 0 and year < $2 then ends_on::timestamp at time zone 'Asia/Shanghai' + interval '17 hours' end
from (
  select p.id as programme_id, s.id as talent_id, p.year, p.starts_on, p.ends_on
  from training_programme p
  cross join lateral (
    select t.id from talent t
    where t.id <= $3 and t.archived_at is null and extract(year from t.introduced_at) <= p.year
      and case when p.kind = 'ADVANCED_STUDY' then t.tier is not null or t.professional_title in ('SENIOR', 'ASSOCIATE_SENIOR')
          else t.talent_type in ('PARTY_GOVERNMENT', 'PROFESSIONAL_TECHNICAL', 'BUSINESS_MANAGEMENT') and t.birth_year >= $2 - 45 end
    order by ${mix('t.id', 'p.id')}, t.id limit p.capacity) s
  where p.id <= $1 and p.kind in ('ADVANCED_STUDY', 'SECONDMENT')) chosen
on conflict do nothing`;

/** The talents each pairing sent: 2–6 of the partner's own people, among the first REFERENCE_REGISTER talents. */
const PAIRING_TALENTS = `with candidates as (
  select pr.id as pairing_id, pr.start_year, t.id as talent_id, 2 + pr.id % 5 as n,
    row_number() over (partition by pr.id order by ${mix('t.id', 'pr.id')}, t.id) as rn
  from pairing pr join talent t on t.organization_id = pr.partner_id and t.id <= $3 and t.archived_at is null
  where pr.id <= $1)
insert into pairing_talent (pairing_id, talent_id, sent_year)
select pairing_id, talent_id, least(start_year + talent_id % 2, $2) from candidates where rn <= n
on conflict do nothing`;

async function run(client: SqlClient, text: string, values: unknown[]): Promise<number> {
  return inTransaction(client, async () => (await client.query(text, values)).rowCount ?? 0);
}

/**
 * The demand side (issue 14): catalogues, demands and their history, bids, fills, training,
 * pairings. Rows of fixed ids and natural keys, written with conflicts skipped, so a re-run adds
 * nothing; per-talent rows are chosen by set-based SQL, one statement a table.
 */
export async function seedDemandSide(
  client: SqlClient,
  organizations: readonly OrganizationRow[],
  talents: number,
  log: (message: string) => void,
): Promise<DemandSideCounts> {
  const { catalogues, entries } = generateCatalogues(organizations);
  await writeTable(client, 'shortage_catalogue', catalogueColumns, catalogues);
  const shortageCatalogueEntry = await writeTable(client, 'shortage_catalogue_entry', entryColumns, entries);
  const shortageRecognition = await run(client, RECOGNITIONS, []);
  log(`shortage catalogues: ${catalogues.length} years, ${entries.length} entries, ${shortageRecognition} new recognitions`);

  const { demands, events } = generateDemands(organizations, catalogues, entries);
  const demand = await writeTable(client, 'demand', demandColumns, demands);
  await writeTable(client, 'demand_event', demandEventColumns, events);
  let challengeBid = await run(client, TALENT_BIDS, [DEMANDS, REFERENCE_REGISTER]);
  challengeBid += await run(client, PLATFORM_BIDS, [DEMANDS]);
  let demandFill = await run(client, FILLS, [DEMANDS, REFERENCE_REGISTER]);
  demandFill += await run(client, FALLBACK_FILLS, [DEMANDS, REFERENCE_REGISTER]);
  log(`demands: ${demands.length} (${demand} new), ${challengeBid} new bids, ${demandFill} new fills`);

  const programmes = generateProgrammes(organizations, talents);
  const trainingProgramme = await writeTable(client, 'training_programme', programmeColumns, programmes, { tail: 'on conflict do nothing' });
  let trainingEnrolment = await run(client, ENROLMENTS, [programmes.length, REFERENCE_YEAR]);
  trainingEnrolment += await run(client, SELECTIONS, [programmes.length, REFERENCE_YEAR, REFERENCE_REGISTER]);
  log(`training: ${programmes.length} programmes (${trainingProgramme} new), ${trainingEnrolment} new enrolments`);

  const pairings = generatePairings(organizations);
  const pairing = await writeTable(client, 'pairing', pairingColumns, pairings);
  const pairingTalent = await run(client, PAIRING_TALENTS, [PAIRINGS, REFERENCE_YEAR, REFERENCE_REGISTER]);
  log(`pairings: ${pairings.length} (${pairing} new), ${pairingTalent} new talents sent`);

  return { shortageCatalogueEntry, shortageRecognition, demand, demandFill, challengeBid, trainingProgramme, trainingEnrolment, pairing, pairingTalent };
}
