import { createAnalyticsShared } from '../src/modules/analytics/analytics.factory';
import { OVERSEAS_LABELS, TALENT_DIMENSIONS } from '../src/modules/analytics/analytics.dimensions';
import { DistributionDimension } from '../src/modules/analytics/analytics.enums';
import { createAnalyticsLoaders } from '../src/modules/analytics/analytics.loaders';
import { AnalyticsService, type Visibility } from '../src/modules/analytics/analytics.service';
import { AgeBand, Education, Engagement, Gender, ProfessionalTitle, TalentTier, TalentType } from '../src/modules/talent/talent.enums';
import { Industry, OrgKind } from '../src/modules/organization/organization.enums';
import type { TalentCriteria } from '../src/modules/talent/talent.filter';
import { createLogger } from '../src/shared/logger';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createTestApp, type TestApp } from './helpers/app';
import { seededRandom } from './helpers/geo';
import { contractOperations } from './helpers/operations';

const dashboard = contractOperations('dashboard.graphql');
const UNSUPPRESSED: Visibility = { canReadRecords: true };
const ANALYST = { as: 'ANALYST' } as const;
const ACTIVE_TALENTS = 'select count(*)::int as count from active_talent';

let hub: TestApp;
beforeAll(async () => {
  hub = await createTestApp();
});
afterAll(() => hub.close());

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => hub.orm.em.getConnection().execute<T[]>(text, params);

/** The service itself, without a cache, on a fresh EntityManager (exact for UNSUPPRESSED). */
function directService(): AnalyticsService {
  const em = hub.orm.em.fork() as EntityManager;
  return new AnalyticsService({
    em,
    loaders: createAnalyticsLoaders(em),
    shared: createAnalyticsShared({ analyticsCacheSize: 0, disclosure: hub.config.disclosure }, createLogger('silent'), null),
    disclosure: hub.config.disclosure,
  });
}

const TOTAL_COUNT = `query Count($filter: TalentFilter) { talents(filter: $filter, first: 1) { totalCount } }`;

const DISTRIBUTION = `query Distribution($by: [DistributionDimension!]!, $filter: TalentFilter, $includeEmpty: Boolean) {
  talentDistribution(by: $by, filter: $filter, includeEmpty: $includeEmpty) {
    total buckets { keys { dimension value label } count share suppressed }
  }
}`;

interface Bucket {
  keys: { dimension: string; value: string; label: string }[];
  count: number | null;
  share: number | null;
  suppressed: boolean;
}

describe('dashboard contract (dashboard.graphql)', () => {
  const variables: Record<string, Record<string, unknown>> = {
    TownTierCrossTab: { filter: { orgKinds: ['ENTERPRISE', 'INSTITUTE'] } },
    StructureOverview: { filter: { hasTier: true } },
    TalentLayout: { coordSystem: 'GCJ02' },
    TalentLayoutGeoJSON: { filter: { educations: ['DOCTORATE', 'MASTER'] } },
    IntroductionTrend: { filter: { overseasExperience: true } },
    FundingOverview: { filter: { yearFrom: 2020 } },
  };

  it.each([...dashboard.keys()])('%s runs without errors on seeded data', async (name) => {
    const result = await hub.gql(dashboard.get(name)!, variables[name] ?? {});
    expect(result.errors).toBeUndefined();
    expect(result.data).toBeTruthy();
  });

  it.each([...dashboard.keys()])('%s also runs with no variables', async (name) => {
    const result = await hub.gql(dashboard.get(name)!);
    expect(result.errors).toBeUndefined();
  });

  it('the headline chart counts every talent, by 政企校院村 in that order, labelled', async () => {
    const result = await hub.gql(dashboard.get('DistributionByOrgKind')!, {}, ANALYST);
    const { total, buckets } = result.data!.talentDistribution;
    const [{ count }] = await sql<{ count: number }>(ACTIVE_TALENTS);
    expect(total).toBe(count);
    expect(buckets.map((b: Bucket) => b.keys[0].label)).toEqual(['政', '企', '校', '院', '村']);
    expect(buckets.reduce((sum: number, b: Bucket) => sum + (b.count ?? 0), 0)).toBe(count);
    expect(buckets.reduce((sum: number, b: Bucket) => sum + b.share!, 0)).toBeCloseTo(1, 10);
  });
});

