import { createHash, randomBytes } from 'node:crypto';
import { itWithRedis, testRedisUrl } from './helpers/redis';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import request from 'supertest';
import { CoordSystem, fromWgs84, toWgs84, type LatLng } from '../src/shared/geo';
import { ServiceCategory } from '../src/modules/service-map/service-map.enums';
import { GEOJSON_MAX_FEATURES } from '../src/modules/service-map/service-map.service';
import { toWgs84Box } from '../src/modules/service-map/service-map.inputs';
import {
  circleBounds,
  EARTH_RADIUS_METERS,
  nearbyCountQuery,
  nearbyPageQuery,
  pointsPageQuery,
  type SqlQuery,
} from '../src/modules/service-map/service-map.queries';
import { insertSyntheticServicePoints } from '../bench/service-map';
import { createTestApp, type GraphQLResponse, type TestApp } from './helpers/app';
import { createScratchDatabase, type ScratchDatabase } from './helpers/database';
import { haversineMeters, seededRandom } from './helpers/geo';
import { contractOperations } from './helpers/operations';

/** The mobile app's operations, from the contract's copy in test/operations (tests never read ../shared). */
const MOBILE = Object.fromEntries(contractOperations('mobile.graphql')) as Record<'NearbyServices' | 'ServicePointsInView' | 'ServicePointDetail' | 'ServiceCategories' | 'ServiceMapGeoJSON', string>;

/** A general nearby query for the property tests. */
const NEARBY = `query Nearby($near: NearInput!, $categories: [ServiceCategory!], $subcategories: [String!], $townCodes: [String!],
    $search: String, $coordSystem: CoordSystem! = WGS84, $first: Int, $after: String) {
  servicePoints(near: $near, categories: $categories, subcategories: $subcategories, townCodes: $townCodes, search: $search,
      coordSystem: $coordSystem, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor distanceMeters node { id category location { latitude longitude } } }
  }
}`;

const LIST = `query List($within: BoundingBoxInput, $categories: [ServiceCategory!], $subcategories: [String!], $townCodes: [String!],
    $search: String, $coordSystem: CoordSystem! = WGS84, $first: Int, $after: String) {
  servicePoints(within: $within, categories: $categories, subcategories: $subcategories, townCodes: $townCodes, search: $search,
      coordSystem: $coordSystem, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor distanceMeters node { id name address category subcategory town { code } location { latitude longitude } } }
  }
}`;

interface Edge {
  cursor: string;
  distanceMeters: number | null;
  node: { id: string; name?: string; address?: string; category: string; subcategory?: string; town?: { code: string }; location: LatLng };
}
interface ConnectionData {
  servicePoints: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Edge[] };
}

interface StoredPoint {
  id: number;
  name: string;
  address: string;
  category: string;
  subcategory: string;
  townCode: string;
  latitude: number;
  longitude: number;
}

const DISTRICT = { minLatitude: 40.02, maxLatitude: 40.38, minLongitude: 116.9, maxLongitude: 117.42 };
const CATEGORIES = ['CLOTHING', 'FOOD', 'HOUSING', 'TRANSPORT', 'ENTERTAINMENT'];

const at = (latitude: number, longitude: number): LatLng => ({ latitude, longitude });

function ok<T>(response: GraphQLResponse<T>): T {
  expect(response.errors).toBeUndefined();
  return response.data!;
}

function errorCode(response: GraphQLResponse): string | undefined {
  return response.errors?.[0]?.extensions?.code;
}

