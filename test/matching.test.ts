import { seedDatabase } from '../seeds/seed';
import { Client } from 'pg';
import { createTestApp, type TestApp } from './helpers/app';
import { createScratchDatabase, type ScratchDatabase } from './helpers/database';
import { contractOperations } from './helpers/operations';
import { talentCandidatesPageQuery, talentCandidatesQuery, type MatchCursor, type MatchQuery } from '../src/modules/matching/matching.queries';
import { readRows } from '../src/shared/read-sql';

/**
 * Matching (供需对接, docs/matching.md): a crafted register where the expected order and every
 * reason can be worked out by hand; then, on the run's seeded district, paging, access per role,
 * the supply-demand gap against SQL, and the contract's operations.
 */

// ---------------------------------------------------------------- crafted register
const HOME = '110117004000'; // 峪口地区: the demand's town
const FAR = '110117001000'; // 滨河街道
const TOWNS: [string, string, number, number][] = [
  [HOME, '峪口地区', 40.2467, 117.0178],
  [FAR, '滨河街道', 40.138, 117.12],
];

/** Great-circle km as earthdistance computes it (earth() is 6378168 m), to one decimal as town_distance keeps it. */
function km(a: [number, number], b: [number, number]): number {
  const rad = (x: number) => (x * Math.PI) / 180;
  const [la1, lo1, la2, lo2] = [rad(a[0]), rad(a[1]), rad(b[0]), rad(b[1])];
  const h = Math.sin((la2 - la1) / 2) ** 2 + Math.cos(la1) * Math.cos(la2) * Math.sin((lo2 - lo1) / 2) ** 2;
  return Math.round(2 * 6378.168 * Math.asin(Math.sqrt(h)) * 10) / 10;
}
const FAR_KM = km([TOWNS[0][2], TOWNS[0][3]], [TOWNS[1][2], TOWNS[1][3]]);
const FAR_POINTS = Math.round(10 * (1 - FAR_KM / 30) * 100) / 100;

/** name, industry, education, title, engagement, employer (1: home town, 2: far town), profile, archived */
type Crafted = [string, string, string, string, string, number, string | null, boolean?];
const CRAFTED: Crafted[] = [
  ['甲', 'DRONE', 'DOCTORATE', 'INTERMEDIATE', 'FLEXIBLE', 2, '无人机飞控系统研发；动力电池与电机'],
  ['乙', 'DRONE', 'MASTER', 'SENIOR', 'FLEXIBLE', 1, '植保无人机作业；飞控调试'],
  ['丙', 'CULTURE', 'DOCTORATE', 'SENIOR', 'FULL_TIME', 1, '植保无人机航拍纪录片'],
  ['丁', 'DRONE', 'MASTER', 'NONE', 'FULL_TIME', 1, null],
  ['戊', 'DRONE', 'BACHELOR', 'SENIOR', 'FLEXIBLE', 1, '飞控'], // below the education floor
  ['己', 'CULTURE', 'DOCTORATE', 'SENIOR', 'FLEXIBLE', 1, '非遗保护'], // neither industry nor keyword
  ['庚', 'DRONE', 'DOCTORATE', 'SENIOR', 'FLEXIBLE', 1, '飞控', true], // archived
  ['辛', 'DRONE', 'MASTER', 'ASSOCIATE_SENIOR', 'FULL_TIME', 1, null],
  ['壬', 'DRONE', 'MASTER', 'ASSOCIATE_SENIOR', 'FULL_TIME', 1, null],
];

/** The demand of docs/matching.md's worked example. */
const DEMAND = {
  kind: 'EXPERT_SERVICE',
  industry: 'DRONE',
  keywords: ['飞控', '植保无人机'],
  minEducation: 'MASTER',
  minProfessionalTitle: 'ASSOCIATE_SENIOR',
  engagement: 'FLEXIBLE',
};

const CANDIDATES = `query DemandCandidates($id: ID!, $first: Int, $after: String) {
  demand(id: $id) { id candidates(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor score reasons { factor score maxScore detail } node { id name } }
  } }
}`;

/**
 * The postings are exactly the register's: one per (term of the vocabulary, active talent whose
 * lower-cased profile contains it), with its education and industry; and every keyword of every
 * demand is in the vocabulary.
 */
async function expectPostingsOfRegister(query: (sql: string) => Promise<unknown[]>): Promise<void> {
  const [diff] = (await query(`with register as (
      select t.id as term_id, a.education, a.industry, a.id as talent_id from active_talent a
      left join talent_profile tp on tp.talent_id = a.id join match_term t on strpos(lower(coalesce(tp.profile, '')), t.term) > 0
    ), kept as (select term_id, education, industry, talent_id from talent_match_term)
    select (select count(*) from (select * from register except all select * from kept) x)::int as missing,
      (select count(*) from (select * from kept except all select * from register) x)::int as extra,
      (select count(*) from (select lower(k) from demand cross join unnest(keywords) as k except select term from match_term) x)::int as terms,
      (select count(*) from kept)::int as postings`)) as { missing: number; extra: number; terms: number; postings: number }[];
  expect(diff).toEqual({ missing: 0, extra: 0, terms: 0, postings: expect.any(Number) });
  expect(diff.postings).toBeGreaterThan(0);
}

