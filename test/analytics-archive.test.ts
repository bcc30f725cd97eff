import { DistributionDimension } from '../src/modules/analytics/analytics.enums';
import { seededRandom } from './helpers/geo';
import { createScratchHub } from './helpers/scratch-hub';
import type { TestApp } from './helpers/app';

/**
 * "Who is counted" has one definition (the active_talent, active_platform and published_award
 * views, and one compiler per filter): after archiving talents, an organization and a platform
 * and revoking awards, every aggregate path and every list count agrees with SQL over the
 * active rows; and a dashboard gets the same value for the same records, however it asks.
 */
let hub: TestApp;
const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => hub.orm.em.getConnection().execute<T[]>(text, params);
const ANALYST = { as: 'ANALYST' } as const;
const DASHBOARD = { as: 'DASHBOARD' } as const;

/** Active talents with their employer, written out here rather than read from the view under test. */
const ACTIVE = `from talent t join organization o on o.id = t.organization_id where t.archived_at is null`;

beforeAll(async () => {
  hub = await createScratchHub('huigu_archive', 1500);
  const admin = async (query: string, variables: Record<string, unknown>) => {
    const result = await hub.gql(query, variables, { as: 'ADMIN' });
    expect(result.errors).toBeUndefined();
  };
  // 40 talents across employers, kinds, villages and years; then a whole organization with its talents.
  const talents = await sql<{ id: number }>(`select id from talent order by md5(id::text) limit 40`);
  for (const { id } of talents) await admin('mutation($id: ID!) { archiveTalent(id: $id) { errors { code } } }', { id: String(id) });
  const [organization] = await sql<{ id: number }>(`select o.id from organization o where o.village_code is not null and exists (select 1 from talent t where t.organization_id = o.id and t.archived_at is null) and not exists (select 1 from platform p where p.host_organization_id = o.id) order by o.id limit 1`);
  for (const { id } of await sql<{ id: number }>(`select id from talent where organization_id = ? and archived_at is null`, [organization.id])) {
    await admin('mutation($id: ID!) { archiveTalent(id: $id) { errors { code } } }', { id: String(id) });
  }
  await admin('mutation($id: ID!) { archiveOrganization(id: $id) { errors { code } } }', { id: String(organization.id) });
  for (const { id } of await sql<{ id: number }>(`select id from platform order by id limit 5`)) await admin('mutation($id: ID!) { archivePlatform(id: $id) { errors { code } } }', { id: String(id) });
  for (const { id } of await sql<{ id: number }>(`select id from award where status <> 'REVOKED' order by md5(id::text) limit 30`)) {
    await admin('mutation($id: ID!) { revokeAward(id: $id, reason: "核查不符") { id } }', { id: String(id) });
  }
  const [{ archived }] = await sql<{ archived: number }>(`select count(*)::int as archived from talent where archived_at is not null`);
  expect(archived).toBeGreaterThanOrEqual(40);
}, 120_000);

afterAll(() => hub.close());

const DISTRIBUTION = `query($by: [DistributionDimension!]!, $filter: TalentFilter) {
  talentDistribution(by: $by, filter: $filter, includeEmpty: true) { total buckets { keys { value } count } }
}`;

/** The SQL expression of each plain dimension over ACTIVE (AGE_BAND is checked through its total and its crossing). */
const COLUMNS: Partial<Record<DistributionDimension, string>> = {
  ORG_KIND: 'o.kind',
  TOWN: 'o.town_code',
  TIER: `coalesce(t.tier, 'NONE')`,
  TALENT_TYPE: 't.talent_type',
  EDUCATION: 't.education',
  INDUSTRY: 't.industry',
  ENGAGEMENT: 't.engagement',
  OVERSEAS: 't.overseas_experience::text',
  GENDER: 't.gender',
  PROFESSIONAL_TITLE: 't.professional_title',
  INTRODUCED_YEAR: 'extract(year from t.introduced_at)::int::text',
};

