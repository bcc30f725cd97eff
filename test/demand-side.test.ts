import { parse, print, visit } from 'graphql';
import { createTestApp, type TestApp } from './helpers/app';
import { contractOperations } from './helpers/operations';

/**
 * Issue 14, the job board and training on the run's seeded register (read only): the seed's
 * shape, the contract's operations this side serves, who sees what, and statements per page.
 */
const matching = contractOperations('matching.graphql');

let hub: TestApp;
beforeAll(async () => {
  hub = await createTestApp();
});
afterAll(() => hub.close());

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => hub.orm.em.getConnection().execute<T[]>(text, params);

/** The TrainingOverview operation without trainingDistribution (the analytics side's), so this side's part runs alone. */
function trainingProgrammesPart(): string {
  const document = visit(parse(matching.get('TrainingOverview')!), {
    Field: (node) => (node.name.value === 'trainingDistribution' ? null : undefined),
  });
  return print(document);
}

describe('seed: the demand side of the district', () => {
  it('publishes a catalogue a year since the plan, 50 to 80 entries each, led by drones, agri-tech, logistics, health and education', async () => {
    const catalogues = await sql<{ year: number; entries: number }>(
      'select c.year, count(e.id)::int as entries from shortage_catalogue c join shortage_catalogue_entry e on e.catalogue_id = c.id group by c.year order by c.year',
    );
    expect(catalogues.map((c) => c.year)).toEqual([2021, 2022, 2023, 2024, 2025]);
    for (const c of catalogues) expect(c.entries).toBeGreaterThanOrEqual(50), expect(c.entries).toBeLessThanOrEqual(80);
    const [{ share }] = await sql<{ share: number }>(
      `select avg((industry in ('DRONE', 'AGRI_TECH', 'SMART_LOGISTICS', 'HEALTH', 'EDUCATION'))::int)::float as share from shortage_catalogue_entry`,
    );
    expect(share).toBeGreaterThan(0.75);
  });

  it('recognises every SHORTAGE talent introduced in a catalogue year against an entry of that year', async () => {
    const [row] = await sql<{ shortage: number; recognised: number; wrong_year: number }>(
      `select count(*)::int as shortage,
         count(*) filter (where exists (select 1 from shortage_recognition r where r.talent_id = t.id))::int as recognised,
         (select count(*)::int from shortage_recognition r join shortage_catalogue_entry e on e.id = r.entry_id join shortage_catalogue c on c.id = e.catalogue_id
            join talent x on x.id = r.talent_id where c.year <> extract(year from x.introduced_at)) as wrong_year
       from talent t where t.tier = 'SHORTAGE' and extract(year from t.introduced_at) >= 2021`,
    );
    expect(row.shortage).toBeGreaterThan(0);
    expect(row.recognised).toBe(row.shortage);
    expect(row.wrong_year).toBe(0);
  });

  it('posts a few thousand demands from all five kinds of employer, challenges from villages and enterprises, with their history', async () => {
    const byKind = await sql<{ org_kind: string; kind: string; n: number }>(
      'select o.kind as org_kind, d.kind, count(*)::int as n from demand d join organization o on o.id = d.organization_id group by 1, 2',
    );
    const total = byKind.reduce((s, r) => s + r.n, 0);
    expect(total).toBeGreaterThanOrEqual(2000);
    expect(new Set(byKind.map((r) => r.org_kind))).toEqual(new Set(['GOVERNMENT', 'ENTERPRISE', 'SCHOOL', 'INSTITUTE', 'VILLAGE']));
    const challenges = (orgKind: string) => byKind.find((r) => r.org_kind === orgKind && r.kind === 'CHALLENGE')?.n ?? 0;
    expect(challenges('VILLAGE')).toBeGreaterThan(50);
    expect(challenges('ENTERPRISE')).toBeGreaterThan(50);
    const [history] = await sql<{ without_posting: number; closed_without_step: number; filled_without_fill: number }>(
      `select
         (select count(*)::int from demand d where not exists (select 1 from demand_event e where e.demand_id = d.id and e.from_status is null and e.to_status = 'OPEN')) as without_posting,
         (select count(*)::int from demand d where d.status <> 'OPEN' and not exists (select 1 from demand_event e where e.demand_id = d.id and e.to_status = d.status)) as closed_without_step,
         (select count(*)::int from demand d where d.status = 'FILLED' and d.kind <> 'CHALLENGE' and not exists (select 1 from demand_fill f where f.demand_id = d.id)) as filled_without_fill`,
    );
    expect(history).toEqual({ without_posting: 0, closed_without_step: 0, filled_without_fill: 0 });
    const [bids] = await sql<{ on_non_challenge: number; accepted_on_unfilled: number; total: number }>(
      `select count(*)::int as total,
         count(*) filter (where d.kind <> 'CHALLENGE')::int as on_non_challenge,
         count(*) filter (where b.status = 'ACCEPTED' and d.status <> 'FILLED')::int as accepted_on_unfilled
       from challenge_bid b join demand d on d.id = b.demand_id`,
    );
    expect(bids.total).toBeGreaterThan(100);
    expect(bids).toMatchObject({ on_non_challenge: 0, accepted_on_unfilled: 0 });
  });

  it('selects about 30 people a year for 高级研修 and 交流挂职, enrols a few percent of talents, within capacity', async () => {
    const selections = await sql<{ year: number; n: number }>(
      `select p.year, count(*)::int as n from training_enrolment e join training_programme p on p.id = e.programme_id
       where p.kind in ('ADVANCED_STUDY', 'SECONDMENT') group by p.year order by p.year`,
    );
    expect(selections).toHaveLength(5);
    for (const { n } of selections) expect(n).toBeGreaterThanOrEqual(25), expect(n).toBeLessThanOrEqual(35);
    const [{ enrolled, talents, over }] = await sql<{ enrolled: number; talents: number; over: number }>(
      `select (select count(distinct talent_id)::int from training_enrolment) as enrolled, (select count(*)::int from talent) as talents,
         (select count(*)::int from training_programme p where p.capacity < (select count(*) from training_enrolment e where e.programme_id = p.id and e.status <> 'WITHDRAWN')) as over`,
    );
    expect(enrolled / talents).toBeGreaterThan(0.01);
    expect(enrolled / talents).toBeLessThan(0.08);
    expect(over).toBe(0);
  });

  it('gives every talent a channel of introduction, event talents an event of their year, and pairs schools and enterprises with villages', async () => {
    const [row] = await sql<{ unrecorded: number; talents: number; channels: number; bad_event: number; pairings: number; sent: number; bad_pairing: number }>(
      `select count(*) filter (where recruitment_channel = 'UNRECORDED')::int as unrecorded, count(*)::int as talents,
         count(distinct recruitment_channel)::int as channels,
         count(*) filter (where (recruitment_channel = 'RECRUITMENT_EVENT') <> (recruitment_event_id is not null)
           or extract(year from introduced_at) <> (select extract(year from held_on) from recruitment_event e where e.id = recruitment_event_id))::int as bad_event,
         (select count(*)::int from pairing) as pairings, (select count(*)::int from pairing_talent) as sent,
         (select count(*)::int from pairing p join organization a on a.id = p.partner_id join organization b on b.id = p.beneficiary_id
            where a.kind not in ('SCHOOL', 'INSTITUTE', 'ENTERPRISE') or b.kind not in ('VILLAGE', 'ENTERPRISE')) as bad_pairing
       from talent`,
    );
    expect(row.unrecorded / row.talents).toBeLessThan(0.15);
    expect(row.channels).toBe(10);
    expect(row.bad_event).toBe(0);
    expect(row.pairings).toBeGreaterThan(50);
    expect(row.sent).toBeGreaterThan(row.pairings);
    expect(row.bad_pairing).toBe(0);
  });
});