/** A random filter over every criterion, including those only the base tables can answer. */
function randomCriteria(random: () => number, towns: string[], organizationIds: number[]): TalentCriteria {
  const some = <T>(values: readonly T[]): T[] => values.filter(() => random() < 0.4);
  const maybe = <T>(make: () => T): T | undefined => (random() < 0.3 ? make() : undefined);
  const date = (year: number, aligned: 'first' | 'last') =>
    random() < 0.5 ? `${year}-${aligned === 'first' ? '01-01' : '12-31'}` : `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-15`;
  return {
    tiers: maybe(() => some(Object.values(TalentTier))),
    hasTier: maybe(() => random() < 0.5),
    talentTypes: maybe(() => some(Object.values(TalentType))),
    educations: maybe(() => some(Object.values(Education))),
    professionalTitles: maybe(() => some(Object.values(ProfessionalTitle))),
    industries: maybe(() => some(Object.values(Industry))),
    engagements: maybe(() => some(Object.values(Engagement))),
    genders: maybe(() => some(Object.values(Gender))),
    ageBands: maybe(() => some(Object.values(AgeBand))),
    overseasExperience: maybe(() => random() < 0.5),
    orgKinds: maybe(() => some(Object.values(OrgKind))),
    townCodes: maybe(() => some(towns)),
    organizationIds: random() < 0.1 ? organizationIds.filter(() => random() < 0.2) : undefined,
    introducedFrom: maybe(() => date(2012 + Math.floor(random() * 8), 'first')),
    introducedTo: maybe(() => date(2018 + Math.floor(random() * 8), 'last')),
    nameContains: random() < 0.1 ? '王' : undefined,
  };
}

/** The same criteria as the GraphQL TalentFilter (ids as strings). */
const asFilter = (c: TalentCriteria) => ({ ...c, organizationIds: c.organizationIds?.map(String) });

describe('totals agree with talents.totalCount', () => {
  it('for random filters and every single dimension, unsuppressed buckets sum to total = talents.totalCount', async () => {
    const towns = (await sql<{ code: string }>(`select code from region where level = 'TOWN' order by code`)).map((r) => r.code);
    const organizationIds = (await sql<{ id: number }>('select id from organization order by id limit 200')).map((r) => r.id);
    const random = seededRandom(20261124);
    const sources = new Set<string>();
    for (let round = 0; round < 16; round++) {
      // The first round unfiltered: what the core rollup answers.
      const criteria = round === 0 ? {} : randomCriteria(random, towns, organizationIds);
      const counted = await hub.gql(TOTAL_COUNT, { filter: asFilter(criteria) }, { as: 'ANALYST' });
      expect(counted.errors).toBeUndefined();
      const totalCount = counted.data!.talents.totalCount;
      const service = directService();
      for (const dimension of Object.values(DistributionDimension)) {
        const result = await service.talentDistribution([dimension], criteria, {}, UNSUPPRESSED);
        sources.add(result.source);
        const sum = result.buckets.reduce((s, b) => s + b.count!, 0);
        expect({ round, dimension, criteria, total: result.total, sum }).toEqual({ round, dimension, criteria, total: totalCount, sum: totalCount });
        expect(result.buckets.every((b) => !b.suppressed)).toBe(true);
      }
    }
    // The random filters exercised the rollups and the base tables alike.
    expect([...sources].sort()).toEqual(['active_talent', 'analytics_talent_core', 'analytics_talent_profile', 'analytics_talent_timeline']);
  });

  it('two-dimension tables sum to the same total and are answered from a rollup when they can be', async () => {
    const service = directService();
    const [{ count }] = await sql<{ count: number }>(ACTIVE_TALENTS);
    const crossTab = await service.talentDistribution([DistributionDimension.TOWN, DistributionDimension.TIER], null, {}, UNSUPPRESSED);
    expect(crossTab.total).toBe(count);
    expect(crossTab.buckets.reduce((s, b) => s + b.count!, 0)).toBe(count);
    expect(crossTab.source).toBe('analytics_talent_core');
    const byAge = await service.talentDistribution([DistributionDimension.TOWN, DistributionDimension.AGE_BAND], null, {}, UNSUPPRESSED);
    expect(byAge.source).toBe('analytics_talent_timeline');
    const byName = await service.talentDistribution([DistributionDimension.TOWN, DistributionDimension.TIER], { nameContains: '王' }, {}, UNSUPPRESSED);
    expect(byName.source).toBe('active_talent');
  });

  it('the core rollup equals a recount of the active register, counts and key sums', async () => {
    const [{ differences }] = await sql<{ differences: number }>(`
      with expected as (select town_code, org_kind, tier, count(*)::int as n, sum(record_key)::bigint as key_sum from active_talent group by 1, 2, 3)
      select count(*)::int as differences from (
        (select * from expected except select town_code, org_kind, tier, n, key_sum from analytics_talent_core where n <> 0)
        union all
        (select town_code, org_kind, tier, n, key_sum from analytics_talent_core where n <> 0 except select * from expected)) d`);
    expect(differences).toBe(0);
  });

  it('the rollups equal a recount of the active register, counts and key sums', async () => {
    const [{ differences }] = await sql<{ differences: number }>(`
      with expected as (
        select town_code, org_kind, tier, birth_year, introduced_year::smallint, count(*)::int as n, sum(record_key)::bigint as key_sum
        from active_talent group by 1, 2, 3, 4, 5)
      select count(*)::int as differences from (
        (select * from expected except select town_code, org_kind, tier, birth_year, introduced_year, n, key_sum from analytics_talent_timeline where n <> 0)
        union all
        (select town_code, org_kind, tier, birth_year, introduced_year, n, key_sum from analytics_talent_timeline where n <> 0 except select * from expected)) d`);
    expect(differences).toBe(0);
  });
});