async function expected(column: string, where = ''): Promise<Map<string, number>> {
  const rows = await sql<{ value: string; n: number }>(`select ${column} as value, count(*)::int as n ${ACTIVE} ${where} group by 1`);
  return new Map(rows.map((r) => [r.value, r.n]));
}

const listed = (buckets: { keys: { value: string }[]; count: number }[]) => new Map(buckets.filter((b) => b.count).map((b) => [b.keys.map((k) => k.value).join('/'), b.count]));

describe('after archiving, every path counts active records only', () => {
  it.each(Object.values(DistributionDimension))('talentDistribution by %s', async (dimension) => {
    const [{ total }] = await sql<{ total: number }>(`select count(*)::int as total ${ACTIVE}`);
    const result = (await hub.gql(DISTRIBUTION, { by: [dimension] }, ANALYST)).data!.talentDistribution;
    expect(result.total).toBe(total);
    if (COLUMNS[dimension]) expect(listed(result.buckets)).toEqual(await expected(COLUMNS[dimension]!));
  });

  it('AGE_BAND crossed with a profile dimension (answered by the register, not a rollup)', async () => {
    const result = (await hub.gql(DISTRIBUTION, { by: ['AGE_BAND', 'EDUCATION'] }, ANALYST)).data!.talentDistribution;
    const byEducation = new Map<string, number>();
    for (const b of result.buckets) byEducation.set(b.keys[1].value, (byEducation.get(b.keys[1].value) ?? 0) + b.count);
    expect(new Map([...byEducation].filter(([, n]) => n))).toEqual(await expected('t.education'));
  });

  it('both layout levels', async () => {
    const LAYOUT = `query($level: LayoutLevel!) { talentLayout(level: $level) { region { code } count } }`;
    const towns = (await hub.gql(LAYOUT, { level: 'TOWN' }, ANALYST)).data!.talentLayout;
    expect(new Map(towns.filter((r: any) => r.count).map((r: any) => [r.region.code, r.count]))).toEqual(await expected('o.town_code'));
    const villages = (await hub.gql(LAYOUT, { level: 'VILLAGE' }, ANALYST)).data!.talentLayout;
    expect(new Map(villages.filter((r: any) => r.count).map((r: any) => [r.region.code, r.count]))).toEqual(await expected('o.village_code', 'and o.village_code is not null'));
  });

  it('the trend, and a mid-year introducedFrom in lists, counts and distributions', async () => {
    const trend = (await hub.gql(`{ talentTrend(from: 2012, to: 2025) { year count } }`, {}, ANALYST)).data!.talentTrend;
    const years = await expected('extract(year from t.introduced_at)::int::text', `and t.introduced_at between '2012-01-01' and '2025-12-31'`);
    expect(new Map(trend.filter((p: any) => p.count).map((p: any) => [String(p.year), p.count]))).toEqual(years);
    const filter = { introducedFrom: '2019-07-15', townCodes: [...(await expected('o.town_code')).keys()].slice(0, 3) };
    const [{ n }] = await sql<{ n: number }>(`select count(*)::int as n ${ACTIVE} and t.introduced_at >= '2019-07-15' and o.town_code in (?)`, [filter.townCodes]);
    const result = await hub.gql(`query($filter: TalentFilter) { talents(filter: $filter, first: 100) { totalCount edges { node { id } } } talentDistribution(by: [GENDER], filter: $filter) { total } }`, { filter }, ANALYST);
    expect(result.data!.talents.totalCount).toBe(n);
    expect(result.data!.talentDistribution.total).toBe(n);
    const archived = new Set((await sql<{ id: number }>(`select id from talent where archived_at is not null`)).map((r) => String(r.id)));
    expect(result.data!.talents.edges.some((e: any) => archived.has(e.node.id))).toBe(false);
  });

  it('an organization’s and a platform’s talents, and their counts', async () => {
    const result = await hub.gql(`{ organizations(first: 100) { edges { node { id talents(first: 100) { totalCount edges { node { id } } } } } } }`, {}, ANALYST);
    const counts = new Map((await sql<{ id: number; n: number }>(`select o.id, count(*)::int as n ${ACTIVE} group by o.id`)).map((r) => [String(r.id), r.n]));
    for (const { node } of result.data!.organizations.edges) {
      expect(node.talents.totalCount).toBe(counts.get(node.id) ?? 0);
      expect(node.talents.edges).toHaveLength(Math.min(100, counts.get(node.id) ?? 0));
    }
  });

  it('platforms and awards: archived platforms and revoked awards leave what the public counts', async () => {
    const [{ platforms }] = await sql<{ platforms: number }>(`select count(*)::int as platforms from platform where archived_at is null`);
    expect((await hub.gql(`{ platformDistribution(by: [PLATFORM_TYPE]) { total } }`, {}, ANALYST)).data!.platformDistribution.total).toBe(platforms);
    const [published] = await sql<{ n: number; amount: string }>(`select count(*)::int as n, sum(amount)::text as amount from award where status <> 'REVOKED'`);
    const exact = (await hub.gql(`{ awardDistribution(by: [PROGRAM], filter: { statuses: [APPROVED, DISBURSED] }) { count totalAmount } }`, {}, ANALYST)).data!.awardDistribution;
    expect(exact).toEqual({ count: published.n, totalAmount: published.amount });
    const shown = (await hub.gql(`{ awardDistribution(by: [PROGRAM]) { count totalAmount } }`, {}, DASHBOARD)).data!.awardDistribution;
    expect(Math.abs(shown.count - published.n)).toBeLessThanOrEqual(hub.config.disclosure.maxNoise);
    expect(Math.abs(Number(shown.totalAmount) / Number(published.amount) - 1)).toBeLessThanOrEqual(hub.config.disclosure.amountNoise);
  });
});