describe('matching.graphql: the job board and training operations', () => {
  it('ShortageCatalogue runs for every role; recognizedCount is exact for ANALYST and withheld (null) for PUBLIC', async () => {
    const [{ year }] = await sql<{ year: number }>('select max(year)::int as year from shortage_catalogue');
    const publicResult = await hub.gql(matching.get('ShortageCatalogue')!, { year });
    expect(publicResult.errors).toBeUndefined();
    const entries = publicResult.data!.shortageCatalogue.entries;
    expect(entries.length).toBeGreaterThanOrEqual(50);
    expect(entries.every((e: any) => e.recognizedCount === null)).toBe(true);
    expect(entries.some((e: any) => e.organization?.name)).toBe(true);

    const analyst = await hub.gql(matching.get('ShortageCatalogue')!, { year }, { as: 'ANALYST' });
    const counts = await sql<{ id: number; n: number }>(
      `select e.id, count(r.id)::int as n from shortage_catalogue_entry e join shortage_catalogue c on c.id = e.catalogue_id
       left join shortage_recognition r on r.entry_id = e.id where c.year = ? group by e.id`,
      [year],
    );
    const expected = Object.fromEntries(counts.map((c) => [String(c.id), c.n]));
    expect(Object.fromEntries(analyst.data!.shortageCatalogue.entries.map((e: any) => [e.id, e.recognizedCount]))).toEqual(expected);
    expect((await hub.gql(matching.get('ShortageCatalogue')!, { year: 1999 })).data).toEqual({ shortageCatalogue: null });
  });

  it('OpenDemands shows the public open demands only, and paging with first: 3 visits each once', async () => {
    const filter = { kinds: ['CHALLENGE'], employerKinds: ['VILLAGE'] };
    const [{ n }] = await sql<{ n: number }>(
      `select count(*)::int as n from demand d join organization o on o.id = d.organization_id where d.status = 'OPEN' and d.kind = 'CHALLENGE' and o.kind = 'VILLAGE'`,
    );
    expect(n).toBeGreaterThan(3);
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages <= n / 3 + 1; pages++) {
      const result: any = await hub.gql(matching.get('OpenDemands')!, { filter, first: 3, after });
      expect(result.errors).toBeUndefined();
      for (const { node } of result.data.demands.edges) {
        expect(node).toMatchObject({ status: 'OPEN', kind: 'CHALLENGE', organization: { kind: 'VILLAGE' } });
        expect(node.reward).toMatch(/^\d+\.\d{2}$/);
        expect(node.organization.town.name).toBeTruthy();
        seen.push(node.id);
      }
      const { hasNextPage, endCursor } = result.data.demands.pageInfo;
      if (!hasNextPage) break;
      after = endCursor;
    }
    expect(seen).toHaveLength(n);
    expect(new Set(seen).size).toBe(n);
  });

  it('asking PUBLIC for closed demands gives none; ANALYST sees them; demand(id) of a closed one is NOT_FOUND for PUBLIC', async () => {
    const [{ id, n }] = await sql<{ id: number; n: number }>(`select min(id)::int as id, count(*)::int as n from demand where status = 'CLOSED'`);
    const query = '{ demands(filter: { statuses: [CLOSED] }, first: 1) { totalCount edges { node { id status } } } }';
    expect((await hub.gql(query)).data!.demands.totalCount).toBe(0);
    expect((await hub.gql(query, {}, { as: 'ANALYST' })).data!.demands.totalCount).toBe(n);
    const one = `{ demand(id: ${id}) { id status postedAt updatedAt } }`;
    expect((await hub.gql(one)).errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    const [times] = await sql<{ posted: string; updated: string }>(
      `select to_json(posted_at at time zone 'UTC') #>> '{}' as posted, to_json(updated_at at time zone 'UTC') #>> '{}' as updated from demand where id = ?`,
      [id],
    );
    const analyst = (await hub.gql(one, {}, { as: 'ANALYST' })).data!.demand;
    expect(analyst).toMatchObject({ id: String(id), status: 'CLOSED' });
    expect([Date.parse(analyst.postedAt), Date.parse(analyst.updatedAt)]).toEqual([Date.parse(`${times.posted}Z`), Date.parse(`${times.updated}Z`)]);
  });

  it('ORG_MANAGER sees the open demands and every demand of its own organization', async () => {
    const [{ organization_id: org, n }] = await sql<{ organization_id: number; n: number }>(
      `select organization_id, count(*)::int as n from demand where status <> 'OPEN' group by 1 order by 2 desc, 1 limit 1`,
    );
    const query = '{ demands(filter: { statuses: [FILLED, CLOSED] }, first: 100) { totalCount edges { node { organization { id } } } } }';
    const result = await hub.gql(query, {}, { as: 'ORG_MANAGER', org });
    expect(result.data!.demands.totalCount).toBe(n);
    expect(result.data!.demands.edges.every((e: any) => e.node.organization.id === String(org))).toBe(true);
  });

  it('TrainingOverview (the trainingProgrammes part) lists a year’s programmes with their counts', async () => {
    const query = trainingProgrammesPart();
    const result = await hub.gql(query, { year: 2024 }, { as: 'ANALYST' });
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.trainingProgrammes.edges.map((e: any) => e.node);
    const expected = await sql<{ id: number; enrolled: number; completed: number }>(
      `select p.id, count(e.id) filter (where e.status <> 'WITHDRAWN')::int as enrolled, count(e.id) filter (where e.status = 'COMPLETED')::int as completed
       from training_programme p left join training_enrolment e on e.programme_id = p.id where p.year = 2024 group by p.id order by p.id`,
    );
    expect(nodes.map((n: any) => [Number(n.id), n.enrolledCount, n.completedCount]).sort((a: number[], b: number[]) => a[0] - b[0])).toEqual(
      expected.map((e) => [e.id, e.enrolled, e.completed]),
    );
    expect(nodes.every((n: any) => n.year === 2024 && n.organizer.name)).toBe(true);
    const dashboard = await hub.gql(query, { year: 2024 }, { as: 'DASHBOARD' });
    expect(dashboard.errors).toBeUndefined();
    expect(dashboard.data!.trainingProgrammes.edges.every((e: any) => e.node.enrolledCount === null && e.node.completedCount === null)).toBe(true);
  });
});

