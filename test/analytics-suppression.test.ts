import Redis from 'ioredis';
import { Client } from 'pg';
import { createTestApp, type TestApp } from './helpers/app';
import { createScratchDatabase, type ScratchDatabase } from './helpers/database';

/**
 * Disclosure control and cache invalidation on a register crafted for them, in a database of
 * its own. Talents per town and tier (k = 5):
 *
 *            STRATEGIC  LEADING  YOUTH  NONE
 *   滨河街道        2        10      12     30
 *   兴谷街道        0         8      15     40
 *   渔阳地区        0         9      11     50
 *
 * The two strategic talents of 滨河街道 are the only ones in the district: their cell, their
 * tier's total, and everything that would give them back must be withheld.
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

async function distribution(app: TestApp, by: string[], filter?: unknown): Promise<{ total: number | null; buckets: Bucket[] }> {
  const result = await app.gql(DISTRIBUTION, { by, filter });
  expect(result.errors).toBeUndefined();
  return result.data!.talentDistribution;
}

/**
 * Every value the hidden cell (town, tier) can take in some table of non-negative integers that
 * agrees with every number published for this filter: the cross-tab's visible cells, the
 * visible town and tier totals (the one-dimension distributions), the grand total.
 */
function feasibleValues(
  cells: Bucket[],
  towns: Map<string, Bucket>,
  tiers: Map<string, Bucket>,
  total: number,
  target: [string, string],
): Set<number> {
  const hidden = cells.filter((c) => c.suppressed).map((c) => [c.keys[0].value, c.keys[1].value] as [string, string]);
  const known = (axis: number, value: string) =>
    cells.filter((c) => !c.suppressed && c.keys[axis].value === value).reduce((s, c) => s + c.count!, 0);
  // Each line with a visible margin must add up; the hidden margins of an axis add up to the total minus the visible ones.
  const lines: { members: number[]; sum: number }[] = [];
  for (const [axis, margins] of [[0, towns], [1, tiers]] as const) {
    const hiddenMargins: string[] = [];
    let visibleSum = 0;
    for (const [value, margin] of margins) {
      if (margin.suppressed) hiddenMargins.push(value);
      else {
        visibleSum += margin.count!;
        lines.push({ members: hidden.flatMap((h, i) => (h[axis] === value ? [i] : [])), sum: margin.count! - known(axis, value) });
      }
    }
    const inHidden = hidden.flatMap((h, i) => (hiddenMargins.includes(h[axis]) ? [i] : []));
    const knownInHidden = hiddenMargins.reduce((s, v) => s + known(axis, v), 0);
    lines.push({ members: inHidden, sum: total - visibleSum - knownInHidden });
  }
  const values = new Set<number>();
  const assignment: number[] = [];
  const index = hidden.findIndex((h) => h[0] === target[0] && h[1] === target[1]);
  const search = (i: number): void => {
    for (const line of lines) {
      const assigned = line.members.filter((m) => m < i);
      const partial = assigned.reduce((s, m) => s + assignment[m], 0);
      if (partial > line.sum || (assigned.length === line.members.length && partial !== line.sum)) return;
    }
    if (i === hidden.length) {
      values.add(assignment[index]);
      return;
    }
    const bound = Math.min(total, ...lines.filter((l) => l.members.includes(i)).map((l) => l.sum));
    for (let v = 0; v <= bound; v++) {
      assignment[i] = v;
      search(i + 1);
    }
  };
  search(0);
  return values;
}