describe('buckets', () => {
  it('talents outside every tier have their own, clearly labelled bucket, listed last', async () => {
    const result = await hub.gql(DISTRIBUTION, { by: ['TIER'] }, ANALYST);
    const buckets: Bucket[] = result.data!.talentDistribution.buckets;
    const none = buckets.at(-1)!;
    expect(none.keys[0]).toEqual({ dimension: 'TIER', value: 'NONE', label: '未入选层次' });
    const [{ count }] = await sql<{ count: number }>('select count(*)::int as count from active_talent where tier is null');
    expect(none.count).toBe(count);
  });

  it('includeEmpty lists every combination, in display order', async () => {
    const result = await hub.gql(DISTRIBUTION, { by: ['TIER', 'ORG_KIND'], filter: { educations: ['DOCTORATE'] }, includeEmpty: true });
    const buckets: Bucket[] = result.data!.talentDistribution.buckets;
    const tiers = [...Object.values(TalentTier), 'NONE'];
    const kinds = Object.values(OrgKind);
    expect(buckets.map((b) => b.keys.map((k) => k.value))).toEqual(tiers.flatMap((tier) => kinds.map((kind) => [tier, kind])));
    expect(buckets.some((b) => b.count === 0 && b.share === 0 && !b.suppressed)).toBe(true);
    const sparse = await hub.gql(DISTRIBUTION, { by: ['TIER', 'ORG_KIND'], filter: { educations: ['DOCTORATE'] } });
    expect(sparse.data!.talentDistribution.buckets.every((b: Bucket) => b.count !== 0)).toBe(true);
  });

  it('labels come from the label tables and the region names; towns include every town with includeEmpty', async () => {
    const overseas = await hub.gql(DISTRIBUTION, { by: ['OVERSEAS'], includeEmpty: true });
    expect(overseas.data!.talentDistribution.buckets.map((b: Bucket) => b.keys[0])).toEqual([
      { dimension: 'OVERSEAS', value: 'true', label: OVERSEAS_LABELS.true },
      { dimension: 'OVERSEAS', value: 'false', label: OVERSEAS_LABELS.false },
    ]);
    const towns = await sql<{ code: string; name: string }>(`select code, name from region where level = 'TOWN' order by code`);
    const byTown = await hub.gql(DISTRIBUTION, { by: ['TOWN'], includeEmpty: true });
    expect(byTown.data!.talentDistribution.buckets.map((b: Bucket) => [b.keys[0].value, b.keys[0].label])).toEqual(towns.map((t) => [t.code, t.name]));
    const years = await hub.gql(DISTRIBUTION, { by: ['INTRODUCED_YEAR'] });
    const labels = years.data!.talentDistribution.buckets.map((b: Bucket) => b.keys[0].label);
    expect(labels[0]).toMatch(/^\d{4}年$/);
  });

  it('the published values do not depend on the order of `by`', async () => {
    const a = (await hub.gql(DISTRIBUTION, { by: ['TOWN', 'TIER'], filter: { hasTier: true } })).data!.talentDistribution;
    const b = (await hub.gql(DISTRIBUTION, { by: ['TIER', 'TOWN'], filter: { hasTier: true } })).data!.talentDistribution;
    const cells = (buckets: Bucket[], town: number) => Object.fromEntries(buckets.map((x) => [`${x.keys[town].value}/${x.keys[1 - town].value}`, x.count]));
    expect(cells(b.buckets, 1)).toEqual(cells(a.buckets, 0));
    expect(a.total).toBe(b.total);
  });
});

