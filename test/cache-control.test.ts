import { buildSchema, parse, type GraphQLSchema } from 'graphql';
import { buildHubSchema } from '../src/schema';
import { cacheControlHeader, cachePolicyOf, PUBLIC_DATA_MAX_AGE_SECONDS } from '../src/shared/cache-control';

/** Apollo's hint rules, on a schema made to exercise each of them. */
const RULES = buildSchema(`
  enum CacheControlScope { PUBLIC PRIVATE }
  directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION

  type Query {
    news: [Story] @cacheControl(maxAge: 60)
    weather: Forecast @cacheControl(maxAge: 600)
    me: Person @cacheControl(maxAge: 30, scope: PRIVATE)
    unhinted: Story
    version: String
    hintedLeaf: String @cacheControl(maxAge: 90)
    feed: Feed @cacheControl(maxAge: 120)
  }
  type Story { title: String author: Person related: [Story] @cacheControl(inheritMaxAge: true) }
  type Person @cacheControl(maxAge: 10) { name: String }
  type Forecast @cacheControl(inheritMaxAge: true) { today: String station: Station }
  type Station { id: ID }
  type Feed { story: Story @cacheControl(maxAge: 300) }
  type Account @cacheControl(scope: PRIVATE) { balance: Int }
  extend type Query { account: Account @cacheControl(maxAge: 45) }
`);

const policy = (schema: GraphQLSchema, query: string, operationName?: string) => cachePolicyOf(schema, parse(query), operationName);

describe('cache policy from @cacheControl hints (Apollo rules, read from the document)', () => {
  it('a root field with a hint gives its maxAge; leaf fields inherit it', () => {
    expect(policy(RULES, '{ news { title } }')).toEqual({ maxAge: 60, scope: 'PUBLIC' });
    expect(policy(RULES, '{ hintedLeaf }')).toEqual({ maxAge: 90, scope: 'PUBLIC' });
  });

  it('a root field without a hint, leaf or object, makes the response uncacheable', () => {
    expect(policy(RULES, '{ version }').maxAge).toBe(0);
    expect(policy(RULES, '{ unhinted { title } }').maxAge).toBe(0);
    expect(policy(RULES, '{ news { title } version }').maxAge).toBe(0);
  });

  it('a composite field without a hint is maxAge 0, with inheritMaxAge it takes the parent\'s', () => {
    expect(policy(RULES, '{ weather { station { id } } }').maxAge).toBe(0);
    expect(policy(RULES, '{ weather { today } }').maxAge).toBe(600);
    expect(policy(RULES, '{ news { related { title } } }').maxAge).toBe(60);
  });

  it("a type's hint applies where the field has none; the smallest maxAge wins", () => {
    expect(policy(RULES, '{ news { author { name } } }').maxAge).toBe(10);
    expect(policy(RULES, '{ feed { story { title } } }').maxAge).toBe(120);
  });

  it('one PRIVATE hint makes the whole response private', () => {
    expect(policy(RULES, '{ me { name } }')).toEqual({ maxAge: 30, scope: 'PRIVATE' }); // the field's hint over its type's
    expect(cacheControlHeader(policy(RULES, '{ me { name } }'))).toBe('max-age=30, private');
  });

  it("a field's hint sets only what it names on top of its type's: a PRIVATE type stays private", () => {
    expect(policy(RULES, '{ account { balance } }')).toEqual({ maxAge: 45, scope: 'PRIVATE' });
  });

  it('follows fragments and inline fragments, and judges only the named operation', () => {
    expect(policy(RULES, '{ ...F } fragment F on Query { news { ...A } } fragment A on Story { author { name } }').maxAge).toBe(10);
    expect(policy(RULES, '{ ... on Query { weather { station { id } } } }').maxAge).toBe(0);
    const two = 'query A { news { title } } query B { version }';
    expect(policy(RULES, two, 'A').maxAge).toBe(60);
    expect(policy(RULES, two, 'B').maxAge).toBe(0);
  });

  it('__typename and an unknown operation do not make anything cacheable', () => {
    expect(policy(RULES, '{ __typename }').maxAge).toBe(0);
    expect(policy(RULES, '{ news { title } }', 'Missing').maxAge).toBe(0);
  });

  describe('on the hub schema', () => {
    let hub: GraphQLSchema;
    beforeAll(async () => {
      hub = await buildHubSchema();
    });

    it('service-map queries are public for the configured minutes', () => {
      const nearby = '{ servicePoints(near: { latitude: 40.1, longitude: 117.1, radiusMeters: 500 }) { totalCount edges { distanceMeters node { name location { latitude } town { name } } } } }';
      expect(cacheControlHeader(policy(hub, nearby))).toBe(`max-age=${PUBLIC_DATA_MAX_AGE_SECONDS}, public`);
      expect(cacheControlHeader(policy(hub, '{ serviceCategories { label subcategories { count } } serviceMapGeoJSON }'))).toBe(`max-age=${PUBLIC_DATA_MAX_AGE_SECONDS}, public`);
    });

    it('records and statistics are never stored, alone or next to public data', () => {
      for (const query of [
        '{ talents(first: 1) { totalCount } }',
        '{ talentDistribution(by: [TOWN]) { total } }',
        '{ serviceCategories { count } organizations(first: 1) { totalCount } }',
      ]) {
        expect(cacheControlHeader(policy(hub, query))).toBe('no-store');
      }
    });
  });
});