describe('人才招引 events and 百校兴百村 pairings', () => {
  const EVENTS = `query($first: Int, $after: String, $filter: RecruitmentEventFilter) { recruitmentEvents(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id kind name heldOn organizer { id } introducedCount } } } }`;
  const PAIRINGS = `query($first: Int, $after: String, $filter: PairingFilter) { pairings(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id startYear partner { id kind } beneficiary { id kind } talentCount } } } }`;

  /** Every node of a connection, `first` at a time. */
  async function all(query: string, field: string, variables: Record<string, unknown>, as?: 'ANALYST') {
    const nodes: Record<string, any>[] = [];
    let after: string | null = null;
    do {
      const result: { data?: Record<string, any> | null; errors?: unknown } = await hub.gql(query, { ...variables, first: 7, after }, as ? { as } : {});
      expect(result.errors).toBeUndefined();
      const page: { edges: { node: Record<string, any> }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = result.data![field];
      nodes.push(...page.edges.map((e: { node: object }) => e.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    return nodes;
  }

  it('lists every event once, latest first, with the active talents it introduced (exact for ANALYST, withheld for PUBLIC)', async () => {
    const events = await all(EVENTS, 'recruitmentEvents', {}, 'ANALYST');
    const expected = await sql<{ id: string; held_on: string; n: number }>(
      `select e.id::text as id, e.held_on::text as held_on, count(t.id)::int as n from recruitment_event e
       left join talent t on t.recruitment_event_id = e.id and t.archived_at is null group by e.id order by e.held_on desc, e.id desc`,
    );
    expect(events.map((e) => [e.id, e.heldOn, e.introducedCount])).toEqual(expected.map((e) => [e.id, e.held_on, e.n]));
    const publicPage = (await hub.gql(EVENTS, { first: 3 })).data!.recruitmentEvents;
    expect(publicPage.edges.map((e: { node: { introducedCount: number | null } }) => e.node.introducedCount)).toEqual([null, null, null]);
    const [{ year }] = await sql<{ year: number }>(`select extract(year from max(held_on))::int as year from recruitment_event`);
    const ofYear = (await hub.gql(EVENTS, { filter: { years: [year], kinds: ['STARTUP_CONTEST'] } }, { as: 'ANALYST' })).data!.recruitmentEvents;
    const [{ n }] = await sql<{ n: number }>(`select count(*)::int as n from recruitment_event where extract(year from held_on) = ? and kind = 'STARTUP_CONTEST'`, [year]);
    expect(ofYear.totalCount).toBe(n);
  });

  it('lists every pairing once, latest start first, with the active talents it sent (exact for ANALYST, withheld for PUBLIC)', async () => {
    const pairings = await all(PAIRINGS, 'pairings', {}, 'ANALYST');
    const expected = await sql<{ id: string; n: number }>(
      `select p.id::text as id, count(t.id)::int as n from pairing p left join pairing_talent pt on pt.pairing_id = p.id
       left join talent t on t.id = pt.talent_id and t.archived_at is null group by p.id order by p.start_year desc, p.id asc`,
    );
    expect(pairings.map((p) => [p.id, p.talentCount])).toEqual(expected.map((p) => [p.id, p.n]));
    expect(pairings.every((p) => p.partner.id !== p.beneficiary.id)).toBe(true);
    const one = pairings[0];
    const mine = (await hub.gql(PAIRINGS, { filter: { beneficiaryIds: [one.beneficiary.id] } })).data!.pairings;
    expect(mine.edges.map((e: { node: { id: string; talentCount: number | null } }) => e.node)).toContainEqual(expect.objectContaining({ id: one.id, talentCount: null }));
  });

  it.each([
    ['a year out of range', '{ recruitmentEvents(filter: { years: [1999] }) { totalCount } }', 'BAD_USER_INPUT'],
    ['a forged cursor', '{ pairings(first: 1, after: "eyJvIjoieCIsInYiOltdfQ") { totalCount } }', 'BAD_USER_INPUT'],
    ['a malformed organization id', '{ pairings(filter: { partnerIds: ["x"] }) { totalCount } }', 'BAD_USER_INPUT'],
  ])('%s is a coded error', async (_what, query, code) => {
    expect((await hub.gql(query)).errors?.map((e) => e.extensions?.code)).toEqual([code]);
  });
});

describe('statements', () => {
  const countFor = async (query: string) => {
    hub.resetStatements();
    const result = await hub.gql(query, {}, { as: 'ANALYST' });
    expect(result.errors).toBeUndefined();
    return hub.statements.length;
  };

  it('a page of demands with employer, town and catalogue entry takes as many statements for 50 as for 5', async () => {
    const page = (first: number) =>
      `{ demands(first: ${first}, filter: { statuses: [OPEN, FILLED, CLOSED] }) { totalCount edges { node { id organization { name town { name } } town { name } catalogueEntry { specialty } } } } }`;
    const [five, fifty] = [await countFor(page(5)), await countFor(page(50))];
    expect(fifty).toBe(five);
    expect(five).toBeLessThanOrEqual(6);
  });

  it('pages of events and pairings with their organizations and counts take as many statements for 50 as for 5', async () => {
    const events = (first: number) => `{ recruitmentEvents(first: ${first}) { edges { node { id organizer { name } introducedCount } } } }`;
    const pairings = (first: number) => `{ pairings(first: ${first}) { edges { node { id partner { name } beneficiary { name } talentCount } } } }`;
    expect(await countFor(events(50))).toBe(await countFor(events(5)));
    expect(await countFor(pairings(50))).toBe(await countFor(pairings(5)));
  });

  it('a page of programmes with organizer and counts takes as many statements for 50 as for 5', async () => {
    const page = (first: number) => `{ trainingProgrammes(first: ${first}) { edges { node { id organizer { name } enrolledCount completedCount } } } }`;
    expect(await countFor(page(50))).toBe(await countFor(page(5)));
  });
});

describe('bad reads', () => {
  it.each([
    ['a page size of 0', '{ demands(first: 0) { totalCount } }', 'BAD_USER_INPUT'],
    ['a forged cursor', '{ demands(first: 1, after: "eyJvIjoieCIsInYiOltdfQ") { totalCount } }', 'BAD_USER_INPUT'],
    ['a malformed id', '{ demand(id: "x") { id } }', 'BAD_USER_INPUT'],
    ['a catalogue year beyond the column (the fuzzer’s -32769)', '{ shortageCatalogue(year: -32769) { year } }', 'BAD_USER_INPUT'],
    ['an unknown id', '{ demand(id: 2147483647) { id } }', 'NOT_FOUND'],
    ['a bad town code', '{ demands(filter: { townCodes: ["x"] }) { totalCount } }', 'BAD_USER_INPUT'],
  ])('%s is a coded error', async (_what, query, code) => {
    const result = await hub.gql(query);
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual([code]);
  });
});