describe('disclosure control on seeded data', () => {
  it('a dashboard sees no count in 1..k−1, each within D of the exact one, and exact ones only where they are', async () => {
    const { threshold: k, maxNoise: D } = hub.config.disclosure;
    const filter = { orgKinds: ['INSTITUTE'], hasTier: true };
    const published = (await hub.gql(DISTRIBUTION, { by: ['TOWN', 'TIER'], filter, includeEmpty: true }, { as: 'DASHBOARD' })).data!.talentDistribution;
    const exact = (await hub.gql(DISTRIBUTION, { by: ['TOWN', 'TIER'], filter, includeEmpty: true }, ANALYST)).data!.talentDistribution;
    expect(published.buckets.map((b: Bucket) => b.keys)).toEqual(exact.buckets.map((b: Bucket) => b.keys));
    expect(exact.buckets.some((b: Bucket) => b.count! > 0 && b.count! < k)).toBe(true);
    let moved = 0;
    published.buckets.forEach((b: Bucket, i: number) => {
      expect(b.count! === 0 || b.count! >= k).toBe(true);
      expect(Math.abs(b.count! - exact.buckets[i].count)).toBeLessThanOrEqual(D);
      if (b.count !== exact.buckets[i].count) moved++;
    });
    expect(moved).toBeGreaterThan(0);
    expect(Math.abs(published.total - exact.total)).toBeLessThanOrEqual(D);
  });
});

describe('layout', () => {
  const LAYOUT = `query Layout($level: LayoutLevel!, $filter: TalentFilter, $coordSystem: CoordSystem) {
    talentLayout(level: $level, filter: $filter, coordSystem: $coordSystem) {
      region { code name level kind centroid { latitude longitude } } count suppressed
    }
  }`;

  it('lists every region of the level with its count; the centroid is in the requested system', async () => {
    const wgs = (await hub.gql(LAYOUT, { level: 'TOWN' }, ANALYST)).data!.talentLayout;
    const gcj = (await hub.gql(LAYOUT, { level: 'TOWN', coordSystem: 'GCJ02' }, ANALYST)).data!.talentLayout;
    const towns = await sql<{ code: string; latitude: number; longitude: number }>(`select code, latitude, longitude from region where level = 'TOWN' order by code`);
    expect(wgs.map((r: any) => r.region.code)).toEqual(towns.map((t) => t.code));
    expect(wgs[0].region.centroid).toEqual({ latitude: towns[0].latitude, longitude: towns[0].longitude });
    for (let i = 0; i < towns.length; i++) {
      // GCJ-02 shifts Pinggu by a few hundred metres, east and north.
      expect(gcj[i].region.centroid.longitude - towns[i].longitude).toBeGreaterThan(0.001);
      expect(gcj[i].region.centroid.longitude - towns[i].longitude).toBeLessThan(0.02);
      expect(gcj[i].count).toBe(wgs[i].count);
    }
    const [{ count }] = await sql<{ count: number }>(ACTIVE_TALENTS);
    expect(wgs.reduce((s: number, r: any) => s + r.count, 0)).toBe(count);
  });

  it('the village level counts talents whose employer has a village', async () => {
    const villages = (await hub.gql(LAYOUT, { level: 'VILLAGE' })).data!.talentLayout;
    const [{ regions }] = await sql<{ regions: number }>(`select count(*)::int as regions from region where level = 'VILLAGE'`);
    expect(villages).toHaveLength(regions);
    expect(villages.every((v: any) => v.region.level === 'VILLAGE')).toBe(true);
    const rows = await directService().talentLayout('VILLAGE' as never, null, UNSUPPRESSED);
    const [{ count }] = await sql<{ count: number }>('select count(*)::int as count from active_talent where village_code is not null');
    expect(rows.reduce((s, r) => s + r.count!, 0)).toBe(count);
  });

  it('GeoJSON is an RFC 7946 FeatureCollection of Points, [longitude, latitude], inside the district', async () => {
    const result = await hub.gql(dashboard.get('TalentLayoutGeoJSON')!);
    const geojson = result.data!.talentLayoutGeoJSON;
    expect(geojson.type).toBe('FeatureCollection');
    expect(geojson.coordSystem).toBe('GCJ02');
    expect(geojson.features.length).toBeGreaterThan(10);
    for (const feature of geojson.features) {
      expect(feature.type).toBe('Feature');
      expect(feature.geometry.type).toBe('Point');
      const [longitude, latitude] = feature.geometry.coordinates;
      expect(feature.geometry.coordinates).toHaveLength(2);
      expect(longitude).toBeGreaterThanOrEqual(116.8);
      expect(longitude).toBeLessThanOrEqual(117.5);
      expect(latitude).toBeGreaterThanOrEqual(39.9);
      expect(latitude).toBeLessThanOrEqual(40.5);
      expect(Object.keys(feature.properties).sort()).toEqual(['code', 'count', 'level', 'name', 'suppressed']);
      expect(feature.properties.code).toMatch(/^\d{12}$/);
      expect(feature.id).toBe(feature.properties.code);
    }
  });
});