describe('award amounts for callers who cannot read records', () => {
  it('are withheld where one recipient holds most of a cell, however many awards it is split into', async () => {
    const talents = (await sql<{ id: number }>(`select id from talent where archived_at is null order by id limit 6`)).map((r) => r.id);
    const [{ program }] = await sql<{ program: string }>(`select program from award order by id limit 1`);
    // 400 in all: one talent three awards of 100 (75 %), five talents one of 20. No single award is over 25 %.
    const awards = [...[100, 100, 100].map((amount) => [talents[0], amount]), ...talents.slice(1).map((talent) => [talent, 20])];
    for (const [i, [talent, amount]] of awards.entries()) {
      await sql(`insert into award (program, amount, year, status, matter, recipient_kind, talent_id) values (?, ?, 2031, 'APPROVED', ?, 'TALENT', ?)`, [program, amount, `test:dominance:${i}`, talent]);
    }
    const QUERY = `{ awardDistribution(by: [PROGRAM, YEAR]) { buckets { keys { value } count amount } } }`;
    const cellOf = (result: any) => result.data.awardDistribution.buckets.find((b: any) => b.keys[0].value === program && b.keys[1].value === '2031');
    expect(cellOf(await hub.gql(QUERY, {}, ANALYST))).toMatchObject({ count: 8, amount: '400.00' });
    const shown = cellOf(await hub.gql(QUERY, {}, DASHBOARD));
    expect(shown.count).toBeGreaterThanOrEqual(hub.config.disclosure.threshold);
    expect(shown.amount).toBeNull();
  });
});