describe('suppression on a crafted register', () => {
  it('hides the cell of 2, a second cell in its row and column, and leaves nothing that gives the 2 back', async () => {
    const crossTab = await distribution(hub, ['TOWN', 'TIER']);
    expect(crossTab.total).toBe(TOTAL);
    const cell = (town: string, tier: string) => crossTab.buckets.find((b) => b.keys[0].value === town && b.keys[1].value === tier)!;
    expect(cell(A, 'STRATEGIC')).toMatchObject({ count: null, share: null, suppressed: true });
    const row = crossTab.buckets.filter((b) => b.keys[0].value === A && b.keys[1].value !== 'STRATEGIC');
    expect(row.filter((b) => b.suppressed).length).toBeGreaterThanOrEqual(1);
    for (const bucket of crossTab.buckets) if (!bucket.suppressed) expect(bucket.count).toBeGreaterThanOrEqual(5);

    // The same filter, one dimension at a time: the row and column totals a reader also has.
    const byTown = await distribution(hub, ['TOWN']);
    const byTier = await distribution(hub, ['TIER']);
    const towns = new Map(byTown.buckets.map((b) => [b.keys[0].value, b]));
    const tiers = new Map(byTier.buckets.map((b) => [b.keys[0].value, b]));
    expect(tiers.get('STRATEGIC')).toMatchObject({ count: null, suppressed: true });
    expect(byTier.buckets.filter((b) => b.suppressed).length).toBeGreaterThanOrEqual(2);

    const possible = feasibleValues(crossTab.buckets, towns, tiers, TOTAL, [A, 'STRATEGIC']);
    expect(possible.has(2)).toBe(true);
    expect(possible.size).toBeGreaterThan(1);
    // Even "nobody" is consistent with what was published.
    expect(possible.has(0)).toBe(true);
  });

  it('a filtered total of 1 to k−1 is itself withheld, and so is every share that would give it back', async () => {
    const narrow = await distribution(hub, ['TOWN'], { tiers: ['STRATEGIC'] });
    expect(narrow.total).toBeNull();
    expect(narrow.buckets).toEqual([{ keys: [{ value: A }], count: null, share: null, suppressed: true }]);
    const layout = await hub.gql(`{ talentLayout(level: TOWN, filter: { tiers: [STRATEGIC] }) { region { code } count suppressed } }`);
    expect(layout.data!.talentLayout).toEqual([
      { region: { code: A }, count: null, suppressed: true },
      { region: { code: B }, count: 0, suppressed: false },
      { region: { code: C }, count: 0, suppressed: false },
    ]);
  });

  it('a trend withholds the cumulative counts that would give a hidden year back', async () => {
    await insertTalents(hub, 2, 'NONE', 3);
    const trend = await hub.gql(`{ talentTrend(from: 2021, to: 2023, filter: { townCodes: ["${B}"] }) { year count cumulative suppressed } }`);
    // 兴谷街道: 63 talents introduced in 2022 … and 3 more in 2022 too (same date); nothing else.
    expect(trend.data!.talentTrend).toEqual([
      { year: 2021, count: 0, cumulative: 0, suppressed: false },
      { year: 2022, count: 66, cumulative: 66, suppressed: false },
      { year: 2023, count: 0, cumulative: 66, suppressed: false },
    ]);
    await hub.orm.em.getConnection().execute(`update talent set introduced_at = '2021-03-01' where id in (select id from talent where organization_id = 2 order by id desc limit 3)`);
    const after = await hub.gql(`{ talentTrend(from: 2021, to: 2023, filter: { townCodes: ["${B}"] }) { year count cumulative suppressed } }`);
    const [y2021, y2022, y2023] = after.data!.talentTrend;
    expect(y2021).toMatchObject({ count: null, suppressed: true, cumulative: null });
    // 2022 is hidden with it (2022 = total − 2021), and the cumulative of 2022 is the total again.
    expect(y2022).toMatchObject({ count: null, suppressed: true, cumulative: 66 });
    expect(y2023).toMatchObject({ count: 0, cumulative: 66 });
    await hub.orm.em.getConnection().execute(`delete from talent where organization_id = 2 and introduced_at = '2021-03-01'`);
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
    const [{ differences }] = await execute(`
      with expected as (
        select o.town_code, o.kind as org_kind, t.tier, t.talent_type, t.education, t.professional_title, t.industry,
          t.engagement, t.gender, t.overseas_experience, count(*)::int as n
        from talent t join organization o on o.id = t.organization_id group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
      actual as (
        select town_code, org_kind, tier, talent_type, education, professional_title, industry, engagement, gender, overseas_experience, n
        from analytics_talent_profile where n <> 0)
      select count(*)::int as differences from ((select * from expected except select * from actual) union all (select * from actual except select * from expected)) d`);
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
            select o.town_code, o.kind as org_kind, t.tier, t.birth_year, extract(year from t.introduced_at)::smallint as introduced_year, count(*)::int as n
            from talent t join organization o on o.id = t.organization_id group by 1, 2, 3, 4, 5),
          actual as (select town_code, org_kind, tier, birth_year, introduced_year, n from analytics_talent_timeline where n <> 0)
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

  it('through Redis, shared by two API replicas: a hit on the second, a miss after a write', async () => {
    const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/7';
    const probe = new Redis(url, { lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0, retryStrategy: () => null });
    const available = await probe.connect().then(
      () => true,
      () => false,
    );
    probe.disconnect();
    if (!available) {
      console.warn(`Redis at ${url} is not reachable: the shared-cache case is not exercised`);
      return;
    }
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
