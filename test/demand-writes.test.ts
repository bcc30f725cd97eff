import { Client } from 'pg';
import { seedDatabase } from '../seeds/seed';
import type { TestApp } from './helpers/app';
import { contractOperations } from './helpers/operations';
import { createScratchHub } from './helpers/scratch-hub';

/**
 * Issue 14, the demand desk's writes on a scratch register: posting, closing as filled, 揭榜 and
 * enrolment; bad input is a coded error that writes nothing; capacity and duplicates hold under
 * concurrency; the seed stays idempotent.
 */
const matching = contractOperations('matching.graphql');

let hub: TestApp;
beforeAll(async () => {
  hub = await createScratchHub('huigu_demand_writes', 400);
});
afterAll(() => hub.close());

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => hub.orm.em.getConnection().execute<T[]>(text, params);
const one = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await sql<T>(text, params))[0];
const codes = (errors: { code: string; field: string }[] | undefined) => (errors ?? []).map((e) => `${e.field}:${e.code}`);

/** Rows of the demand side, to show a refused write wrote nothing. */
const counts = () =>
  one<Record<string, number>>(`select (select count(*)::int from demand) as demands, (select count(*)::int from demand_event) as events,
    (select count(*)::int from demand_fill) as fills, (select count(*)::int from challenge_bid) as bids,
    (select count(*)::int from training_enrolment) as enrolments, (select count(*)::int from shortage_catalogue_entry) as entries,
    (select string_agg(status, '' order by id) from demand) as statuses`);

const POST = matching.get('PostDemand')!;
const TAKE = matching.get('TakeChallenge')!;
const ENROL = matching.get('Enrol')!;
const CLOSE = `mutation Close($input: CloseDemandInput!) { closeDemand(input: $input) { demand { id status version filledBy { id } } errors { field code message } } }`;