describe('trend', () => {
  const TREND = `query Trend($from: Int!, $to: Int!, $by: DistributionDimension, $filter: TalentFilter) {
    talentTrend(from: $from, to: $to, by: $by, filter: $filter) {
      year count cumulative suppressed buckets { keys { dimension value label } count share suppressed }
    }
  }`;

  it('lists every year, with cumulative counts and every value of the split', async () => {
    const points = (await hub.gql(TREND, { from: 2016, to: 2025, by: 'TIER' }, ANALYST)).data!.talentTrend;
    expect(points.map((p: any) => p.year)).toEqual([2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025]);
    for (const p of points) expect(p.buckets.map((b: Bucket) => b.keys[0].value)).toEqual([...Object.values(TalentTier), 'NONE']);
    let running = 0;
    for (const p of points) {
      running += p.count;
      expect(p.cumulative).toBe(running);
    }
    const [{ count }] = await sql<{ count: number }>(`select count(*)::int as count from active_talent where introduced_at between '2016-01-01' and '2025-12-31'`);
    expect(running).toBe(count);
  });

  it('unsuppressed, each year’s split sums to the year', async () => {
    const points = await directService().talentTrend(2010, 2025, DistributionDimension.EDUCATION, { hasTier: true }, UNSUPPRESSED);
    for (const p of points) expect(p.buckets.reduce((s, b) => s + b.count!, 0)).toBe(p.count);
  });
});

describe('funding and platforms', () => {
  it('award counts and exact sums agree with the ledger', async () => {
    const result = await hub.gql(dashboard.get('FundingOverview')!, { filter: { recipientKinds: ['TALENT', 'ORGANIZATION'] } }, ANALYST);
    const { count, totalAmount, buckets } = result.data!.awardDistribution;
    const [expected] = await sql<{ count: number; amount: string }>(
      `select count(*)::int as count, sum(amount)::text as amount from award where recipient_kind in ('TALENT', 'ORGANIZATION')`,
    );
    expect(count).toBe(expected.count);
    expect(totalAmount).toBe(expected.amount);
    const cents = (text: string) => BigInt(text.replace('.', ''));
    expect(buckets.reduce((s: bigint, b: any) => s + cents(b.amount), 0n)).toBe(cents(totalAmount));
    expect(buckets.reduce((s: number, b: any) => s + b.count, 0)).toBe(count);
    const ledger = await hub.gql(`query { awards(filter: { recipientKinds: [TALENT, ORGANIZATION] }, first: 1) { totalCount } }`, {}, { as: 'ANALYST' });
    expect(ledger.data!.awards.totalCount).toBe(count);
    const none = await hub.gql(`{ awardDistribution(by: [PROGRAM], filter: { yearFrom: 2100 }) { count totalAmount buckets { count } } }`, {}, ANALYST);
    expect(none.data!.awardDistribution).toEqual({ count: 0, totalAmount: '0.00', buckets: [] });
  });

  it('platforms by type and level add up to platforms.totalCount', async () => {
    const result = await hub.gql(dashboard.get('PlatformOverview')!, {}, ANALYST);
    const { total, buckets } = result.data!.platformDistribution;
    const platforms = await hub.gql(`query { platforms(first: 1) { totalCount } }`, {}, { as: 'ANALYST' });
    expect(total).toBe(platforms.data!.platforms.totalCount);
    expect(buckets.reduce((s: number, b: any) => s + b.count, 0)).toBe(total);
    const byTown = await hub.gql(`query { platformDistribution(by: [TOWN]) { buckets { keys { value label } } } }`);
    expect(byTown.data!.platformDistribution.buckets[0].keys[0].label).toMatch(/街道|镇|乡|地区/);
  });
});

