import { itWithRedis, testRedisUrl } from './helpers/redis';
import { Client } from 'pg';
import { createTestApp, type TestApp } from './helpers/app';
import { createScratchDatabase, type ScratchDatabase } from './helpers/database';

/**
 * Disclosure control and cache invalidation on a register crafted for them, in a database of
 * its own. Talents per town and tier (k = 5, D = 2):
 *
 *            STRATEGIC  LEADING  YOUTH  NONE
 *   滨河街道        2        10      12     30
 *   兴谷街道        0         8      15     40
 *   渔阳地区        0         9      11     50
 *
 * The two strategic talents of 滨河街道 are the only ones in the district: no dashboard may see
 * a 2, and no table of them alone.
 */
const A = '110117001000';
const B = '110117002000';
const C = '110117003000';
const CRAFTED: Record<string, Record<string, number>> = {
  [A]: { STRATEGIC: 2, LEADING: 10, YOUTH: 12, NONE: 30 },
  [B]: { LEADING: 8, YOUTH: 15, NONE: 40 },
  [C]: { LEADING: 9, YOUTH: 11, NONE: 50 },
};
const TOTAL = 187;

let scratch: ScratchDatabase;
let hub: TestApp;
let talentsInserted = 0;

async function insertTalents(hubApp: TestApp, organizationId: number, tier: string, count: number): Promise<void> {
  const offset = talentsInserted;
  talentsInserted += count;
  await hubApp.orm.em.getConnection().execute(
    // Personal columns hold well-formed placeholders: these tests count, they never decrypt.
    `insert into talent (name, id_number_cipher, id_number_hash, phone_cipher, phone_hash, birth_year, gender, education,
       professional_title, talent_type, tier, industry, engagement, overseas_experience, introduced_at, organization_id)
     select '测试' || n, 'v1:test', encode(sha256(convert_to('id' || n, 'UTF8')), 'hex'), 'v1:test',
       encode(sha256(convert_to('phone' || n, 'UTF8')), 'hex'), 1985, 'MALE', 'MASTER', 'INTERMEDIATE',
       'PROFESSIONAL_TECHNICAL', ?, 'OTHER', 'FULL_TIME', false, date '2022-06-01', ?
     from generate_series(1, ?) as i, lateral (select ? + i as n) as numbered`,
    [tier === 'NONE' ? null : tier, organizationId, count, offset],
  );
}

beforeAll(async () => {
  scratch = await createScratchDatabase('huigu_analytics');
  hub = await createTestApp({ databaseUrl: scratch.url });
  const execute = (text: string) => hub.orm.em.getConnection().execute(text);
  await execute(`insert into region (code, name, level, kind, parent_code, latitude, longitude) values
    ('110117000000', '平谷区', 'DISTRICT', '区', null, 40.1422, 117.1011),
    ('${A}', '滨河街道', 'TOWN', '街道', '110117000000', 40.1380, 117.1200),
    ('${B}', '兴谷街道', 'TOWN', '街道', '110117000000', 40.1490, 117.0930),
    ('${C}', '渔阳地区', 'TOWN', '地区(镇)', '110117000000', 40.1560, 117.1330)`);
  await execute(`insert into organization (id, name, kind, industry, town_code, address, latitude, longitude) values
    (1, '滨河科技', 'ENTERPRISE', 'OTHER', '${A}', '滨河', 40.138, 117.12),
    (2, '兴谷科技', 'ENTERPRISE', 'OTHER', '${B}', '兴谷', 40.149, 117.093),
    (3, '渔阳农业', 'ENTERPRISE', 'AGRI_TECH', '${C}', '渔阳', 40.156, 117.133)`);
  for (const [town, tiers] of Object.entries(CRAFTED)) {
    for (const [tier, count] of Object.entries(tiers)) await insertTalents(hub, [A, B, C].indexOf(town) + 1, tier, count);
  }
});

afterAll(async () => {
  await hub?.close();
  await scratch?.drop();
});

const DISTRIBUTION = `query Distribution($by: [DistributionDimension!]!, $filter: TalentFilter) {
  talentDistribution(by: $by, filter: $filter) { total buckets { keys { value } count share suppressed } }
}`;

interface Bucket {
  keys: { value: string }[];
  count: number | null;
  share: number | null;
  suppressed: boolean;
}