describe('ranking on a crafted register', () => {
  let scratch: ScratchDatabase;
  let hub: TestApp;
  const ids = new Map<string, number>();
  let demandId: number;

  /** Inserts a crafted talent (and its profile, if any); returns its id. */
  async function addTalent(i: number, [name, industry, education, title, engagement, org, profile, archived]: Crafted): Promise<number> {
    const sql = hub.orm.em.getConnection();
    const [{ id }] = await sql.execute<{ id: number }[]>(
      // Personal columns hold well-formed placeholders: these tests rank, they never decrypt.
      `insert into talent (name, id_number_cipher, id_number_hash, phone_cipher, phone_hash, birth_year, gender, education,
         professional_title, talent_type, tier, industry, engagement, overseas_experience, introduced_at, organization_id, archived_at)
       values (?, 'v1:test', encode(sha256(convert_to(?, 'UTF8')), 'hex'), 'v1:test', encode(sha256(convert_to(?, 'UTF8')), 'hex'),
         1985, 'MALE', ?, ?, 'PROFESSIONAL_TECHNICAL', null, ?, ?, false, date '2022-06-01', ?, ?) returning id`,
      [name, `id${i}`, `phone${i}`, education, title, industry, engagement, org, archived ? new Date() : null],
    );
    if (profile) await sql.execute('insert into talent_profile (talent_id, profile) values (?, ?)', [id, profile]);
    return id;
  }

  beforeAll(async () => {
    scratch = await createScratchDatabase('huigu_matching');
    hub = await createTestApp({ databaseUrl: scratch.url });
    const sql = hub.orm.em.getConnection();
    await sql.execute(`insert into region (code, name, level, kind, parent_code, latitude, longitude) values
      ('110117000000', '平谷区', 'DISTRICT', '区', null, 40.1422, 117.1011)`);
    for (const [code, name, lat, lng] of TOWNS) {
      await sql.execute(`insert into region (code, name, level, kind, parent_code, latitude, longitude) values (?, ?, 'TOWN', '镇', '110117000000', ?, ?)`, [code, name, lat, lng]);
    }
    await sql.execute(`insert into organization (id, name, kind, industry, town_code, address, latitude, longitude) values
      (1, '峪口无人机', 'ENTERPRISE', 'DRONE', '${HOME}', '峪口', 40.2467, 117.0178),
      (2, '滨河科技', 'ENTERPRISE', 'DRONE', '${FAR}', '滨河', 40.138, 117.12)`);
    for (const [i, crafted] of CRAFTED.entries()) ids.set(crafted[0], await addTalent(i, crafted));
    const [{ id }] = await sql.execute<{ id: number }[]>(
      `insert into demand (kind, status, organization_id, town_code, industry, title, description, keywords, min_education, min_professional_title,
         headcount, engagement, service_months, posted_at, updated_at, version)
       values (?, 'OPEN', 1, '${HOME}', ?, '无人机首席专家', '柔性引进', ?::text[], ?, ?, 2, ?, 3, now(), now(), 1) returning id`,
      [DEMAND.kind, DEMAND.industry, `{${DEMAND.keywords.join(',')}}`, DEMAND.minEducation, DEMAND.minProfessionalTitle, DEMAND.engagement],
    );
    demandId = id;
  });
  afterAll(async () => {
    await hub.close();
    await scratch.drop();
  });

  it('orders by score, ties by id, and leaves out who is below the floor, fits neither industry nor keyword, or is archived', async () => {
    const result = await hub.gql(CANDIDATES, { id: demandId, first: 20 }, { as: 'ANALYST' });
    expect(result.errors).toBeUndefined();
    const { totalCount, edges } = result.data!.demand.candidates;
    const order = edges.map((e: any) => e.node.name);
    expect(order).toEqual(['乙', '甲', '辛', '壬', '丁', '丙']);
    expect(totalCount).toBe(6);
    expect(ids.get('辛')!).toBeLessThan(ids.get('壬')!);
    const scores = Object.fromEntries(edges.map((e: any) => [e.node.name, e.score]));
    expect(scores).toEqual({ 乙: 95, 甲: Math.round((30 + 15 + 12.5 + 5 + 5 + FAR_POINTS) * 100) / 100, 辛: 60, 壬: 60, 丁: 50, 丙: 47.5 });
    for (const edge of edges) {
      expect(edge.reasons.map((r: any) => r.factor)).toEqual(['INDUSTRY', 'KEYWORDS', 'EDUCATION', 'PROFESSIONAL_TITLE', 'ENGAGEMENT', 'DISTANCE']);
      expect(edge.reasons.reduce((sum: number, r: any) => sum + r.score, 0)).toBeCloseTo(edge.score, 2);
      expect(edge.reasons.map((r: any) => r.maxScore)).toEqual([30, 30, 15, 10, 5, 10]);
    }
  });

  it('explains each factor of the worked example (docs/matching.md) in Chinese', async () => {
    const result = await hub.gql(CANDIDATES, { id: demandId, first: 20 }, { as: 'ANALYST' });
    const jia = result.data!.demand.candidates.edges.find((e: any) => e.node.name === '甲');
    const reasons = Object.fromEntries(jia.reasons.map((r: any) => [r.factor, r]));
    expect(reasons.INDUSTRY).toMatchObject({ score: 30, detail: '行业一致：无人机' });
    expect(reasons.KEYWORDS).toMatchObject({ score: 15, detail: '履历含关键词：飞控（1/2）' });
    expect(reasons.EDUCATION).toMatchObject({ score: 12.5, detail: '学历博士研究生，高于要求（硕士研究生及以上）1级' });
    expect(reasons.PROFESSIONAL_TITLE).toMatchObject({ score: 5, detail: '职称中级，比要求（副高级及以上）低一级' });
    expect(reasons.ENGAGEMENT).toMatchObject({ score: 5, detail: '柔性引进人才，适合专家服务' });
    expect(reasons.DISTANCE.score).toBeCloseTo(FAR_POINTS, 2);
    expect(reasons.DISTANCE.detail).toBe(`滨河街道距峪口地区约${FAR_KM.toFixed(1)}公里（30公里及以上不计分）`);
    const bing = result.data!.demand.candidates.edges.find((e: any) => e.node.name === '丙');
    expect(bing.reasons[0]).toMatchObject({ score: 0, detail: '行业不同：人才为文化，需求为无人机' });
    expect(bing.reasons[5]).toMatchObject({ score: 10, detail: '同在峪口地区' });
  });

  it('the talent side agrees: the demand among the talent’s opportunities with the same score and reasons', async () => {
    const query = `query($id: ID!) { talent(id: $id) { opportunities(first: 10) { totalCount edges { score reasons { factor score detail } node { id title } } } } }`;
    const candidates = (await hub.gql(CANDIDATES, { id: demandId, first: 20 }, { as: 'ANALYST' })).data!.demand.candidates.edges;
    for (const name of ['甲', '丙']) {
      const result = await hub.gql(query, { id: ids.get(name) }, { as: 'ANALYST' });
      expect(result.errors).toBeUndefined();
      const [edge] = result.data!.talent.opportunities.edges;
      const candidate = candidates.find((e: any) => e.node.name === name);
      expect(edge.node.id).toBe(String(demandId));
      expect(edge.score).toBe(candidate.score);
      expect(edge.reasons).toEqual(candidate.reasons.map(({ factor, score, detail }: any) => ({ factor, score, detail })));
    }
    // Below the floor: no opportunity.
    const below = await hub.gql(query, { id: ids.get('戊') }, { as: 'ANALYST' });
    expect(below.data!.talent.opportunities.totalCount).toBe(0);
  });

  it('the gap moves when a demand is posted (its data version), and its totals are the SQL counts', async () => {
    const gap = `{ supplyDemandGap(by: [INDUSTRY]) { demand supply buckets { keys { value } demand supply gap } } }`;
    const before = (await hub.gql(gap, {}, { as: 'ANALYST' })).data!.supplyDemandGap;
    expect(before.demand).toBe(2);
    expect(before.supply).toBe(8); // every active talent
    expect(before.buckets.find((b: any) => b.keys[0].value === 'DRONE')).toEqual({ keys: [{ value: 'DRONE' }], demand: 2, supply: 6, gap: -4 });
    await hub.orm.em.getConnection().execute(
      `insert into demand (kind, status, organization_id, town_code, industry, title, description, keywords, min_education, min_professional_title,
         headcount, engagement, posted_at, updated_at, version)
       values ('POSITION', 'OPEN', 2, '${FAR}', 'CULTURE', '文创设计', '设计', '{文创}', 'BACHELOR', 'NONE', 5, 'FULL_TIME', now(), now(), 1)`,
    );
    const after = (await hub.gql(gap, {}, { as: 'ANALYST' })).data!.supplyDemandGap;
    expect(after.demand).toBe(7);
    expect(after.buckets.find((b: any) => b.keys[0].value === 'CULTURE')).toEqual({ keys: [{ value: 'CULTURE' }], demand: 5, supply: 2, gap: 3 });
  });

  it('follows the register (talent_match): profiles, educations, archiving and an employer’s move rank as the register says, by index alone or by strpos', async () => {
    const sql = hub.orm.em.getConnection();
    const id = (name: string) => ids.get(name)!;
    await sql.execute(`insert into talent_profile (talent_id, profile) values (?, '飞控专家')`, [id('丁')]);
    await sql.execute(`update talent set education = 'BACHELOR' where id = ?`, [id('乙')]);
    await sql.execute(`update talent set archived_at = now() where id = ?`, [id('辛')]);
    await sql.execute(`update talent set archived_at = null where id = ?`, [id('庚')]);
    await sql.execute(`update organization set town_code = '${FAR}' where id = 1`);
    await sql.execute(`delete from talent_profile where talent_id = ?`, [id('丙')]);
    // 无人 and 人机 but not 无人机; a keyword with a space, and one longer than an index key (strpos decides both).
    ids.set('癸', await addTalent(20, ['癸', 'CULTURE', 'DOCTORATE', 'SENIOR', 'FLEXIBLE', 2, '无人驾驶与人机交互']));
    ids.set('子', await addTalent(21, ['子', 'HEALTH', 'MASTER', 'INTERMEDIATE', 'FULL_TIME', 2, '放射科CT 影像诊断']));
    const [{ id: keywordsOnly }] = await sql.execute<{ id: number }[]>(
      `insert into demand (kind, status, organization_id, town_code, industry, title, description, keywords, min_education, min_professional_title,
         headcount, engagement, posted_at, updated_at, version)
       values ('POSITION', 'OPEN', 1, '${HOME}', 'EDUCATION', '无人机课程教师', '教学', '{无人机,植保无人机作业,CT 影像}', 'SECONDARY_OR_BELOW', 'NONE', 1, 'FULL_TIME', now(), now(), 1) returning id`,
    );
    const em = hub.orm.em.fork();
    const read = async (q: MatchQuery) => (await readRows<{ total: number; bound?: number | null; page: { id: number; cents: number; town_code: string }[] }>(em, { sql: q.sql, bindings: q.params }))[0];
    const names = new Map([...ids].map(([name, talent]) => [talent, name]));
    for (const [demand, expected] of [
      [{ id: demandId, industry: 'DRONE', keywords: DEMAND.keywords, minEducation: 'MASTER' }, ['甲', '丁', '庚', '壬']],
      [{ id: keywordsOnly, industry: 'EDUCATION', keywords: ['无人机', '植保无人机作业', 'CT 影像'], minEducation: 'SECONDARY_OR_BELOW' }, ['甲', '乙', '子']],
    ] as const) {
      const facts = { ...demand, keywords: [...demand.keywords] } as any;
      const reference = await read(talentCandidatesQuery(facts, null, 20));
      const pruned = await read(talentCandidatesPageQuery(facts, null, 20));
      expect(pruned).toEqual({ ...reference, bound: pruned.bound });
      expect(reference.page.map((row) => names.get(row.id)).sort()).toEqual([...expected].sort());
      expect(reference.total).toBe(expected.length);
    }
    const moved = await read(talentCandidatesPageQuery({ id: demandId, industry: 'DRONE' as any, keywords: DEMAND.keywords, minEducation: 'MASTER' as any }, null, 20));
    expect(moved.page.find((row) => row.id === id('壬'))!.town_code).toBe(FAR);
  });

  it('keeps the keyword postings (talent_match_term) equal to the profiles, and every total equal to the reference, after profile, talent and demand writes', async () => {
    const sql = hub.orm.em.getConnection();
    const id = (name: string) => ids.get(name)!;
    await sql.execute(`update talent_profile set profile = '植保作业与航测' where talent_id = ?`, [id('乙')]); // 无人机 and 飞控 gone
    await sql.execute(`insert into talent_profile (talent_id, profile) values (?, '影像诊断与航测')`, [id('壬')]);
    await sql.execute(`update talent set industry = 'HEALTH', education = 'DOCTORATE' where id = ?`, [id('壬')]); // its postings move
    await sql.execute(`update talent set industry = 'DRONE' where id = ?`, [id('癸')]);
    await sql.execute(`update talent set archived_at = now() where id = ?`, [id('甲')]);
    // Keywords new to the vocabulary, by an update and by an insert: filled from every profile at once.
    await sql.execute(`update demand set keywords = array_append(keywords, '航测') where id = ?`, [demandId]);
    await sql.execute(
      `insert into demand (kind, status, organization_id, town_code, industry, title, description, keywords, min_education, min_professional_title,
         headcount, engagement, posted_at, updated_at, version)
       values ('POSITION', 'OPEN', 2, '${FAR}', 'HEALTH', '影像医师', '影像', '{影像诊断,交互}', 'MASTER', 'NONE', 1, 'FULL_TIME', now(), now(), 1)`,
    );
    await sql.execute(`insert into talent_profile (talent_id, profile) values (?, '飞控与航测')`, [id('辛')]);
    await sql.execute(`update talent set archived_at = null where id = ?`, [id('辛')]);
    await expectPostingsOfRegister((q) => sql.execute(q));
    const em = hub.orm.em.fork();
    const read = async (q: MatchQuery) => (await readRows<{ total: number; bound?: number | null; page: unknown[] }>(em, { sql: q.sql, bindings: q.params }))[0];
    const demands = await sql.execute<{ id: number; industry: any; keywords: string[]; min_education: any }[]>('select id, industry, keywords, min_education from demand order by id');
    expect(demands.length).toBeGreaterThanOrEqual(4);
    for (const d of demands) {
      const facts = { id: d.id, industry: d.industry, keywords: d.keywords, minEducation: d.min_education };
      const reference = await read(talentCandidatesQuery(facts, null, 20));
      const pruned = await read(talentCandidatesPageQuery(facts, null, 20));
      expect(reference.total).toBeGreaterThan(0);
      expect(pruned).toEqual({ ...reference, bound: pruned.bound });
    }
  });
});