describe('record keys', () => {
  it('every talent, award and platform has one, drawn at random by the database, whatever inserted the row', async () => {
    for (const table of ['talent', 'award', 'platform']) {
      const [row] = await sql<{ rows: number; keyed: number; distinct: number; low: number; high: number }>(
        `select count(*)::int as rows, count(record_key)::int as keyed, count(distinct record_key)::int as distinct,
           count(*) filter (where record_key < 1073741824)::int as low, count(*) filter (where record_key >= 1073741824)::int as high from ${table}`,
      );
      expect(row.keyed).toBe(row.rows);
      // 2^31 possible keys: a handful of collisions at most, and both halves of the range used.
      expect(row.distinct).toBeGreaterThan(row.rows - 3);
      expect(Math.min(row.low, row.high)).toBeGreaterThan(row.rows / 3);
    }
    const [employer] = await sql<{ id: number }>(`select id from organization where archived_at is null order by id limit 1`);
    const created = await hub.gql(
      `mutation($input: CreateTalentInput!) { createTalent(input: $input) { talent { id } errors { code } } }`,
      { input: { name: '钥匙测试', idNumber: '110117199001011238', phone: '13800000000', education: 'MASTER', professionalTitle: 'INTERMEDIATE', talentType: 'PROFESSIONAL_TECHNICAL', industry: 'OTHER', engagement: 'FULL_TIME', overseasExperience: false, introducedAt: '2024-05-01', organizationId: String(employer.id) } },
      { as: 'ADMIN' },
    );
    const id = created.data?.createTalent.talent?.id;
    expect(id).toBeDefined();
    const [{ record_key }] = await sql<{ record_key: number | null }>(`select record_key from talent where id = ?`, [Number(id)]);
    expect(record_key).toEqual(expect.any(Number));
  });

  it('never changes, and no GraphQL type carries it', async () => {
    await expect(sql(`update talent set record_key = record_key + 1 where id = (select min(id) from talent)`)).rejects.toThrow(/record_key never changes/);
    const types = await hub.gql(`{ __schema { types { fields { name } } } }`, {}, { as: 'ADMIN' });
    const fields = types.data!.__schema.types.flatMap((t: { fields: { name: string }[] | null }) => (t.fields ?? []).map((f) => f.name));
    expect(fields.some((name: string) => /recordKey|record_key|keySum/i.test(name))).toBe(false);
  });
});

describe('one record set, one published value', () => {
  it('for random filters: a cross-tab cell, a bucket under either filter, a layout region', async () => {
    const random = seededRandom(11);
    const towns = [...(await expected('o.town_code')).keys()];
    const axes = [
      { dimension: 'EDUCATION', filter: 'educations', values: ['BACHELOR', 'MASTER', 'JUNIOR_COLLEGE', 'DOCTORATE'] },
      { dimension: 'GENDER', filter: 'genders', values: ['MALE', 'FEMALE'] },
      { dimension: 'ORG_KIND', filter: 'orgKinds', values: ['ENTERPRISE', 'GOVERNMENT', 'SCHOOL', 'INSTITUTE', 'VILLAGE'] },
    ];
    const bases = [{}, { hasTier: false }, { overseasExperience: false }, { engagements: ['FULL_TIME'] }, { introducedFrom: '2015-01-01' }];
    let compared = 0;
    for (let round = 0; round < 12; round++) {
      const axis = axes[Math.floor(random() * axes.length)];
      const base = bases[Math.floor(random() * bases.length)];
      const [town, value] = [towns[Math.floor(random() * towns.length)], axis.values[Math.floor(random() * axis.values.length)]];
      const ask = async (by: string[], filter: Record<string, unknown>) => (await hub.gql(DISTRIBUTION, { by, filter }, DASHBOARD)).data!.talentDistribution;
      const crossTab = await ask(['TOWN', axis.dimension], base);
      const byAxis = await ask([axis.dimension], { ...base, townCodes: [town] });
      const byTown = await ask(['TOWN'], { ...base, [axis.filter]: [value] });
      const layout = (await hub.gql(`query($filter: TalentFilter) { talentLayout(level: TOWN, filter: $filter) { region { code } count } }`, { filter: { ...base, [axis.filter]: [value] } }, DASHBOARD)).data!.talentLayout;
      const forms = [
        crossTab.total === null ? null : (listed(crossTab.buckets).get(`${town}/${value}`) ?? 0),
        byAxis.total === null ? null : (listed(byAxis.buckets).get(value) ?? 0),
        byTown.total === null ? null : (listed(byTown.buckets).get(town) ?? 0),
        layout.find((r: any) => r.region.code === town).count,
      ].filter((n) => n !== null);
      if (forms.length < 2) continue;
      compared++;
      expect({ round, town, value, base, forms: new Set(forms).size }).toEqual({ round, town, value, base, forms: 1 });
    }
    expect(compared).toBeGreaterThanOrEqual(8);
  });
});