describe('arguments', () => {
  it.each([
    ['no dimension', `{ talentDistribution(by: []) { total } }`, /1 to 3 dimensions/],
    ['four dimensions', `{ talentDistribution(by: [TOWN, TIER, GENDER, EDUCATION]) { total } }`, /1 to 3 dimensions/],
    ['a repeated dimension', `{ talentDistribution(by: [TOWN, TOWN]) { total } }`, /TOWN more than once/],
    ['a trend backwards', `{ talentTrend(from: 2025, to: 2016) { year } }`, /must not be after/],
    ['a trend of a century', `{ talentTrend(from: 1950, to: 2049) { year } }`, /at most 50 years/],
    ['a trend by year', `{ talentTrend(from: 2016, to: 2025, by: INTRODUCED_YEAR) { year } }`, /another dimension/],
    ['awards by nothing', `{ awardDistribution(by: []) { count } }`, /1 to 3 dimensions/],
  ])('refuses %s with BAD_USER_INPUT', async (_name, query, message) => {
    const result = await hub.gql(query);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toMatch(message);
  });
});

describe('statements', () => {
  it('a distribution is one aggregate statement plus one version read, whatever its size; a repeat is the version read alone', async () => {
    const app = await createTestApp();
    try {
      for (const by of [['ORG_KIND'], ['TOWN', 'TIER'], ['TOWN', 'TIER', 'EDUCATION']]) {
        app.resetStatements();
        const first = await app.gql(DISTRIBUTION, { by, filter: { hasTier: true } });
        expect(first.errors).toBeUndefined();
        expect(app.statements.filter((s) => /analytics_data_version/.test(s))).toHaveLength(1);
        expect(app.statements).toHaveLength(2);
        app.resetStatements();
        const again = await app.gql(DISTRIBUTION, { by, filter: { hasTier: true } });
        expect(again.data).toEqual(first.data);
        expect(app.statements).toHaveLength(1);
      }
      // Five distributions in one operation share one version read.
      app.resetStatements();
      await app.gql(dashboard.get('StructureOverview')!, { filter: { genders: ['FEMALE'] } });
      expect(app.statements).toHaveLength(6);
    } finally {
      await app.close();
    }
  });

  it('with the cache off, a distribution is the aggregate statement alone', async () => {
    const app = await createTestApp({ env: { ANALYTICS_CACHE_SIZE: '0' } });
    try {
      app.resetStatements();
      await app.gql(DISTRIBUTION, { by: ['TOWN', 'TIER'] });
      expect(app.statements).toHaveLength(1);
      expect(app.statements[0]).toMatch(/group by d0, d1\b/);
    } finally {
      await app.close();
    }
  });

  it('no caller input becomes SQL text', () => {
    const compiled = directService().compileTalentDistribution(
      [DistributionDimension.AGE_BAND, DistributionDimension.TIER],
      { nameContains: "x' or 1=1 --", townCodes: ['110117001000'], introducedFrom: '2020-03-04' },
    );
    expect(compiled.sql).not.toMatch(/1=1|110117001000|2020-03-04|NONE|UNDER_35/);
    expect(compiled.params).toEqual(expect.arrayContaining(["%x' or 1=1 --%", ['110117001000'], '2020-03-04']));
    expect(Object.keys(TALENT_DIMENSIONS)).toHaveLength(13);
  });
});