// ---------------------------------------------------------------- the seeded district
describe('talent_match under concurrent writes', () => {
  let scratch: ScratchDatabase;
  let app: TestApp;
  const clients: Client[] = [];
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    scratch = await createScratchDatabase('huigu_matching_race');
    app = await createTestApp({ databaseUrl: scratch.url });
    await seedDatabase(app.orm, { talents: 40 });
    for (let i = 0; i < 2; i++) {
      const client = new Client({ connectionString: scratch.url });
      await client.connect();
      clients.push(client);
    }
  }, 120_000);
  afterAll(async () => {
    for (const client of clients) await client.end();
    await app.close();
    await scratch.drop();
  });

  /** An archived talent with a profile, ready to be restored. */
  async function archivedWithProfile(profile: string): Promise<number> {
    const [restorer] = clients;
    const { rows } = await restorer.query<{ id: number }>('select id from talent where archived_at is null order by id desc limit 1');
    const id = rows[0].id;
    await restorer.query('insert into talent_profile (talent_id, profile) values ($1, $2) on conflict (talent_id) do update set profile = excluded.profile', [id, profile]);
    await restorer.query('update talent set archived_at = now() where id = $1', [id]);
    return id;
  }
  const projected = async (id: number) =>
    (await clients[0].query<{ match: string | null; profile: string }>('select (select profile from talent_match where talent_id = $1) as match, profile from talent_profile where talent_id = $1', [id])).rows[0];

  it.each([
    ['the restore first, the profile rewritten while it is uncommitted', 'restore'],
    ['the profile rewritten first, the talent restored while it is uncommitted', 'profile'],
  ])('keeps the profile a talent has: %s', async (_what, first) => {
    const id = await archivedWithProfile('旧画像：果树栽培');
    const [restorer, writer] = clients;
    const restore = `update talent set archived_at = null where id = ${id}`;
    const rewrite = `update talent_profile set profile = '新画像：植保无人机飞控' where talent_id = ${id}`;
    const [holder, other] = first === 'restore' ? [restorer, writer] : [writer, restorer];
    await holder.query('begin');
    await holder.query(first === 'restore' ? restore : rewrite);
    const second = other.query(first === 'restore' ? rewrite : restore);
    await sleep(300);
    await holder.query('commit');
    await second;
    expect(await projected(id)).toEqual({ match: '新画像：植保无人机飞控', profile: '新画像：植保无人机飞控' });
  });

  it.each([
    ['the demand first, the profile written while it is uncommitted', 'demand', '并发词甲'],
    ['the profile written first, the demand posted while it is uncommitted', 'profile', '并发词乙'],
  ])('posts a keyword new to the vocabulary for a profile written concurrently: %s', async (_what, first, keyword) => {
    const [poster, writer] = clients;
    const { rows } = await writer.query<{ id: number }>('select talent_id as id from talent_match order by talent_id limit 1');
    const talent = rows[0].id;
    const post = `insert into demand (kind, status, organization_id, town_code, industry, title, description, keywords, min_education, min_professional_title,
        headcount, engagement, posted_at, updated_at, version)
      select 'POSITION', 'OPEN', organization_id, town_code, industry, title, description, array['${keyword}'], 'SECONDARY_OR_BELOW', 'NONE', 1, 'FULL_TIME', now(), now(), 1
      from demand order by id limit 1 returning id`;
    const write = `insert into talent_profile (talent_id, profile) values (${talent}, '新方向：${keyword}研究')
      on conflict (talent_id) do update set profile = excluded.profile`;
    const [holder, other] = first === 'demand' ? [poster, writer] : [writer, poster];
    await holder.query('begin');
    const held = await holder.query(first === 'demand' ? post : write);
    const second = other.query(first === 'demand' ? write : post);
    await sleep(300);
    await holder.query('commit');
    const demandId = (first === 'demand' ? held : await second).rows[0].id;
    await second;
    await expectPostingsOfRegister(async (q) => (await clients[0].query(q)).rows);
    const [d] = (await clients[0].query('select id, industry, keywords, min_education from demand where id = $1', [demandId])).rows;
    const facts = { id: d.id, industry: d.industry, keywords: d.keywords, minEducation: d.min_education };
    const em = app.orm.em.fork();
    const read = async (q: MatchQuery) => (await readRows<{ total: number; page: { id: number }[] }>(em, { sql: q.sql, bindings: q.params }))[0];
    const reference = await read(talentCandidatesQuery(facts, null, 20));
    expect(reference.page.map((row) => row.id)).toContain(talent);
    expect((await read(talentCandidatesPageQuery(facts, null, 20))).total).toBe(reference.total);
  });
});