/** Every page of a connection query, following endCursor. */
async function allPages(t: TestApp, query: string, variables: Record<string, unknown>): Promise<{ edges: Edge[]; pages: number; totalCount: number }> {
  const edges: Edge[] = [];
  let after: string | null = null;
  let pages = 0;
  let totalCount = -1;
  for (;;) {
    const data: ConnectionData = ok(await t.gql<ConnectionData>(query, { ...variables, after }));
    pages++;
    totalCount = data.servicePoints.totalCount;
    edges.push(...data.servicePoints.edges);
    if (!data.servicePoints.pageInfo.hasNextPage) break;
    after = data.servicePoints.pageInfo.endCursor;
    expect(after).toBe(data.servicePoints.edges.at(-1)!.cursor);
    if (pages > 500) throw new Error('paging does not end');
  }
  return { edges, pages, totalCount };
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function storedPoints(url: string): Promise<StoredPoint[]> {
  return withClient(url, async (client) =>
    (
      await client.query<StoredPoint>(
        `select id, name, address, category, subcategory, town_code as "townCode", latitude, longitude from service_point order by id`,
      )
    ).rows,
  );
}

/** The service's statements as MikroORM's `execute` sends them: bindings inlined as escaped literals. */
const platform = new PostgreSqlPlatform();

/** The plan of one of the service's statements, exactly as the service sends it. */
async function planOf(url: string, query: SqlQuery, settings: string[] = []): Promise<string> {
  return withClient(url, async (client) => {
    await client.query('begin');
    try {
      for (const setting of settings) await client.query(setting);
      const { rows } = await client.query(`explain ${platform.formatQuery(query.sql, query.bindings)}`);
      return rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    } finally {
      await client.query('rollback');
    }
  });
}

/** A point `distance` metres from `from` along `bearing` degrees, on a sphere of `radius`. */
function destination(from: LatLng, bearing: number, distance: number, radius: number): LatLng {
  const rad = Math.PI / 180;
  const δ = distance / radius;
  const θ = bearing * rad;
  const φ1 = from.latitude * rad;
  const λ1 = from.longitude * rad;
  const φ2 = Math.asin(Math.sin(φ1) * Math.cos(δ) + Math.cos(φ1) * Math.sin(δ) * Math.cos(θ));
  const λ2 = λ1 + Math.atan2(Math.sin(θ) * Math.sin(δ) * Math.cos(φ1), Math.cos(δ) - Math.sin(φ1) * Math.sin(φ2));
  return { latitude: φ2 / rad, longitude: λ2 / rad };
}

describe('service map (人才服务地图)', () => {
  let t: TestApp;
  let points: StoredPoint[];
  /** earthdistance's sphere: distances are great circles on it, so the brute force uses it too. */
  let earthRadius: number;

  beforeAll(async () => {
    t = await createTestApp();
    points = await storedPoints(process.env.TEST_DATABASE_URL!);
    earthRadius = await withClient(process.env.TEST_DATABASE_URL!, async (c) => Number((await c.query('select earth() as r')).rows[0].r));
  });

  afterAll(() => t.close());

  it('has seeded points to work on', () => {
    expect(points.length).toBeGreaterThan(500);
    expect(earthRadius).toBeGreaterThan(6_300_000);
  });

  describe('every operation of the mobile contract runs', () => {
    it('NearbyServices: GCJ-02 in and out, nearest first, with towns', async () => {
      const anchor = points[10];
      const gcj = fromWgs84(anchor, CoordSystem.GCJ02);
      const data = ok(await t.gql<ConnectionData>(MOBILE.NearbyServices, { lat: gcj.latitude, lng: gcj.longitude, radius: 3000, categories: ['FOOD', 'HOUSING'] }));
      const { edges, totalCount, pageInfo } = data.servicePoints;
      expect(edges.length).toBeGreaterThan(0);
      expect(edges.length).toBeLessThanOrEqual(20);
      expect(totalCount).toBeGreaterThanOrEqual(edges.length);
      expect(pageInfo.hasNextPage).toBe(totalCount > 20);
      for (const edge of edges) {
        expect(['FOOD', 'HOUSING']).toContain(edge.node.category);
        const stored = points.find((p) => String(p.id) === edge.node.id)!;
        // The location comes back in GCJ-02, and converts back onto the stored point.
        expect(haversineMeters(toWgs84(edge.node.location, CoordSystem.GCJ02), stored)).toBeLessThan(0.01);
        expect(Math.abs(edge.distanceMeters! - haversineMeters(stored, anchor, earthRadius))).toBeLessThan(0.001);
        expect((edge.node as unknown as { town: { code: string } }).town.code).toBe(stored.townCode);
      }
      // Page 2 through the contract's own $after.
      if (pageInfo.hasNextPage) {
        const next = ok(await t.gql<ConnectionData>(MOBILE.NearbyServices, { lat: gcj.latitude, lng: gcj.longitude, radius: 3000, categories: ['FOOD', 'HOUSING'], after: pageInfo.endCursor }));
        expect(next.servicePoints.edges[0].distanceMeters!).toBeGreaterThanOrEqual(edges.at(-1)!.distanceMeters!);
      }
    });

    it('ServicePointsInView: a BD-09 rectangle, none of its points missed', async () => {
      const centre = fromWgs84(points[0], CoordSystem.BD09);
      const box = { minLatitude: centre.latitude - 0.03, maxLatitude: centre.latitude + 0.03, minLongitude: centre.longitude - 0.04, maxLongitude: centre.longitude + 0.04 };
      const data = ok(await t.gql<ConnectionData>(MOBILE.ServicePointsInView, { box, categories: ['FOOD', 'TRANSPORT'] }));
      const returned = new Set(data.servicePoints.edges.map((e) => Number(e.node.id)));
      expect(returned.size).toBeGreaterThan(0);
      // Returned points lie in the rectangle, or off its edge by no more than BD-09's bend (tens of metres).
      const margin = 0.0005;
      for (const { node } of data.servicePoints.edges) {
        expect(['FOOD', 'TRANSPORT']).toContain(node.category);
        expect(node.location.latitude).toBeGreaterThanOrEqual(box.minLatitude - margin);
        expect(node.location.latitude).toBeLessThanOrEqual(box.maxLatitude + margin);
        expect(node.location.longitude).toBeGreaterThanOrEqual(box.minLongitude - margin);
        expect(node.location.longitude).toBeLessThanOrEqual(box.maxLongitude + margin);
      }
      const inside = points.filter((p) => {
        if (!['FOOD', 'TRANSPORT'].includes(p.category)) return false;
        const bd = fromWgs84(p, CoordSystem.BD09);
        return bd.latitude >= box.minLatitude && bd.latitude <= box.maxLatitude && bd.longitude >= box.minLongitude && bd.longitude <= box.maxLongitude;
      });
      expect(data.servicePoints.totalCount).toBeGreaterThanOrEqual(inside.length);
      expect(data.servicePoints.totalCount).toBeLessThanOrEqual(inside.length + 5);
      if (data.servicePoints.totalCount <= 100) for (const p of inside) expect(returned).toContain(p.id);
    });

    it('ServicePointDetail: one point in GCJ-02, and NOT_FOUND for an unknown id', async () => {
      const stored = points[5];
      const data = ok(await t.gql<{ servicePoint: Edge['node'] & { town: { code: string; name: string } } }>(MOBILE.ServicePointDetail, { id: String(stored.id) }));
      expect(data.servicePoint).toMatchObject({ id: String(stored.id), name: stored.name, category: stored.category, subcategory: stored.subcategory });
      expect(data.servicePoint.town.code).toBe(stored.townCode);
      expect(haversineMeters(data.servicePoint.location, fromWgs84(stored, CoordSystem.GCJ02))).toBeLessThan(0.01);
      expect(haversineMeters(data.servicePoint.location, stored)).toBeGreaterThan(100); // it is shifted

      const missing = await t.gql(MOBILE.ServicePointDetail, { id: '99999999' });
      expect(errorCode(missing)).toBe('NOT_FOUND');
      expect(missing.data).toBeNull();
      expect(errorCode(await t.gql(MOBILE.ServicePointDetail, { id: 'abc' }))).toBe('BAD_USER_INPUT');
    });

    it("a point's town is a full Region (parent, centroid) from the joined row: one statement for the page, one for all parents", async () => {
      t.resetStatements();
      const data = ok(
        await t.gql<{ servicePoints: { edges: { node: { town: { code: string; level: string; parent: { code: string; level: string }; centroid: { latitude: number } } } }[] } }>(
          '{ servicePoints(first: 30) { edges { node { town { code level parent { code level } centroid { latitude } } } } } }',
        ),
      );
      const towns = data.servicePoints.edges.map((e) => e.node.town);
      expect(towns).toHaveLength(30);
      for (const town of towns) {
        expect(town.level).toBe('TOWN');
        expect(town.parent).toEqual({ code: '110117000000', level: 'DISTRICT' });
        expect(town.centroid.latitude).toBeGreaterThan(40);
      }
      expect(t.statements).toHaveLength(2); // the page, then the parents through the region loader
    });

    it('ServiceCategories: labels and counts that add up, from one statement', async () => {
      t.resetStatements();
      const data = ok(await t.gql<{ serviceCategories: { category: string; label: string; count: number; subcategories: { value: string; label: string; count: number }[] }[] }>(MOBILE.ServiceCategories));
      expect(t.statements).toHaveLength(1);
      const categories = data.serviceCategories;
      expect(categories.map((c) => c.category)).toEqual(CATEGORIES);
      expect(categories.map((c) => c.label)).toEqual(['衣', '食', '住', '行', '娱']);
      expect(categories.reduce((sum, c) => sum + c.count, 0)).toBe(points.length);
      for (const c of categories) {
        expect(c.count).toBe(points.filter((p) => p.category === c.category).length);
        expect(c.subcategories.reduce((sum, s) => sum + s.count, 0)).toBe(c.count);
        for (const s of c.subcategories) expect(s.count).toBe(points.filter((p) => p.subcategory === s.value).length);
      }
      const housing = categories.find((c) => c.category === 'HOUSING')!;
      expect(housing.subcategories.find((s) => s.value === 'TALENT_COURTYARD')?.label).toBe('人才小院');
    });

    it('ServiceMapGeoJSON: an RFC 7946 FeatureCollection, [longitude, latitude]', async () => {
      const data = ok(await t.gql<{ serviceMapGeoJSON: { type: string; bbox: number[]; features: { type: string; id: number; geometry: { type: string; coordinates: number[] }; properties: Record<string, unknown> }[] } }>(MOBILE.ServiceMapGeoJSON, { categories: ['HOUSING'] }));
      const layer = data.serviceMapGeoJSON;
      expect(layer.type).toBe('FeatureCollection');
      const housing = points.filter((p) => p.category === 'HOUSING');
      expect(layer.features).toHaveLength(housing.length);
      for (const feature of layer.features) {
        expect(feature.type).toBe('Feature');
        expect(feature.geometry.type).toBe('Point');
        const [lng, lat] = feature.geometry.coordinates;
        const stored = housing.find((p) => p.id === feature.id)!;
        expect(Math.abs(lng - stored.longitude)).toBeLessThanOrEqual(5e-7);
        expect(Math.abs(lat - stored.latitude)).toBeLessThanOrEqual(5e-7);
        expect(feature.properties).toMatchObject({ name: stored.name, category: 'HOUSING', categoryLabel: '住', townCode: stored.townCode });
      }
      const [west, south, east, north] = layer.bbox;
      expect(west).toBeLessThan(east);
      expect(south).toBeLessThan(north);
      expect(west).toBeGreaterThan(100); // longitude first
    });
  });

  describe('nearby: exact at the edge, nearest first, complete', () => {
    it('agrees with a brute-force great circle over every point, for random centres and radii', async () => {
      const random = seededRandom(4);
      for (let i = 0; i < 25; i++) {
        // Latitude and Longitude scalars keep 8 decimal places (about a millimetre): use what the API sees.
        const centre = {
          latitude: Number((DISTRICT.minLatitude + random() * (DISTRICT.maxLatitude - DISTRICT.minLatitude)).toFixed(8)),
          longitude: Number((DISTRICT.minLongitude + random() * (DISTRICT.maxLongitude - DISTRICT.minLongitude)).toFixed(8)),
        };
        const radius = Math.round(100 + random() ** 2 * 12_000);
        const categories = random() < 0.4 ? [CATEGORIES[Math.floor(random() * 5)], CATEGORIES[Math.floor(random() * 5)]] : null;
        const { edges, totalCount } = await allPages(t, NEARBY, { near: { ...centre, radiusMeters: radius }, categories, first: 100 });

        const distances = edges.map((e) => e.distanceMeters!);
        for (let k = 0; k < edges.length; k++) {
          expect(distances[k]).toBeLessThanOrEqual(radius);
          if (k > 0) {
            expect(distances[k]).toBeGreaterThanOrEqual(distances[k - 1]);
            if (distances[k] === distances[k - 1]) expect(Number(edges[k].node.id)).toBeGreaterThan(Number(edges[k - 1].node.id));
          }
        }
        const candidates = points.filter((p) => !categories || categories.includes(p.category));
        const brute = new Map(candidates.map((p) => [p.id, haversineMeters(centre, p, earthRadius)]));
        // Points within a micrometre of the edge could fall either way by rounding; none is that close here.
        const ambiguous = [...brute.values()].filter((d) => Math.abs(d - radius) < 1e-6);
        expect(ambiguous).toHaveLength(0);
        const expected = [...brute].filter(([, d]) => d <= radius).map(([id]) => id).sort((a, b) => a - b);
        const got = edges.map((e) => Number(e.node.id)).sort((a, b) => a - b);
        expect(got).toEqual(expected);
        expect(totalCount).toBe(expected.length);
        for (const edge of edges) expect(Math.abs(edge.distanceMeters! - brute.get(Number(edge.node.id))!)).toBeLessThan(1e-4);
      }
    });

    it('gives the same points for a GCJ-02 or BD-09 centre as for the WGS-84 one', async () => {
      const centre = points[42];
      const wgs = ok(await t.gql<ConnectionData>(NEARBY, { near: { latitude: centre.latitude, longitude: centre.longitude, radiusMeters: 2500 }, first: 100 }));
      for (const system of [CoordSystem.GCJ02, CoordSystem.BD09]) {
        const shifted = fromWgs84(centre, system);
        const data = ok(await t.gql<ConnectionData>(NEARBY, { near: { ...shifted, radiusMeters: 2500 }, coordSystem: system, first: 100 }));
        expect(data.servicePoints.edges.map((e) => e.node.id)).toEqual(wgs.servicePoints.edges.map((e) => e.node.id));
        data.servicePoints.edges.forEach((edge, i) => {
          expect(Math.abs(edge.distanceMeters! - wgs.servicePoints.edges[i].distanceMeters!)).toBeLessThan(0.01);
          expect(haversineMeters(toWgs84(edge.node.location, system), wgs.servicePoints.edges[i].node.location)).toBeLessThan(0.01);
        });
      }
    });

    it('pages with first: 3 visit each point once, in order', async () => {
      const centre = points[7];
      const near = { latitude: centre.latitude, longitude: centre.longitude, radiusMeters: 1500 };
      const whole = ok(await t.gql<ConnectionData>(NEARBY, { near, first: 100 })).servicePoints;
      expect(whole.totalCount).toBeGreaterThan(6);
      expect(whole.totalCount).toBeLessThanOrEqual(100);
      const paged = await allPages(t, NEARBY, { near, first: 3 });
      const ids = paged.edges.map((e) => e.node.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(whole.edges.map((e) => e.node.id));
      expect(paged.pages).toBe(Math.ceil(whole.totalCount / 3));
    });

    it('keeps the statement count flat: a page (towns joined in) and a count, for 5 or 50 rows', async () => {
      const counts: number[] = [];
      for (const first of [5, 50]) {
        t.resetStatements();
        ok(await t.gql(MOBILE.NearbyServices.replace('first: 20', `first: ${first}`), { lat: points[3].latitude, lng: points[3].longitude, radius: 8000 }));
        counts.push(t.statements.length);
      }
      expect(counts[0]).toBe(counts[1]);
      expect(counts[0]).toBe(2);
      // No totalCount selected, no count run.
      t.resetStatements();
      ok(await t.gql(NEARBY.replace('totalCount', ''), { near: { latitude: points[3].latitude, longitude: points[3].longitude, radiusMeters: 8000 }, first: 5 }));
      expect(t.statements).toHaveLength(1);
    });
  });

  describe('in view and filters', () => {
    it('returns exactly the points inside the rectangle, edges included, paged by id', async () => {
      const anchor = points[20];
      const within = { minLatitude: anchor.latitude - 0.02, maxLatitude: anchor.latitude, minLongitude: anchor.longitude - 0.03, maxLongitude: anchor.longitude + 0.03 };
      const { edges, totalCount } = await allPages(t, LIST, { within, first: 7 });
      const expected = points
        .filter((p) => p.latitude >= within.minLatitude && p.latitude <= within.maxLatitude && p.longitude >= within.minLongitude && p.longitude <= within.maxLongitude)
        .map((p) => String(p.id));
      expect(expected).toContain(String(anchor.id)); // on the edge
      expect(edges.map((e) => e.node.id)).toEqual(expected);
      expect(totalCount).toBe(expected.length);
      expect(edges.every((e) => e.distanceMeters === null)).toBe(true);
    });

    it('filters by category, subcategory and town', async () => {
      const town = points[0].townCode;
      const { edges, totalCount } = await allPages(t, LIST, { categories: ['HOUSING', 'FOOD'], subcategories: ['TALENT_COURTYARD', 'RESTAURANT', 'CAFE'], townCodes: [town], first: 100 });
      const expected = points.filter((p) => ['TALENT_COURTYARD', 'RESTAURANT', 'CAFE'].includes(p.subcategory) && p.townCode === town);
      expect(edges.map((e) => Number(e.node.id))).toEqual(expected.map((p) => p.id));
      expect(totalCount).toBe(expected.length);
    });

    it('searches Chinese names and addresses by substring, one character or many', async () => {
      const name = points.find((p) => [...p.name].length >= 4)!.name;
      const terms = [[...name].slice(1, 3).join(''), [...name][0], '人才', '平谷区', '号', 'no such 名字'];
      for (const term of terms) {
        const { edges, totalCount } = await allPages(t, LIST, { search: ` ${term} `, first: 100 });
        const expected = points.filter((p) => p.name.toLowerCase().includes(term.toLowerCase()) || p.address.toLowerCase().includes(term.toLowerCase()));
        expect(edges.map((e) => Number(e.node.id))).toEqual(expected.map((p) => p.id));
        expect(totalCount).toBe(expected.length);
      }
    });

    it('treats LIKE wildcards in a search as characters', async () => {
      const { totalCount } = ok(await t.gql<ConnectionData>(LIST, { search: '%' })).servicePoints;
      expect(totalCount).toBe(points.filter((p) => p.name.includes('%') || p.address.includes('%')).length);
    });

    it('combines search with near', async () => {
      const centre = points[0];
      const { edges } = await allPages(t, NEARBY, { near: { latitude: centre.latitude, longitude: centre.longitude, radiusMeters: 20_000 }, search: '北京市', first: 50 });
      const expected = points.filter((p) => (p.name.includes('北京市') || p.address.includes('北京市')) && haversineMeters(centre, p, earthRadius) <= 20_000);
      expect(edges.map((e) => Number(e.node.id)).sort((a, b) => a - b)).toEqual(expected.map((p) => p.id));
    });

    it('serves all points by id with neither near nor within', async () => {
      const { edges } = await allPages(t, LIST, { first: 100 });
      expect(edges.map((e) => Number(e.node.id))).toEqual(points.map((p) => p.id));
    });
  });

  describe("a circle's bounding rectangle (the counts' index condition)", () => {
    it('holds every point of the circle, for random centres and radii', () => {
      const random = seededRandom(7);
      let outside = 0;
      for (let k = 0; k < 200; k++) {
        const centre = at(-80 + random() * 160, -179 + random() * 358);
        const radiusMeters = 1 + random() * 50_000;
        const bounds = circleBounds({ centre, radiusMeters });
        for (let bearing = 0; bearing < 360; bearing += 1) {
          const p = destination(centre, bearing, radiusMeters, EARTH_RADIUS_METERS);
          if (p.latitude < bounds.minLatitude || p.latitude > bounds.maxLatitude) outside++;
          if (bounds.minLongitude > -180 && (p.longitude < bounds.minLongitude || p.longitude > bounds.maxLongitude)) outside++;
        }
      }
      expect(outside).toBe(0);
    });

    it('is tight: the extreme points touch it', () => {
      const centre = at(40.14, 117.12);
      const bounds = circleBounds({ centre, radiusMeters: 3000 });
      const north = destination(centre, 0, 3000, EARTH_RADIUS_METERS);
      expect(bounds.maxLatitude - north.latitude).toBeLessThan(1e-6);
      expect(bounds.maxLatitude).toBeGreaterThan(north.latitude);
    });
  });

  describe('converting a GCJ-02 or BD-09 rectangle', () => {
    it.each([0.01, 0.06, 0.3, 1, 4])('holds its whole boundary, densely sampled, for a %s° box', (size) => {
      const random = seededRandom(size * 1000);
      let outside = 0;
      for (let k = 0; k < 6; k++) {
        for (const system of [CoordSystem.GCJ02, CoordSystem.BD09]) {
          const minLatitude = 30 + random() * 10;
          const minLongitude = 110 + random() * 10;
          const box = { minLatitude, minLongitude, maxLatitude: minLatitude + size * 0.8, maxLongitude: minLongitude + size };
          const query = toWgs84Box(box, system);
          for (let i = 0; i <= 1000; i++) {
            const lat = box.minLatitude + (i / 1000) * (box.maxLatitude - box.minLatitude);
            const lng = box.minLongitude + (i / 1000) * (box.maxLongitude - box.minLongitude);
            for (const p of [at(lat, box.minLongitude), at(lat, box.maxLongitude), at(box.minLatitude, lng), at(box.maxLatitude, lng)]) {
              const w = toWgs84(p, system);
              if (w.latitude < query.minLatitude || w.latitude > query.maxLatitude || w.longitude < query.minLongitude || w.longitude > query.maxLongitude) outside++;
            }
          }
        }
      }
      expect(outside).toBe(0);
    });

    it('leaves a WGS-84 rectangle as it is', () => {
      const box = { minLatitude: 40.1, minLongitude: 117, maxLatitude: 40.2, maxLongitude: 117.1 };
      expect(toWgs84Box(box, CoordSystem.WGS84)).toEqual(box);
    });
  });

  describe('bad input gives a GraphQL error with a code', () => {
    const centre = { latitude: 40.14, longitude: 117.12 };
    it.each([
      ['latitude 91 (variable)', NEARBY, { near: { latitude: 91, longitude: 117.1 } }],
      ['radius −1', NEARBY, { near: { ...centre, radiusMeters: -1 } }],
      ['radius 0', NEARBY, { near: { ...centre, radiusMeters: 0 } }],
      ['radius 10⁶', NEARBY, { near: { ...centre, radiusMeters: 1_000_000 } }],
      ['an inverted box', LIST, { within: { minLatitude: 40.2, maxLatitude: 40.1, minLongitude: 117, maxLongitude: 117.1 } }],
      ['a degenerate box', LIST, { within: { minLatitude: 40.1, maxLatitude: 40.1, minLongitude: 117, maxLongitude: 117.1 } }],
      ['an unknown subcategory', LIST, { subcategories: ['NOPE'] }],
      ['a malformed town code', LIST, { townCodes: ['1101'] }],
      ['a search of 65 characters', LIST, { search: '人'.repeat(65) }],
      ['first: 0', LIST, { first: 0 }],
      ['a malformed cursor', LIST, { after: 'not-a-cursor' }],
    ])('%s → BAD_USER_INPUT', async (_, query, variables) => {
      const response = await t.gql(query, variables);
      expect(response.data?.servicePoints ?? null).toBeNull();
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.errors![0].message).toBeTruthy();
    });

    it('latitude 91 written into the query is a validation error', async () => {
      const response = await t.gql('{ servicePoints(near: { latitude: 91, longitude: 117 }) { totalCount } }');
      expect(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']).toContain(errorCode(response));
    });

    it('an unknown category is refused by the enum', async () => {
      const literal = await t.gql('{ servicePoints(categories: [SHOPPING]) { totalCount } }');
      expect(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']).toContain(errorCode(literal));
      const variable = await t.gql(LIST, { categories: ['SHOPPING'] });
      expect(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']).toContain(errorCode(variable));
    });

    it('near and within together are refused', async () => {
      const response = await t.gql(
        `query($near: NearInput, $within: BoundingBoxInput) { servicePoints(near: $near, within: $within) { totalCount } }`,
        { near: { ...centre }, within: { minLatitude: 40, maxLatitude: 40.1, minLongitude: 117, maxLongitude: 117.1 } },
      );
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
    });

    it('a cursor from another centre or list is refused, not misread', async () => {
      const first = ok(await t.gql<ConnectionData>(NEARBY, { near: { ...centre, radiusMeters: 5000 }, first: 2 }));
      const cursor = first.servicePoints.pageInfo.endCursor;
      expect(cursor).toBeTruthy();
      expect(errorCode(await t.gql(NEARBY, { near: { latitude: 40.2, longitude: 117.12, radiusMeters: 5000 }, first: 2, after: cursor }))).toBe('BAD_USER_INPUT');
      expect(errorCode(await t.gql(LIST, { first: 2, after: cursor }))).toBe('BAD_USER_INPUT');
    });
  });

  describe('mobile transport', () => {
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    /** A query text no earlier run has registered (Redis keeps hashes across runs). */
    const fresh = (query: string) => `${query}\n# ${randomBytes(8).toString('hex')}`;

    it('automatic persisted queries: hash only → PersistedQueryNotFound, hash + query → data, hash only → data', async () => {
      const query = fresh(MOBILE.ServiceCategories);
      const extensions = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };
      const post = (body: Record<string, unknown>) => request(t.app).post('/graphql').set('content-type', 'application/json').send(body);

      const miss = await post({ extensions });
      expect(miss.body.errors[0].message).toBe('PersistedQueryNotFound');
      expect(miss.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');

      const register = await post({ query, extensions });
      expect(register.body.errors).toBeUndefined();
      expect(register.body.data.serviceCategories).toHaveLength(5);

      const hit = await post({ extensions });
      expect(hit.body.errors).toBeUndefined();
      expect(hit.body.data).toEqual(register.body.data);
    });

    it('refuses a hash that does not match its query', async () => {
      const response = await request(t.app)
        .post('/graphql')
        .set('content-type', 'application/json')
        .send({ query: MOBILE.ServiceCategories, extensions: { persistedQuery: { version: 1, sha256Hash: sha256('something else') } } });
      expect(response.status).toBe(400);
      expect(response.body.data).toBeUndefined();
      // Apollo's "provided sha does not match query" carries no extensions.code, so the shared
      // error formatter reports it as INTERNAL_SERVER_ERROR (an open issue for error-formatting.ts).
      expect(response.body.errors).toHaveLength(1);
    });

    it('GET with a persisted hash is cacheable: Cache-Control max-age > 0, public', async () => {
      const query = fresh(MOBILE.NearbyServices);
      const hash = sha256(query);
      const variables = JSON.stringify({ lat: 40.14, lng: 117.12, radius: 3000, categories: ['FOOD', 'HOUSING'] });
      const get = (params: Record<string, string>) =>
        request(t.app).get('/graphql').query(params).set('apollo-require-preflight', 'true');

      const miss = await get({ extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }), variables });
      expect(miss.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      // Apollo marks a miss uncacheable, so no CDN keeps it.
      expect(miss.headers['cache-control']).not.toMatch(/public|max-age=[1-9]/);

      const register = await get({ query, extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }), variables, operationName: 'NearbyServices' });
      expect(register.status).toBe(200);
      expect(register.body.errors).toBeUndefined();

      const hit = await get({ extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }), variables });
      expect(hit.status).toBe(200);
      expect(hit.body.data.servicePoints.edges.length).toBeGreaterThan(0);
      const cacheControl = hit.headers['cache-control'];
      expect(cacheControl).toMatch(/public/);
      expect(Number(/max-age=(\d+)/.exec(cacheControl)![1])).toBeGreaterThan(0);
    });

    it.each(Object.entries(MOBILE))('GET %s is publicly cacheable', async (name, query) => {
      const variables: Record<string, unknown> = {
        NearbyServices: { lat: 40.14, lng: 117.12 },
        ServicePointsInView: { box: { minLatitude: 40.1, maxLatitude: 40.2, minLongitude: 117, maxLongitude: 117.2 } },
        ServicePointDetail: { id: String(points[0].id) },
        ServiceCategories: {},
        ServiceMapGeoJSON: { categories: ['TRANSPORT'] },
      }[name]!;
      const response = await request(t.app)
        .get('/graphql')
        .query({ query, variables: JSON.stringify(variables) })
        .set('x-apollo-operation-name', name);
      expect(response.status).toBe(200);
      expect(response.body.errors).toBeUndefined();
      expect(response.headers['cache-control']).toBe('max-age=300, public');
    });

    it('never marks personal data cacheable, alone or next to public data', async () => {
      for (const query of ['{ talents(first: 1) { totalCount } }', '{ serviceCategories { count } talents(first: 1) { totalCount } }']) {
        const response = await request(t.app).get('/graphql').query({ query }).set('apollo-require-preflight', 'true');
        expect(response.headers['cache-control']).toBe('no-store');
      }
    });

    it('never marks a batch cacheable: its operations share one header', async () => {
      const response = await request(t.app)
        .post('/graphql')
        .set('content-type', 'application/json')
        .send([{ query: '{ serviceCategories { count } }' }, { query: '{ serviceCategories { label } }' }]);
      expect(response.status).toBe(200);
      expect(response.body).toHaveLength(2);
      expect(response.headers['cache-control']).toBe('no-store');
    });

    it('keeps CSRF prevention on: a GET without a preflight header is refused', async () => {
      const response = await request(t.app).get('/graphql').query({ query: MOBILE.ServiceCategories });
      expect(response.status).toBe(400);
      expect(response.text).toMatch(/CSRF/);
    });

    it('compresses responses for clients that accept gzip', async () => {
      const response = await request(t.app)
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('accept-encoding', 'gzip')
        .send({ query: MOBILE.ServiceMapGeoJSON, variables: {} });
      expect(response.headers['content-encoding']).toBe('gzip');
      expect(response.body.data.serviceMapGeoJSON.features).toHaveLength(points.length);
    });

    itWithRedis('shares persisted queries between replicas through Redis (REDIS_URL)', async () => {
      const redisUrl = testRedisUrl;
      const [a, b] = await Promise.all([createTestApp({ env: { REDIS_URL: redisUrl } }), createTestApp({ env: { REDIS_URL: redisUrl } })]);
      try {
        const query = fresh(MOBILE.ServiceCategories);
        const extensions = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };
        const post = (app: TestApp, body: Record<string, unknown>) => request(app.app).post('/graphql').set('content-type', 'application/json').send(body);
        expect((await post(b, { extensions })).body.errors[0].message).toBe('PersistedQueryNotFound');
        expect((await post(a, { query, extensions })).body.data.serviceCategories).toHaveLength(5);
        const hit = await post(b, { extensions });
        expect(hit.body.errors).toBeUndefined();
        expect(hit.body.data.serviceCategories).toHaveLength(5);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });
  });

  describe('index-backed plans (on the seeded table, sequential scans off for the transaction)', () => {
    const off = ['set local enable_seqscan = off'];
    const circle = { centre: { latitude: 40.14, longitude: 117.12 }, radiusMeters: 3000 };

    it('nearby uses the earth GiST index', async () => {
      const plan = await planOf(process.env.TEST_DATABASE_URL!, nearbyPageQuery(circle, { categories: [ServiceCategory.FOOD] }, null, 21), off);
      expect(plan).toContain('service_point_earth_index');
    });

    it('counting a circle uses the location GiST index, which covers it', async () => {
      const plan = await planOf(process.env.TEST_DATABASE_URL!, nearbyCountQuery(circle, { categories: [ServiceCategory.FOOD] }), off);
      expect(plan).toContain('service_point_location_index');
    });

    it('in view uses the location GiST index', async () => {
      const box = { minLatitude: 40.1, maxLatitude: 40.16, minLongitude: 117.08, maxLongitude: 117.16 };
      const plan = await planOf(process.env.TEST_DATABASE_URL!, pointsPageQuery(box, {}, null, 101), off);
      expect(plan).toContain('service_point_location_index');
    });

    it('search uses the n-gram GIN index', async () => {
      const plan = await planOf(process.env.TEST_DATABASE_URL!, pointsPageQuery(null, { search: '人才小院' }, null, 101), [...off, 'set local enable_indexscan = off']);
      expect(plan).toContain('service_point_search_index');
    });
  });

  describe('crafted points (a scratch database)', () => {
    let scratch: ScratchDatabase;
    let s: TestApp;
    let radius: number;
    const centre = { latitude: 40.15, longitude: 117.1 };
    const TOWN = '110117001000';

    beforeAll(async () => {
      scratch = await createScratchDatabase('huigu_map');
      radius = await withClient(scratch.url, async (client) => {
        await client.query(`insert into region (code, name, level, kind, parent_code, latitude, longitude) values
          ('110117000000', '平谷区', 'DISTRICT', '区', null, 40.1422, 117.1011),
          ($1, '滨河街道', 'TOWN', '街道', '110117000000', 40.138, 117.12)`, [TOWN]);
        return Number((await client.query('select earth() as r')).rows[0].r);
      });
      s = await createTestApp({ databaseUrl: scratch.url });
    });

    afterAll(async () => {
      await s.close();
      await scratch.drop();
    });

    async function insert(rows: { name: string; at: LatLng; category?: string }[]): Promise<number[]> {
      return withClient(scratch.url, async (client) => {
        const ids: number[] = [];
        for (const row of rows) {
          const { rows: inserted } = await client.query(
            `insert into service_point (name, category, subcategory, address, town_code, latitude, longitude)
             values ($1, $2, 'RESTAURANT', '北京市平谷区滨河街道', $3, $4, $5) returning id`,
            [row.name, row.category ?? 'FOOD', TOWN, row.at.latitude, row.at.longitude],
          );
          ids.push(inserted[0].id);
        }
        return ids;
      });
    }

    it('is exact at the edge: 1 cm inside is returned, 1 cm outside is not, in every direction', async () => {
      const r = 2000;
      const inside: number[] = [];
      const outside: number[] = [];
      for (let bearing = 0; bearing < 360; bearing += 15) {
        inside.push(...(await insert([{ name: `内${bearing}`, at: destination(centre, bearing, r - 0.01, radius) }])));
        outside.push(...(await insert([{ name: `外${bearing}`, at: destination(centre, bearing, r + 0.01, radius) }])));
      }
      const { edges, totalCount } = await allPages(s, NEARBY, { near: { ...centre, radiusMeters: r }, first: 100 });
      const ids = edges.map((e) => Number(e.node.id));
      expect(ids.sort((a, b) => a - b)).toEqual(inside);
      expect(totalCount).toBe(inside.length);
      for (const e of edges) {
        expect(e.distanceMeters!).toBeLessThanOrEqual(r);
        expect(e.distanceMeters!).toBeGreaterThan(r - 0.02);
      }
      await withClient(scratch.url, (c) => c.query('delete from service_point'));
    });

    it('breaks ties by id, also when a tie straddles a page edge', async () => {
      const spot = destination(centre, 45, 300, radius);
      const near = await insert([{ name: '近', at: destination(centre, 90, 100, radius) }]);
      const mall = await insert(Array.from({ length: 8 }, (_, i) => ({ name: `商场店铺${i}`, at: spot })));
      const far = await insert([{ name: '远', at: destination(centre, 180, 900, radius) }]);
      for (const first of [1, 2, 3, 4, 100]) {
        const { edges } = await allPages(s, NEARBY, { near: { ...centre, radiusMeters: 1000 }, first });
        expect(edges.map((e) => Number(e.node.id))).toEqual([...near, ...mall, ...far]);
      }
      await withClient(scratch.url, (c) => c.query('delete from service_point'));
    });

    it('uses the KNN index scan on a large table, and refuses a GeoJSON layer past its limit', async () => {
      await withClient(scratch.url, (client) => insertSyntheticServicePoints(client, GEOJSON_MAX_FEATURES + 2000));
      const plan = await planOf(scratch.url, nearbyPageQuery({ centre, radiusMeters: 3000 }, {}, null, 21));
      expect(plan).toMatch(/Index Scan using service_point_earth_index/);
      expect(plan).toMatch(/Order By: \(\(earth\)::cube <->/);
      await withClient(scratch.url, (client) => client.query('vacuum analyze service_point'));
      const count = await planOf(scratch.url, nearbyCountQuery({ centre, radiusMeters: 3000 }, { categories: [ServiceCategory.FOOD] }));
      expect(count).toMatch(/Index Only Scan using service_point_location_index/);

      const page = ok(await s.gql<ConnectionData>(NEARBY, { near: { ...centre, radiusMeters: 3000 }, first: 20 }));
      expect(page.servicePoints.edges).toHaveLength(20);

      const layer = await s.gql(MOBILE.ServiceMapGeoJSON, {});
      expect(errorCode(layer)).toBe('LIMIT_EXCEEDED');
      expect(layer.errors![0].extensions!.limit).toBe(GEOJSON_MAX_FEATURES);
      expect(errorCode(await s.gql(MOBILE.ServiceMapGeoJSON, { categories: ['HOUSING'] }))).toBeUndefined();
    });
  });
});