/** As ANALYST (exact) unless told otherwise. */
async function distribution(app: TestApp, by: string[], filter?: unknown, as: { as: 'ANALYST' | 'DASHBOARD' } = { as: 'ANALYST' }): Promise<{ total: number | null; buckets: Bucket[] }> {
  const result = await app.gql(DISTRIBUTION, { by, filter }, as);
  expect(result.errors).toBeUndefined();
  return result.data!.talentDistribution;
}

const LAYOUT = `query Layout($filter: TalentFilter) { talentLayout(level: TOWN, filter: $filter) { region { code } count suppressed } }`;

describe('perturbation on a crafted register', () => {
  const asDashboard = { as: 'DASHBOARD' } as const;

  it('a dashboard never sees 1..k−1: the 2 strategic talents publish as nothing, and every count moves by at most D', async () => {
    const { threshold: k, maxNoise: D } = hub.config.disclosure;
    const exact = await distribution(hub, ['TOWN', 'TIER']);
    const published = await distribution(hub, ['TOWN', 'TIER'], undefined, asDashboard);
    expect(exact.total).toBe(TOTAL);
    expect(Math.abs(published.total! - TOTAL)).toBeLessThanOrEqual(D);
    const exactCells = new Map(exact.buckets.map((b) => [`${b.keys[0].value}/${b.keys[1].value}`, b.count!]));
    // A true 2 publishes as 0 (with D = 2, k = 5): an empty cell, not listed.
    expect(published.buckets.find((b) => b.keys[0].value === A && b.keys[1].value === 'STRATEGIC')).toBeUndefined();
    for (const bucket of published.buckets) {
      expect(bucket.count! >= k).toBe(true);
      expect(Math.abs(bucket.count! - exactCells.get(`${bucket.keys[0].value}/${bucket.keys[1].value}`)!)).toBeLessThanOrEqual(D);
    }
  });

  it('the same records publish the same value however they are asked: a cell, a filtered bucket, a layout region', async () => {
    const crossTab = await distribution(hub, ['TOWN', 'TIER'], undefined, asDashboard);
    for (const [town, tier] of [[A, 'LEADING'], [B, 'YOUTH'], [C, 'NONE']]) {
      const cell = crossTab.buckets.find((b) => b.keys[0].value === town && b.keys[1].value === tier)!.count;
      const byTier = await distribution(hub, ['TIER'], { townCodes: [town] }, asDashboard);
      expect(byTier.buckets.find((b) => b.keys[0].value === tier)!.count).toBe(cell);
      if (tier !== 'NONE') {
        const byTown = await distribution(hub, ['TOWN'], { tiers: [tier] }, asDashboard);
        expect(byTown.buckets.find((b) => b.keys[0].value === town)!.count).toBe(cell);
        const layout = await hub.gql(LAYOUT, { filter: { tiers: [tier] } }, asDashboard);
        expect(layout.data!.talentLayout.find((r: { region: { code: string } }) => r.region.code === town).count).toBe(cell);
      }
    }
  });

  it('a table of fewer than the minimum population is withheld whole, zeros included; record readers still see it', async () => {
    const narrow = await distribution(hub, ['TOWN', 'GENDER'], { tiers: ['STRATEGIC'] }, asDashboard);
    expect(narrow).toEqual({ total: null, buckets: [] });
    const withEmpty = await hub.gql(`{ talentDistribution(by: [GENDER], filter: { tiers: [STRATEGIC] }, includeEmpty: true) { total buckets { count } disclosure { withheld method } } }`, {}, asDashboard);
    expect(withEmpty.data!.talentDistribution).toEqual({ total: null, buckets: [], disclosure: { withheld: true, method: 'CELL_KEY_PERTURBATION' } });
    const layout = await hub.gql(LAYOUT, { filter: { tiers: ['STRATEGIC'] } }, asDashboard);
    expect(layout.data!.talentLayout).toEqual([A, B, C].map((code) => ({ region: { code }, count: null, suppressed: true })));
    const exact = await distribution(hub, ['TOWN'], { tiers: ['STRATEGIC'] });
    expect(exact).toEqual({ total: 2, buckets: [{ keys: [{ value: A }], count: 2, share: 1, suppressed: false }] });
  });

  it('every response with an aggregate says how it was published, in extensions.disclosure', async () => {
    const dashboard = await hub.gql(`{ talentTrend(from: 2021, to: 2022) { year count } }`, {}, asDashboard);
    expect((dashboard as { extensions?: Record<string, any> }).extensions?.disclosure).toMatchObject({ method: 'CELL_KEY_PERTURBATION', exact: false, threshold: 5, maxNoise: 2 });
    const analyst = await hub.gql(`{ ... on Query { talentLayout(level: TOWN) { count } } }`, {}, { as: 'ANALYST' });
    expect((analyst as { extensions?: Record<string, any> }).extensions?.disclosure).toMatchObject({ method: 'EXACT', exact: true });
    const named = await hub.gql(`query { ...Layout } fragment Layout on Query { talentLayout(level: TOWN) { count } }`, {}, asDashboard);
    expect((named as { extensions?: Record<string, any> }).extensions?.disclosure).toMatchObject({ method: 'CELL_KEY_PERTURBATION', amountNoise: 0.02 });
    const regions = await hub.gql(`{ regions(level: TOWN) { code } }`, {}, asDashboard);
    expect((regions as { extensions?: Record<string, any> }).extensions?.disclosure).toBeUndefined();
  });

  it('a trend publishes each year and each cumulative count as counts of their own; a small window is withheld', async () => {
    const trend = await hub.gql(`{ talentTrend(from: 2021, to: 2023, filter: { townCodes: ["${B}"] }) { year count cumulative suppressed } }`, {}, asDashboard);
    const [y2021, y2022, y2023] = trend.data!.talentTrend;
    // 兴谷街道: 63 talents, all introduced in 2022.
    expect(y2021).toEqual({ year: 2021, count: 0, cumulative: 0, suppressed: false });
    expect(Math.abs(y2022.count - 63)).toBeLessThanOrEqual(hub.config.disclosure.maxNoise);
    // The same records (2022's, then 2021–2023's): the same published value.
    expect(y2022.cumulative).toBe(y2022.count);
    expect(y2023.cumulative).toBe(y2022.count);
    const small = await hub.gql(`{ talentTrend(from: 2021, to: 2023, filter: { tiers: [STRATEGIC] }) { year count cumulative suppressed } }`, {}, asDashboard);
    expect(small.data!.talentTrend.every((p: { count: unknown; cumulative: unknown; suppressed: boolean }) => p.count === null && p.cumulative === null && p.suppressed)).toBe(true);
  });
});