describe('on the seeded district', () => {
  let hub: TestApp;
  /** An open demand with a few dozen candidates, and its organization. */
  let demand: { id: number; organization_id: number };
  let otherOrganization: number;
  const sql = <T>(text: string, params: unknown[] = []) => hub.orm.em.getConnection().execute<T[]>(text, params);

  beforeAll(async () => {
    hub = await createTestApp();
    const open = await sql<{ id: number; organization_id: number }>(`select id, organization_id from demand where status = 'OPEN' and kind <> 'CHALLENGE' order by id limit 40`);
    for (const candidate of open) {
      const result = await hub.gql(`{ demand(id: ${candidate.id}) { candidates(first: 1) { totalCount } } }`, {}, { as: 'ANALYST' });
      const n = result.data?.demand.candidates.totalCount ?? 0;
      if (n >= 10 && n <= 200) {
        demand = candidate;
        break;
      }
    }
    expect(demand).toBeDefined();
    [{ id: otherOrganization }] = await sql<{ id: number }>('select id from organization where id <> ? order by id limit 1', [demand.organization_id]);
  });
  afterAll(() => hub.close());

  it('pages of first: 3 visit every candidate once, in ranking order, each cursor resuming after the last', async () => {
    const seen: string[] = [];
    const scores: number[] = [];
    let after: string | null = null;
    let total = 0;
    for (let guard = 0; guard < 200; guard++) {
      const result: any = await hub.gql(CANDIDATES, { id: demand.id, first: 3, after }, { as: 'ANALYST' });
      expect(result.errors).toBeUndefined();
      const page = result.data.demand.candidates;
      total = page.totalCount;
      expect(page.edges.length).toBeLessThanOrEqual(3);
      for (const edge of page.edges) {
        seen.push(edge.node.id);
        scores.push(edge.score);
      }
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(total);
    for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeLessThanOrEqual(scores[i - 1]);
  });

  it('the pruned page equals scoring every candidate: same rows, scores, order and total, for a dozen open demands, page sizes and cursors', async () => {
    const demands = await sql<{ id: number; industry: any; keywords: string[]; min_education: any }>(
      `select id, industry, keywords, min_education from demand where status = 'OPEN' and kind <> 'CHALLENGE' order by id limit 12`,
    );
    const em = hub.orm.em.fork();
    const read = async (q: MatchQuery) => (await readRows<{ total: number; bound?: number | null; page: { id: number; cents: number }[] }>(em, { sql: q.sql, bindings: q.params }))[0];
    // What a talent of another industry can score at most: everything but the industry's points.
    const otherIndustryMost = (100 - 30) * 100;
    let othersCouldReach = 0;
    let othersCouldNot = 0;
    for (const d of demands) {
      const facts = { id: d.id, industry: d.industry, keywords: d.keywords, minEducation: d.min_education };
      for (const limit of [1, 21]) {
        let after: MatchCursor | null = null;
        for (let page = 0; page < 2; page++) {
          const full = await read(talentCandidatesQuery(facts, after, limit));
          const pruned = await read(talentCandidatesPageQuery(facts, after, limit));
          if (pruned.bound == null || pruned.bound <= otherIndustryMost) othersCouldReach++;
          else othersCouldNot++;
          expect(pruned.total).toBe(full.total);
          expect(pruned.page).toEqual(full.page);
          const last = full.page.at(-1);
          if (!last || full.page.length < limit) break;
          after = { cents: last.cents, id: last.id };
        }
      }
    }
    // Both cases ran: pages the other industries could not reach (none of them scored), and pages they could.
    expect(othersCouldReach).toBeGreaterThan(0);
    expect(othersCouldNot).toBeGreaterThan(0);
  });

  it('refuses a cursor of another list and a page size out of range, with codes', async () => {
    const opportunities = await hub.gql(`{ talent(id: 1) { opportunities(first: 1) { pageInfo { endCursor } } } }`, {}, { as: 'ANALYST' });
    const foreign = opportunities.data!.talent.opportunities.pageInfo.endCursor;
    if (foreign) {
      const result = await hub.gql(CANDIDATES, { id: demand.id, first: 3, after: foreign }, { as: 'ANALYST' });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    const tooMany = await hub.gql(CANDIDATES, { id: demand.id, first: 101 }, { as: 'ANALYST' });
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('prices a ranking at 1,000: ten in one request are refused before any runs', async () => {
    const aliases = Array.from({ length: 10 }, (_, i) => `r${i}: candidates(first: 1) { totalCount }`).join(' ');
    const result = await hub.gql(`{ demand(id: ${demand.id}) { ${aliases} } }`, {}, { as: 'ANALYST' });
    expect(result.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    const nine = Array.from({ length: 9 }, (_, i) => `r${i}: candidates(first: 1) { totalCount }`).join(' ');
    expect((await hub.gql(`{ demand(id: ${demand.id}) { ${nine} } }`, {}, { as: 'ANALYST' })).errors).toBeUndefined();
  });

  describe('who sees candidates', () => {
    const query = (id: number) => `query Candidates { demand(id: ${id}) { candidates(first: 3) { totalCount edges { node { id phone } } } } }`;

    it.each(['PUBLIC', 'DASHBOARD'] as const)('%s: FORBIDDEN, no candidates', async (role) => {
      const result = await hub.gql(query(demand.id), {}, role === 'PUBLIC' ? {} : { as: role });
      expect((result.errors ?? []).map((e) => e.extensions?.code)).toContain('FORBIDDEN');
      expect(result.data?.demand?.candidates ?? null).toBeNull();
    });

    it('ANALYST: candidates with phones masked, nothing audited', async () => {
      const [{ n: before }] = await sql<{ n: number }>('select count(*)::int as n from audit_event');
      const result = await hub.gql(query(demand.id), {}, { as: 'ANALYST' });
      expect(result.errors).toBeUndefined();
      for (const { node } of result.data!.demand.candidates.edges) expect(node.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
      const [{ n: after }] = await sql<{ n: number }>('select count(*)::int as n from audit_event');
      expect(after).toBe(before);
    });

    it('ADMIN: phones in clear, the read audited with the candidates’ ids', async () => {
      const result = await hub.gql(query(demand.id), {}, { as: 'ADMIN', sub: 'admin-matching' });
      expect(result.errors).toBeUndefined();
      const nodes = result.data!.demand.candidates.edges.map((e: any) => e.node);
      for (const node of nodes) expect(node.phone).toMatch(/^1\d{10}$/);
      const rows = await sql<{ operation: string; entity_ids: number[]; fields: string[] }>(`select operation, entity_ids, fields from audit_event where subject = 'admin-matching'`);
      expect(rows).toHaveLength(1);
      expect(rows[0].operation).toBe('Candidates');
      expect([...rows[0].entity_ids].sort()).toEqual(nodes.map((n: any) => Number(n.id)).sort());
    });

    it('ORG_MANAGER: its own organization’s demand, masked; another’s FORBIDDEN (scope ORGANIZATION)', async () => {
      const own = await hub.gql(query(demand.id), {}, { as: 'ORG_MANAGER', org: demand.organization_id });
      expect(own.errors).toBeUndefined();
      for (const { node } of own.data!.demand.candidates.edges) expect(node.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
      const other = await hub.gql(query(demand.id), {}, { as: 'ORG_MANAGER', org: otherOrganization });
      expect(other.errors?.map((e) => [e.extensions?.code, e.extensions?.scope])).toEqual([['FORBIDDEN', 'ORGANIZATION']]);
      expect(other.data?.demand?.candidates ?? null).toBeNull();
    });
  });

  it('supplyDemandGap: per bucket and in all, the open headcount and the active talents counted by SQL', async () => {
    const result = await hub.gql(`{ supplyDemandGap(by: [INDUSTRY, ORG_KIND]) { demand supply gap buckets { keys { dimension value } demand supply gap } } }`, {}, { as: 'ANALYST' });
    expect(result.errors).toBeUndefined();
    const gap = result.data!.supplyDemandGap;
    const [{ demand: openHeadcount }] = await sql<{ demand: number }>(`select coalesce(sum(headcount), 0)::int as demand from demand where status = 'OPEN'`);
    const [{ supply }] = await sql<{ supply: number }>('select count(*)::int as supply from active_talent');
    expect(gap.demand).toBe(openHeadcount);
    expect(gap.supply).toBe(supply);
    expect(gap.gap).toBe(openHeadcount - supply);
    const demandCells = await sql<{ industry: string; kind: string; n: number }>(
      `select d.industry, o.kind, sum(d.headcount)::int as n from demand d join organization o on o.id = d.organization_id where d.status = 'OPEN' group by 1, 2`,
    );
    const supplyCells = await sql<{ industry: string; kind: string; n: number }>(`select industry, org_kind as kind, count(*)::int as n from active_talent group by 1, 2`);
    const expected = new Map<string, { demand: number; supply: number }>();
    for (const c of demandCells) expected.set(`${c.industry}/${c.kind}`, { demand: c.n, supply: 0 });
    for (const c of supplyCells) expected.set(`${c.industry}/${c.kind}`, { demand: expected.get(`${c.industry}/${c.kind}`)?.demand ?? 0, supply: c.n });
    expect(gap.buckets).toHaveLength(expected.size);
    for (const bucket of gap.buckets) {
      const want = expected.get(`${bucket.keys[0].value}/${bucket.keys[1].value}`)!;
      expect({ demand: bucket.demand, supply: bucket.supply, gap: bucket.gap }).toEqual({ ...want, gap: want.demand - want.supply });
    }
  });

  it('supplyDemandGap for the public: headcounts as posted, supply perturbed (never 1..k−1), said so', async () => {
    const result = await hub.gql(`{ supplyDemandGap(by: [TOWN]) { demand buckets { demand supply } disclosure { method exact } } }`);
    expect(result.errors).toBeUndefined();
    const gap = result.data!.supplyDemandGap;
    expect(gap.disclosure).toEqual({ method: 'CELL_KEY_PERTURBATION', exact: false });
    const [{ demand: openHeadcount }] = await sql<{ demand: number }>(`select coalesce(sum(headcount), 0)::int as demand from demand where status = 'OPEN'`);
    expect(gap.demand).toBe(openHeadcount);
    for (const bucket of gap.buckets) expect(bucket.supply === 0 || bucket.supply >= hub.config.disclosure.threshold).toBe(true);
  });

  it('talentDistribution by RECRUITMENT_CHANNEL counts the register’s channels; trainingDistribution the enrolments', async () => {
    const result = await hub.gql(
      `{ talentDistribution(by: [RECRUITMENT_CHANNEL]) { total buckets { keys { value label } count } }
         trainingDistribution(by: [PROGRAMME_KIND, ENROLMENT_STATUS]) { total buckets { keys { value } count } } }`,
      {},
      { as: 'ANALYST' },
    );
    expect(result.errors).toBeUndefined();
    const channels = await sql<{ channel: string; n: number }>('select recruitment_channel as channel, count(*)::int as n from active_talent group by 1');
    expect(Object.fromEntries(result.data!.talentDistribution.buckets.map((b: any) => [b.keys[0].value, b.count]))).toEqual(Object.fromEntries(channels.map((c) => [c.channel, c.n])));
    const enrolments = await sql<{ kind: string; status: string; n: number }>(
      `select p.kind, e.status, count(*)::int as n from training_enrolment e join training_programme p on p.id = e.programme_id join active_talent t on t.id = e.talent_id group by 1, 2`,
    );
    expect(Object.fromEntries(result.data!.trainingDistribution.buckets.map((b: any) => [`${b.keys[0].value}/${b.keys[1].value}`, b.count]))).toEqual(
      Object.fromEntries(enrolments.map((e) => [`${e.kind}/${e.status}`, e.n])),
    );
  });

  it('runs the contract’s matching operations on seeded data', async () => {
    const operations = contractOperations('matching.graphql');
    const [challenge] = await sql<{ id: number }>(`select id from demand where status = 'OPEN' order by id limit 1`);
    const [year] = await sql<{ year: number }>('select max(year)::int as year from training_programme');
    const [talent] = await sql<{ id: number }>(
      `select t.id from active_talent t join demand d on d.industry = t.industry and d.status = 'OPEN' order by t.id limit 1`,
    );
    const runs: [string, Record<string, unknown>][] = [
      ['DemandCandidates', { id: demand.id, first: 5 }],
      ['DemandCandidates', { id: challenge.id, first: 5 }],
      ['TalentOpportunities', { id: talent.id, first: 5 }],
      ['SupplyDemandGap', { by: ['INDUSTRY', 'TOWN'], year: null }],
      ['SupplyDemandGap', { by: ['EDUCATION', 'ORG_KIND'], year: 2025 }],
      ['TrainingOverview', { year: year.year }],
    ];
    for (const [name, variables] of runs) {
      const result = await hub.gql(operations.get(name)!, variables, { as: 'ANALYST' });
      expect([name, result.errors]).toEqual([name, undefined]);
    }
    const opportunities = await hub.gql(operations.get('TalentOpportunities')!, { id: talent.id, first: 5 }, { as: 'ANALYST' });
    expect(opportunities.data!.talent.opportunities.edges.length).toBeGreaterThan(0);
    const training = await hub.gql(operations.get('TrainingOverview')!, { year: year.year }, { as: 'ANALYST' });
    expect(training.data!.trainingDistribution.buckets.length).toBeGreaterThan(0);
  });
});