describe('PostDemand', () => {
  it('posts a position for ADMIN, OPEN, with its first history step and the organization’s town and industry', async () => {
    const org = await one<{ id: number; town_code: string; industry: string }>('select id, town_code, industry from organization where archived_at is null order by id limit 1');
    const result = await hub.gql(POST, { input: { organizationId: String(org.id), kind: 'POSITION', title: '无人机飞控工程师', description: '负责飞控算法', keywords: ['飞控', ' 飞控 ', '无人机'] } }, { as: 'ADMIN', sub: 'admin-li' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.postDemand).toMatchObject({ demand: { status: 'OPEN' }, errors: [] });
    const id = Number(result.data!.postDemand.demand.id);
    const row = await one('select town_code, industry, keywords, engagement, min_education, headcount from demand where id = ?', [id]);
    expect(row).toEqual({ town_code: org.town_code, industry: org.industry, keywords: ['飞控', '无人机'], engagement: 'FULL_TIME', min_education: 'SECONDARY_OR_BELOW', headcount: 1 });
    expect(await sql('select from_status, to_status, actor from demand_event where demand_id = ?', [id])).toEqual([{ from_status: null, to_status: 'OPEN', actor: 'admin-li' }]);
  });

  it('posts a challenge for ORG_MANAGER in its own organization (the default), and refuses another organization as out of scope', async () => {
    const org = await one<{ id: number }>(`select id from organization where kind = 'VILLAGE' and archived_at is null order by id limit 1`);
    const input = { kind: 'CHALLENGE', title: '村集体经济增收路径', description: '诚邀乡村振兴合伙人', challengeArea: 'GOVERNANCE', reward: '50000.00' };
    const own = await hub.gql(POST, { input }, { as: 'ORG_MANAGER', org: org.id });
    expect(own.data!.postDemand.errors).toEqual([]);
    expect(await one('select organization_id, headcount, engagement from demand where id = ?', [Number(own.data!.postDemand.demand.id)])).toEqual({ organization_id: org.id, headcount: 1, engagement: null });
    const before = await counts();
    const other = await hub.gql(POST, { input: { ...input, organizationId: String(org.id + 1) } }, { as: 'ORG_MANAGER', org: org.id });
    expect(other.errors?.map((e) => [e.extensions?.code, e.extensions?.scope])).toEqual([['FORBIDDEN', 'ORGANIZATION']]);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['an unknown organization', { organizationId: '2147483647', kind: 'POSITION' }, ['organizationId:NOT_FOUND']],
    ['a challenge without area or reward', { organizationId: '1', kind: 'CHALLENGE' }, ['challengeArea:INVALID_VALUE', 'reward:INVALID_VALUE']],
    ['a full-time expert service', { organizationId: '1', kind: 'EXPERT_SERVICE', engagement: 'FULL_TIME', serviceMonths: 13 }, ['engagement:INVALID_VALUE', 'serviceMonths:INVALID_VALUE']],
    ['an unknown catalogue entry and a village as town', { organizationId: '1', kind: 'POSITION', catalogueEntryId: '2147483647', townCode: '110117001001' }, ['townCode:NOT_FOUND', 'catalogueEntryId:NOT_FOUND']],
    ['a deadline in the past', { organizationId: '1', kind: 'POSITION', deadline: '2020-01-01' }, ['deadline:INVALID_VALUE']],
  ])('refuses %s with coded field errors and writes nothing', async (_what, input, expected) => {
    const before = await counts();
    const result = await hub.gql(POST, { input: { title: '岗位', description: '', ...input } }, { as: 'ADMIN' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.postDemand.demand).toBeNull();
    expect(codes(result.data!.postDemand.errors).sort()).toEqual([...expected].sort());
    expect(await counts()).toEqual(before);
  });

  it('gives a keyword new to the vocabulary up behind a long write to talents (an import): KEYWORDS_BUSY, nothing written; known keywords post meanwhile', async () => {
    const importer = new Client({ connectionString: hub.orm.config.get('clientUrl') });
    await importer.connect();
    try {
      const input = { organizationId: '1', kind: 'POSITION', title: '遥感数据工程师', description: '' };
      const [{ term: known }] = await sql<{ term: string }>('select term from match_term order by id limit 1');
      const fresh = '多光谱遥感反演';
      // What an import's merge holds on talent_match (its triggers write it) until it commits.
      await importer.query('begin');
      await importer.query('lock table talent_match in row exclusive mode');
      const before = await counts();
      const refusedPost = await hub.gql(POST, { input: { ...input, keywords: [known, fresh] } }, { as: 'ADMIN' });
      expect(refusedPost.errors?.map((e) => [e.extensions?.code, e.extensions?.retryAfterSeconds])).toEqual([['KEYWORDS_BUSY', expect.any(Number)]]);
      expect(await counts()).toEqual(before);
      expect(await sql('select id from match_term where term = ?', [fresh])).toEqual([]);
      const knownPost = await hub.gql(POST, { input: { ...input, keywords: [known] } }, { as: 'ADMIN' });
      expect(knownPost.data!.postDemand.errors).toEqual([]);
      await importer.query('commit');
      const retried = await hub.gql(POST, { input: { ...input, keywords: [known, fresh] } }, { as: 'ADMIN' });
      expect(retried.data!.postDemand.errors).toEqual([]);
      expect(await sql('select term from match_term where term = ?', [fresh])).toEqual([{ term: fresh }]);
      // The bound is the lock's alone: the rest of the writing transaction keeps its own lock_timeout.
      await importer.query('begin');
      await importer.query(`insert into demand (kind, status, organization_id, town_code, industry, title, description, keywords, min_education,
          min_professional_title, headcount, engagement, posted_at, updated_at, version)
        select kind, status, organization_id, town_code, industry, title, description, array['高光谱遥感反演'], min_education,
          min_professional_title, headcount, engagement, now(), now(), 1 from demand order by id limit 1`);
      expect((await importer.query(`select term, current_setting('lock_timeout') as wait from match_term where term = '高光谱遥感反演'`)).rows).toEqual([{ term: '高光谱遥感反演', wait: '0' }]);
      await importer.query('rollback');
    } finally {
      await importer.query('rollback').catch(() => {});
      await importer.end();
    }
  });
});

describe('closeDemand', () => {
  const openPosition = async (headcount = 2) =>
    Number(
      (await hub.gql(POST, { input: { organizationId: '1', kind: 'POSITION', title: '全科医生', description: '', headcount } }, { as: 'ADMIN' })).data!.postDemand.demand.id,
    );

  it('closes as FILLED with the named talents, recorded as who filled it; a second close is NOT_OPEN', async () => {
    const id = await openPosition();
    const talents = (await sql<{ id: number }>('select id from talent where archived_at is null order by id limit 2')).map((t) => String(t.id));
    const result = await hub.gql(CLOSE, { input: { id: String(id), filledBy: talents, note: '已到岗' } }, { as: 'ADMIN' });
    expect(result.data!.closeDemand).toMatchObject({ demand: { status: 'FILLED', version: 2 }, errors: [] });
    expect(result.data!.closeDemand.demand.filledBy.map((t: any) => t.id).sort()).toEqual([...talents].sort());
    expect((await sql<{ talent_id: number }>('select talent_id from demand_fill where demand_id = ? order by talent_id', [id])).map((r) => String(r.talent_id))).toEqual(talents);
    const before = await counts();
    const again = await hub.gql(CLOSE, { input: { id: String(id) } }, { as: 'ADMIN' });
    expect(codes(again.data!.closeDemand.errors)).toEqual(['id:NOT_OPEN']);
    expect(await counts()).toEqual(before);
  });

  it('refuses unknown talents, more talents than the headcount, an unknown demand, and an old version: nothing written', async () => {
    const id = await openPosition(1);
    const before = await counts();
    const refusedWith = async (input: Record<string, unknown>) => codes((await hub.gql(CLOSE, { input }, { as: 'ADMIN' })).data!.closeDemand.errors);
    expect(await refusedWith({ id: String(id), filledBy: ['2147483647'] })).toEqual(['filledBy:NOT_FOUND']);
    expect(await refusedWith({ id: String(id), filledBy: ['1', '2'] })).toEqual(['filledBy:INVALID_VALUE']);
    expect(await refusedWith({ id: '2147483647' })).toEqual(['id:NOT_FOUND']);
    const stale = await hub.gql(CLOSE, { input: { id: String(id), expectedVersion: 7 } }, { as: 'ADMIN' });
    expect(stale.errors?.map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
    expect(await counts()).toEqual(before);
  });

  it('lets ORG_MANAGER close its own organization’s demand only', async () => {
    const id = await openPosition();
    const foreign = await hub.gql(CLOSE, { input: { id: String(id) } }, { as: 'ORG_MANAGER', org: 2 });
    expect(foreign.errors?.map((e) => [e.extensions?.code, e.extensions?.scope])).toEqual([['FORBIDDEN', 'ORGANIZATION']]);
    // filledBy is for record readers: the manager asks for the rest.
    const own = await hub.gql(CLOSE.replace(' filledBy { id }', ''), { input: { id: String(id) } }, { as: 'ORG_MANAGER', org: 1 });
    expect(own.data!.closeDemand).toMatchObject({ demand: { status: 'CLOSED' }, errors: [] });
  });

  it('refuses ORG_MANAGER a filledBy naming another organization’s talent or an unknown one alike, writing nothing', async () => {
    const id = await openPosition();
    const { organization_id: org } = await one<{ organization_id: number }>('select organization_id from demand where id = ?', [id]);
    const { id: foreignTalent } = await one<{ id: number }>('select id from talent where organization_id <> ? and archived_at is null order by id limit 1', [org]);
    const before = await counts();
    const close = (filledBy: string[]) => hub.gql(CLOSE.replace(' filledBy { id }', ''), { input: { id: String(id), filledBy } }, { as: 'ORG_MANAGER', org });
    for (const filledBy of [[String(foreignTalent)], ['2147483647']]) {
      expect((await close(filledBy)).errors?.map((e) => [e.extensions?.code, e.extensions?.scope])).toEqual([['FORBIDDEN', 'ORGANIZATION']]);
    }
    expect(await counts()).toEqual(before);
  });
});

describe('TakeChallenge', () => {
  const demandOf = (kind: string, status: string) => one<{ id: number }>('select id from demand where kind = ? and status = ? order by id limit 1', [kind, status]);
  const freeTalent = (demand: number) =>
    one<{ id: number }>('select id from talent t where archived_at is null and not exists (select 1 from challenge_bid b where b.demand_id = ? and b.talent_id = t.id) order by id limit 1', [demand]);

  it('records a talent’s bid on an open challenge, SUBMITTED; the same talent again is DUPLICATE', async () => {
    const { id: demand } = await demandOf('CHALLENGE', 'OPEN');
    const { id: talent } = await freeTalent(demand);
    const input = { demandId: String(demand), talentId: String(talent), teamSize: 4, proposal: '组建四人团队攻关' };
    const result = await hub.gql(TAKE, { input }, { as: 'ADMIN' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.takeChallenge).toMatchObject({ bid: { status: 'SUBMITTED', demand: { id: String(demand), status: 'OPEN' } }, errors: [] });
    const before = await counts();
    expect(codes((await hub.gql(TAKE, { input }, { as: 'ADMIN' })).data!.takeChallenge.errors)).toEqual(['talentId:DUPLICATE']);
    expect(await counts()).toEqual(before);
  });

  it('records a platform’s bid', async () => {
    const { id: demand } = await demandOf('CHALLENGE', 'OPEN');
    const { id: platform } = await one<{ id: number }>('select id from platform p where not exists (select 1 from challenge_bid b where b.demand_id = ? and b.platform_id = p.id) order by id limit 1', [demand]);
    const result = await hub.gql(TAKE, { input: { demandId: String(demand), platformId: String(platform), proposal: '平台揭榜' } }, { as: 'ADMIN' });
    expect(result.data!.takeChallenge).toMatchObject({ bid: { status: 'SUBMITTED' }, errors: [] });
  });

  it.each([
    ['a position (not a challenge)', async () => (await demandOf('POSITION', 'OPEN')).id, ['demandId:WRONG_KIND']],
    ['a closed challenge', async () => (await demandOf('CHALLENGE', 'CLOSED')).id, ['demandId:NOT_OPEN']],
    ['a filled challenge', async () => (await demandOf('CHALLENGE', 'FILLED')).id, ['demandId:NOT_OPEN']],
    ['an unknown demand', async () => 2147483647, ['demandId:NOT_FOUND']],
  ])('refuses a bid on %s with a coded error and writes nothing', async (_what, demand, expected) => {
    const id = await demand();
    const { id: talent } = await freeTalent(id);
    const before = await counts();
    const result = await hub.gql(TAKE, { input: { demandId: String(id), talentId: String(talent), proposal: '方案' } }, { as: 'ADMIN' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.takeChallenge.bid).toBeNull();
    expect(codes(result.data!.takeChallenge.errors)).toEqual(expected);
    expect(await counts()).toEqual(before);
  });

  it('refuses an unknown talent, both or neither bidder, and lets ORG_MANAGER bid only with its own talents', async () => {
    const { id: demand } = await demandOf('CHALLENGE', 'OPEN');
    const before = await counts();
    const bid = async (input: Record<string, unknown>, as: 'ADMIN' | 'ORG_MANAGER' = 'ADMIN', org?: number) =>
      hub.gql(TAKE, { input: { demandId: String(demand), proposal: '方案', ...input } }, { as, org });
    expect(codes((await bid({ talentId: '2147483647' })).data!.takeChallenge.errors)).toEqual(['talentId:NOT_FOUND']);
    expect(codes((await bid({ talentId: '1', platformId: '1' })).data!.takeChallenge.errors)).toEqual(['talentId:INVALID_VALUE']);
    expect(codes((await bid({})).data!.takeChallenge.errors)).toEqual(['talentId:INVALID_VALUE']);
    const { id: talent, organization_id: org } = await one<{ id: number; organization_id: number }>(
      'select id, organization_id from talent t where archived_at is null and not exists (select 1 from challenge_bid b where b.demand_id = ? and b.talent_id = t.id) order by id desc limit 1',
      [demand],
    );
    const foreign = await bid({ talentId: String(talent) }, 'ORG_MANAGER', org + 1);
    expect(foreign.errors?.map((e) => [e.extensions?.code, e.extensions?.scope])).toEqual([['FORBIDDEN', 'ORGANIZATION']]);
    expect(await counts()).toEqual(before);
    expect((await bid({ talentId: String(talent) }, 'ORG_MANAGER', org)).data!.takeChallenge.errors).toEqual([]);
  });
});

describe('an archived organization’s demands', () => {
  const BOARD = `query Board($id: ID!, $organizationId: ID!) { demand(id: $id) { id status } demands(filter: { organizationIds: [$organizationId] }) { totalCount } }`;
  const GAP = `{ supplyDemandGap(by: [INDUSTRY]) { demand } }`;

  it('leave the job board, the gap and bids while it is archived, and come back when it is restored', async () => {
    const town = await one<{ code: string; latitude: number; longitude: number }>(`select code, latitude, longitude from region where level = 'TOWN' order by code limit 1`);
    const created = await hub.gql(
      `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } errors { code } } }`,
      { input: { name: '平谷区智慧农业示范园', kind: 'ENTERPRISE', industry: 'AGRI_TECH', townCode: town.code, address: '平谷区示范园路 1 号', location: { latitude: town.latitude, longitude: town.longitude } } },
      { as: 'ADMIN' },
    );
    const organizationId = created.data!.createOrganization.organization.id as string;
    const posted = await hub.gql(
      POST,
      { input: { organizationId, kind: 'CHALLENGE', title: '设施农业物联网改造', description: '', challengeArea: 'TECHNOLOGY', reward: '80000.00' } },
      { as: 'ADMIN' },
    );
    const demandId = posted.data!.postDemand.demand.id as string;
    const { headcount } = await one<{ headcount: number }>('select headcount from demand where id = ?', [Number(demandId)]);
    /** The public (no token) or an analyst. */
    const board = (as?: 'ANALYST') => hub.gql(BOARD, { id: demandId, organizationId }, as ? { as } : {});
    const openHeadcount = async () => (await hub.gql(GAP, {}, { as: 'ANALYST' })).data!.supplyDemandGap.demand as number;
    const setArchived = (archived: boolean) =>
      hub.gql(`mutation($id: ID!) { ${archived ? 'archive' : 'unarchive'}Organization(id: $id) { errors { code } } }`, { id: organizationId }, { as: 'ADMIN' });

    expect((await board()).data).toEqual({ demand: { id: demandId, status: 'OPEN' }, demands: { totalCount: 1 } });
    const headcountWhileOpen = await openHeadcount();
    expect((await setArchived(true)).data!.archiveOrganization.errors).toEqual([]);

    const hidden = await board();
    expect(hidden.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    const listed = await hub.gql(`query($organizationId: ID!) { demands(filter: { organizationIds: [$organizationId] }) { totalCount } }`, { organizationId });
    expect(listed.data!.demands.totalCount).toBe(0);
    // Record readers still find the record, with its status as it is.
    expect((await board('ANALYST')).data).toEqual({ demand: { id: demandId, status: 'OPEN' }, demands: { totalCount: 1 } });
    expect(await openHeadcount()).toBe(headcountWhileOpen - headcount);
    const { id: talent } = await one<{ id: number }>('select id from talent where archived_at is null order by id limit 1');
    const before = await counts();
    const bid = await hub.gql(TAKE, { input: { demandId, talentId: String(talent), proposal: '方案' } }, { as: 'ADMIN' });
    expect(codes(bid.data!.takeChallenge.errors)).toEqual(['demandId:NOT_OPEN']);
    expect(await counts()).toEqual(before);

    expect((await setArchived(false)).data!.unarchiveOrganization.errors).toEqual([]);
    expect((await board()).data).toEqual({ demand: { id: demandId, status: 'OPEN' }, demands: { totalCount: 1 } });
    expect(await openHeadcount()).toBe(headcountWhileOpen);
  });
});

describe('Enrol', () => {
  /** A fresh programme of `capacity` places, written directly (no mutation creates programmes). */
  const programme = async (capacity: number, kind = 'PRACTICAL_TRAINING') =>
    (await one<{ id: number }>(`insert into training_programme (name, kind, year, organizer_id, capacity) values (?, ?, 2026, 1, ?) returning id`, [`测试实训 ${Math.random()}`, kind, capacity])).id;
  const talents = async (n: number) => (await sql<{ id: number }>('select id from talent where archived_at is null order by id limit ?', [n])).map((t) => t.id);

  it('enrols a talent, ENROLLED, and the programme counts it', async () => {
    const id = await programme(3);
    const [talent] = await talents(1);
    const result = await hub.gql(ENROL, { input: { programmeId: String(id), talentId: String(talent) } }, { as: 'ADMIN' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.enrol).toMatchObject({ enrolment: { status: 'ENROLLED', programme: { id: String(id), enrolledCount: 1 } }, errors: [] });
  });

  it('holds capacity under concurrency: of 12 talents enrolling at once in 5 places, 5 get in and 7 are FULL', async () => {
    const id = await programme(5);
    const people = await talents(12);
    const results = await Promise.all(people.map((t) => hub.gql(ENROL, { input: { programmeId: String(id), talentId: String(t) } }, { as: 'ADMIN' })));
    const outcomes = results.map((r) => (r.errors ? `error:${r.errors[0].extensions?.code}` : r.data!.enrol.errors.length ? r.data!.enrol.errors[0].code : 'ENROLLED'));
    expect(outcomes.filter((o) => o === 'ENROLLED')).toHaveLength(5);
    expect(outcomes.filter((o) => o === 'FULL')).toHaveLength(7);
    expect((await one<{ n: number }>('select count(*)::int as n from training_enrolment where programme_id = ?', [id])).n).toBe(5);
  });

  it('enrols a talent once when the same enrolment arrives 8 times at once; the others are DUPLICATE', async () => {
    const id = await programme(50);
    const [talent] = await talents(1);
    const results = await Promise.all(Array.from({ length: 8 }, () => hub.gql(ENROL, { input: { programmeId: String(id), talentId: String(talent) } }, { as: 'ADMIN' })));
    const outcomes = results.map((r) => (r.errors ? `error:${r.errors[0].extensions?.code}` : r.data!.enrol.errors.length ? r.data!.enrol.errors[0].code : 'ENROLLED'));
    expect(outcomes.filter((o) => o === 'ENROLLED')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'DUPLICATE')).toHaveLength(7);
    expect((await one<{ n: number }>('select count(*)::int as n from training_enrolment where programme_id = ?', [id])).n).toBe(1);
  });

  it('refuses unknown ids, a mentor on a programme without mentors, and another organization’s talent for ORG_MANAGER: nothing written', async () => {
    const id = await programme(5);
    const [talent, other] = await talents(2);
    const before = await counts();
    const enrol = async (input: Record<string, unknown>) => codes((await hub.gql(ENROL, { input }, { as: 'ADMIN' })).data!.enrol.errors);
    expect(await enrol({ programmeId: '2147483647', talentId: String(talent) })).toEqual(['programmeId:NOT_FOUND']);
    expect(await enrol({ programmeId: String(id), talentId: '2147483647' })).toEqual(['talentId:NOT_FOUND']);
    expect(await enrol({ programmeId: String(id), talentId: String(talent), mentorId: String(other) })).toEqual(['mentorId:WRONG_KIND']);
    const { organization_id: org } = await one<{ organization_id: number }>('select organization_id from talent where id = ?', [talent]);
    const foreign = await hub.gql(ENROL, { input: { programmeId: String(id), talentId: String(talent) } }, { as: 'ORG_MANAGER', org: org + 1 });
    expect(foreign.errors?.map((e) => [e.extensions?.code, e.extensions?.scope])).toEqual([['FORBIDDEN', 'ORGANIZATION']]);
    expect(await counts()).toEqual(before);
  });

  describe('endEnrolment', () => {
    const END = `mutation End($input: EndEnrolmentInput!) { endEnrolment(input: $input) { enrolment { id status completedAt version programme { enrolledCount completedCount } } errors { field code } } }`;
    const enrolled = async (programmeId: number, talent: number) =>
      (await hub.gql(ENROL, { input: { programmeId: String(programmeId), talentId: String(talent) } }, { as: 'ADMIN' })).data!.enrol;
    const end = (id: string, status: string, options: { as: 'ADMIN' | 'ORG_MANAGER'; org?: number } = { as: 'ADMIN' }, expectedVersion?: number) =>
      hub.gql(END, { input: { id, status, expectedVersion } }, options);
    const rowsOf = (programmeId: number) => sql('select id, status, completed_at, version from training_enrolment where programme_id = ? order by id', [programmeId]);

    it('completes an enrolment with its time; ending it again is NOT_OPEN, ENROLLED is INVALID_VALUE, an unknown one NOT_FOUND, an old version CONFLICT: nothing written', async () => {
      const id = await programme(3);
      const [talent] = await talents(1);
      const { enrolment } = await enrolled(id, talent);
      const done = await end(enrolment.id, 'COMPLETED');
      expect(done.errors).toBeUndefined();
      expect(done.data!.endEnrolment).toMatchObject({ enrolment: { status: 'COMPLETED', version: 2, programme: { enrolledCount: 1, completedCount: 1 } }, errors: [] });
      expect(done.data!.endEnrolment.enrolment.completedAt).not.toBeNull();
      const before = await rowsOf(id);
      expect(codes((await end(enrolment.id, 'WITHDRAWN')).data!.endEnrolment.errors)).toEqual(['id:NOT_OPEN']);
      expect(codes((await end(enrolment.id, 'ENROLLED')).data!.endEnrolment.errors)).toEqual(['status:INVALID_VALUE']);
      expect(codes((await end('2147483647', 'COMPLETED')).data!.endEnrolment.errors)).toEqual(['id:NOT_FOUND']);
      expect((await end(enrolment.id, 'WITHDRAWN', { as: 'ADMIN' }, 1)).errors?.map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
      expect(await rowsOf(id)).toEqual(before);
    });

    it('frees the place of a talent who withdraws: a full programme takes the next talent, and the one who withdrew may enrol again on the same row', async () => {
      const id = await programme(2);
      const [first, second, third] = await talents(3);
      const { enrolment } = await enrolled(id, first);
      await enrolled(id, second);
      expect(codes((await enrolled(id, third)).errors)).toEqual(['programmeId:FULL']);
      expect((await end(enrolment.id, 'WITHDRAWN')).data!.endEnrolment).toMatchObject({ enrolment: { status: 'WITHDRAWN', completedAt: null, programme: { enrolledCount: 1 } } });
      expect((await enrolled(id, third)).errors).toEqual([]);
      expect(codes((await enrolled(id, first)).errors)).toEqual(['programmeId:FULL']);
      const [{ id: thirdEnrolment }] = await sql<{ id: number }>('select id from training_enrolment where programme_id = ? and talent_id = ?', [id, third]);
      await end(String(thirdEnrolment), 'WITHDRAWN');
      const again = await enrolled(id, first);
      expect(again).toMatchObject({ enrolment: { id: enrolment.id, status: 'ENROLLED' }, errors: [] });
    });

    it('holds capacity when a withdrawal and enrolments race: of two talents enrolling as a third withdraws from a full programme, at most one gets the place', async () => {
      const id = await programme(1);
      const [leaving, a, b] = await talents(3);
      const { enrolment } = await enrolled(id, leaving);
      const [withdrawn, ...enrolments] = await Promise.all([end(enrolment.id, 'WITHDRAWN'), enrolled(id, a), enrolled(id, b)]);
      expect(withdrawn.data!.endEnrolment.errors).toEqual([]);
      // Each enrolment ran before the withdrawal (FULL) or after it: at most one took the place.
      expect(enrolments.filter((e) => e.errors.length === 0).length).toBeLessThanOrEqual(1);
      const [{ n }] = await sql<{ n: number }>(`select count(*)::int as n from training_enrolment where programme_id = ? and status <> 'WITHDRAWN'`, [id]);
      expect(n).toBe(enrolments.filter((e) => e.errors.length === 0).length);
      expect(n).toBeLessThanOrEqual(1);
    });

    it('lets ORG_MANAGER end its own organization’s enrolments only; another organization’s is FORBIDDEN and unchanged', async () => {
      const id = await programme(2);
      const [talent] = await talents(1);
      const { enrolment } = await enrolled(id, talent);
      const { organization_id: org } = await one<{ organization_id: number }>('select organization_id from talent where id = ?', [talent]);
      const before = await rowsOf(id);
      const foreign = await end(enrolment.id, 'WITHDRAWN', { as: 'ORG_MANAGER', org: org + 1 });
      expect(foreign.errors?.map((e) => [e.extensions?.code, e.extensions?.scope])).toEqual([['FORBIDDEN', 'ORGANIZATION']]);
      expect(await rowsOf(id)).toEqual(before);
      expect((await end(enrolment.id, 'COMPLETED', { as: 'ORG_MANAGER', org })).data!.endEnrolment.errors).toEqual([]);
    });
  });
});

describe('createCatalogueEntry', () => {
  const CREATE = `mutation ($input: CatalogueEntryInput!) { createCatalogueEntry(input: $input) { entry { id specialty organization { id } } errors { field code } } }`;

  it('adds an entry (creating the year’s catalogue), refuses the same specialty again as DUPLICATE and an unknown organization as NOT_FOUND', async () => {
    const input = { year: 2030, industry: 'DRONE', specialty: '低空物流', minEducation: 'BACHELOR', minProfessionalTitle: 'INTERMEDIATE', headcount: 3 };
    const created = await hub.gql(CREATE, { input }, { as: 'ADMIN' });
    expect(created.data!.createCatalogueEntry).toMatchObject({ entry: { specialty: '低空物流', organization: null }, errors: [] });
    expect((await hub.gql('{ shortageCatalogue(year: 2030) { entries { specialty } } }')).data!.shortageCatalogue.entries).toEqual([{ specialty: '低空物流' }]);
    const before = await counts();
    expect((await hub.gql(CREATE, { input }, { as: 'ADMIN' })).data!.createCatalogueEntry.errors).toEqual([{ field: 'specialty', code: 'DUPLICATE' }]);
    expect((await hub.gql(CREATE, { input: { ...input, specialty: '其他', organizationId: '2147483647' } }, { as: 'ADMIN' })).data!.createCatalogueEntry.errors).toEqual([
      { field: 'organizationId', code: 'NOT_FOUND' },
    ]);
    expect(await counts()).toEqual(before);
  });
});

describe('seed', () => {
  it('adds nothing when run again', async () => {
    const report = await seedDatabase(hub.orm, { talents: 400, servicePoints: 50 });
    expect(Object.values(report.inserted).every((n) => n === 0)).toBe(true);
  });
});