describe('a write invalidates the cache', () => {
  const NONE_TIER = async (app: TestApp) => (await distribution(app, ['TIER'])).buckets.find((b) => b.keys[0].value === 'NONE')!.count;

  it('in process: the next read after an insert sees the new count', async () => {
    const app = await createTestApp({ databaseUrl: scratch.url });
    try {
      const before = await NONE_TIER(app);
      app.resetStatements();
      expect(await NONE_TIER(app)).toBe(before);
      expect(app.statements).toHaveLength(1); // the version read: answered from the cache
      await insertTalents(app, 3, 'NONE', 1);
      expect(await NONE_TIER(app)).toBe(before! + 1);
    } finally {
      await app.close();
    }
  });

  it('an employer changing kind takes its talents along (the rollups follow)', async () => {
    const byKind = async () => (await distribution(hub, ['ORG_KIND'])).buckets.map((b) => [b.keys[0].value, b.count]);
    const before = await byKind();
    expect(before).toEqual([['ENTERPRISE', expect.any(Number)]]);
    await hub.orm.em.getConnection().execute(`update organization set kind = 'SCHOOL' where id = 3`);
    const [{ count }] = await hub.orm.em.getConnection().execute<{ count: number }[]>('select count(*)::int as count from talent where organization_id = 3');
    expect(await byKind()).toEqual([
      ['ENTERPRISE', (before[0][1] as number) - count],
      ['SCHOOL', count],
    ]);
    await hub.orm.em.getConnection().execute(`update organization set kind = 'ENTERPRISE' where id = 3`);
  });

  it('the rollups still equal a recount after inserts, updates, deletes and an employer moving', async () => {
    const execute = (text: string) => hub.orm.em.getConnection().execute<{ differences: number }[]>(text);
    await execute(`update talent set tier = 'YOUTH', birth_year = 1999 where id % 7 = 0`);
    await execute(`delete from talent where id % 11 = 0`);
    await execute(`update organization set town_code = '${C}' where id = 1`);
    await execute(`update talent set organization_id = 3 where id % 13 = 0 and organization_id <> 3`);
    const [{ differences }] = await execute(`
      with expected as (
        select o.town_code, o.kind as org_kind, t.tier, t.talent_type, t.education, t.professional_title, t.industry,
          t.engagement, t.gender, t.overseas_experience, count(*)::int as n, sum(t.record_key)::bigint as key_sum
        from talent t join organization o on o.id = t.organization_id group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
      actual as (
        select town_code, org_kind, tier, talent_type, education, professional_title, industry, engagement, gender, overseas_experience, n, key_sum
        from analytics_talent_profile where n <> 0),
      expected_core as (
        select o.town_code, o.kind as org_kind, t.tier, count(*)::int as n, sum(t.record_key)::bigint as key_sum
        from talent t join organization o on o.id = t.organization_id group by 1, 2, 3),
      actual_core as (select town_code, org_kind, tier, n, key_sum from analytics_talent_core where n <> 0)
      select count(*)::int as differences from (
        (select * from expected except select * from actual) union all (select * from actual except select * from expected)
        union all select null, null, null, null, null, null, null, null, null, null, null, null from (
          (select * from expected_core except select * from actual_core) union all (select * from actual_core except select * from expected_core)) c) d`);
    expect(differences).toBe(0);
    const total = await distribution(hub, ['TOWN']);
    expect(total.buckets.map((b) => b.keys[0].value)).toEqual([B, C]);
  });

  it('a transaction of many statements folds once at commit: savepoints and SET CONSTRAINTS … IMMEDIATE included', async () => {
    const client = new Client({ connectionString: scratch.url });
    await client.connect();
    try {
      const staged = async () => (await client.query('select count(*)::int as n from analytics_talent_delta')).rows[0].n;
      await client.query('begin');
      await client.query(`update talent set tier = 'SHORTAGE' where id % 5 = 0`);
      expect(await staged()).toBeGreaterThan(0); // waiting for commit
      await client.query('savepoint undone');
      await client.query(`update talent set tier = 'STRATEGIC' where id % 3 = 0`);
      await client.query('rollback to savepoint undone');
      await client.query('set constraints all immediate');
      expect(await staged()).toBe(0); // folded early, as asked
      await client.query(`update talent set education = 'DOCTORATE' where id % 4 = 0`);
      await client.query(`update organization set kind = 'INSTITUTE' where id = 2`);
      await client.query('commit');
      const [{ staged: left, pending, differences }] = (
        await client.query(`
          with expected as (
            select o.town_code, o.kind as org_kind, t.tier, t.birth_year, extract(year from t.introduced_at)::smallint as introduced_year, count(*)::int as n,
              sum(t.record_key)::bigint as key_sum
            from talent t join organization o on o.id = t.organization_id group by 1, 2, 3, 4, 5),
          actual as (select town_code, org_kind, tier, birth_year, introduced_year, n, key_sum from analytics_talent_timeline where n <> 0)
          select (select count(*)::int from analytics_talent_delta) as staged, (select count(*)::int from analytics_talent_pending) as pending,
            (select count(*)::int from ((select * from expected except select * from actual) union all (select * from actual except select * from expected)) d) as differences`)
      ).rows;
      expect({ left, pending, differences }).toEqual({ left: 0, pending: 0, differences: 0 });
    } finally {
      await client.end();
    }
  });

  it('a Redis that is down is a miss, not an error', async () => {
    const app = await createTestApp({ databaseUrl: scratch.url, env: { REDIS_URL: 'redis://127.0.0.1:1/0', LOG_LEVEL: 'silent' } });
    try {
      const [{ count }] = await app.orm.em.getConnection().execute<{ count: number }[]>(`select count(*)::int as count from talent where tier is null`);
      expect(await NONE_TIER(app)).toBe(count);
      expect(await NONE_TIER(app)).toBe(count);
    } finally {
      await app.close();
    }
  });

  itWithRedis('through Redis, shared by two API replicas: a hit on the second, a miss after a write', async () => {
    const url = testRedisUrl;
    const first = await createTestApp({ databaseUrl: scratch.url, env: { REDIS_URL: url } });
    const second = await createTestApp({ databaseUrl: scratch.url, env: { REDIS_URL: url } });
    try {
      const before = await NONE_TIER(first);
      second.resetStatements();
      expect(await NONE_TIER(second)).toBe(before);
      expect(second.statements).toHaveLength(1); // the version read; the aggregate came from Redis
      await insertTalents(first, 3, 'NONE', 1);
      second.resetStatements();
      expect(await NONE_TIER(second)).toBe(before! + 1);
      expect(second.statements).toHaveLength(2);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
