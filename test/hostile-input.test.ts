import request from 'supertest';
import { createTestApp, type GraphQLResponse, type TestApp } from './helpers/app';

/**
 * Regression tests for the inputs issue 12 found answered with INTERNAL_SERVER_ERROR, and for
 * those the schema-driven fuzzer (fuzz.test.ts) found since. All are refused before anything is
 * written, so they run on the run's shared database.
 */
let hub: TestApp;
beforeAll(async () => {
  hub = await createTestApp();
});
afterAll(async () => {
  await hub?.close();
});

const codes = (result: GraphQLResponse) => [...new Set(result.errors?.map((e) => e.extensions?.code))];
const cursorOf = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');
const payloadOf = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o: string; v: unknown[] };

describe('text a database cannot store', () => {
  const cases: [string, string, Record<string, unknown>, 'ANALYST' | 'ADMIN' | undefined][] = [
    ['talents(filter: { nameContains })', 'query($s: String) { talents(filter: { nameContains: $s }) { totalCount } }', {}, 'ANALYST'],
    ['organizations(filter: { nameContains })', 'query($s: String) { organizations(filter: { nameContains: $s }) { totalCount } }', {}, 'ANALYST'],
    ['platforms(filter: { nameContains })', 'query($s: String) { platforms(filter: { nameContains: $s }) { totalCount } }', {}, 'ANALYST'],
    ['servicePoints(search), anonymous', 'query($s: String) { servicePoints(search: $s) { totalCount } }', {}, undefined],
    ['auditEvents(subject)', 'query($s: String) { auditEvents(subject: $s) { totalCount } }', {}, 'ADMIN'],
  ];
  it.each(cases)('a NUL byte in %s is BAD_USER_INPUT (HTTP 400), not an internal error', async (_name, query, _vars, as) => {
    const call = request(hub.app).post('/graphql').set('content-type', 'application/json');
    if (as) call.set('authorization', await hub.bearer(as));
    const response = await call.send({ query, variables: { s: 'a\u0000b' } });
    expect(response.status).toBe(400);
    expect(codes(response.body)).toEqual(['BAD_USER_INPUT']);
    expect(response.body.errors[0].message).toContain('$s');
  });

  it('refuses a NUL escaped in a string literal, and a lone surrogate in a nested variable', async () => {
    expect(codes(await hub.gql('{ servicePoints(search: "a\\u0000b") { totalCount } }'))).toEqual(['BAD_USER_INPUT']);
    const nested = await hub.gql('query($f: TalentFilter) { talents(filter: $f) { totalCount } }', { f: { townCodes: ['110117001000', 'x\ud800'] } }, { as: 'ANALYST' });
    expect(codes(nested)).toEqual(['BAD_USER_INPUT']);
    expect(nested.errors![0].message).toContain('$f.townCodes[1]');
  });

  it('still serves text with emoji, control characters and Chinese', async () => {
    const result = await hub.gql('query($s: String) { talents(filter: { nameContains: $s }) { totalCount } }', { s: '张😀\u0001\t' }, { as: 'ANALYST' });
    expect(result.errors).toBeUndefined();
  });
});

describe('a well-formed cursor carrying wrongly typed values', () => {
  const TALENTS = 'query($after: String) { talents(first: 1, after: $after) { edges { node { id } } pageInfo { endCursor } } }';
  let issued: { o: string; v: unknown[] };
  beforeAll(async () => {
    issued = payloadOf((await hub.gql(TALENTS, {}, { as: 'ANALYST' })).data!.talents.pageInfo.endCursor);
  });

  it.each([
    ['values swapped', (v: unknown[]) => [...v].reverse()],
    ['a date that does not exist', (v: unknown[]) => ['2020-02-30', v[1]]],
    ['a year PostgreSQL cannot hold', (v: unknown[]) => ['0000-01-01', v[1]]],
    ['an id beyond int4', (v: unknown[]) => [v[0], 2 ** 31]],
    ['a huge float id', (v: unknown[]) => [v[0], 1e300]],
    ['a NUL in a text value', (v: unknown[]) => ['2020-01-01\u0000', v[1]]],
  ])('talents: %s is BAD_USER_INPUT', async (_name, forge) => {
    const result = await hub.gql(TALENTS, { after: cursorOf({ o: issued.o, v: forge(issued.v) }) }, { as: 'ANALYST' });
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
  });

  it('the issued cursor itself still pages', async () => {
    const result = await hub.gql(TALENTS, { after: cursorOf(issued) }, { as: 'ANALYST' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.talents.edges).toHaveLength(1);
  });

  it('refuses wrong types in bigint, nested (per-parent) and nearby cursors', async () => {
    const audit = await hub.gql('query($after: String) { auditEvents(after: $after) { totalCount } }', { after: cursorOf({ o: 'id:desc', v: [12] }) }, { as: 'ADMIN' });
    expect(codes(audit)).toEqual(['BAD_USER_INPUT']);
    const nested = await hub.gql('query($after: String) { organizations(first: 1) { edges { node { talents(after: $after) { totalCount } } } } }', { after: cursorOf({ o: 'id:asc', v: ['x'] }) }, { as: 'ANALYST' });
    expect(codes(nested)).toEqual(['BAD_USER_INPUT']);
    const centre = { latitude: 40.14, longitude: 117.12 };
    const near = await hub.gql('query($after: String, $near: NearInput) { servicePoints(near: $near, after: $after) { totalCount } }', {
      near: centre,
      after: cursorOf({ o: `chord(${centre.latitude},${centre.longitude}):asc,id:asc`, v: [0.1, 1e300] }),
    });
    expect(codes(near)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('funding inputs', () => {
  const GRANT = 'mutation($input: GrantAwardInput!) { grantAward(input: $input) { id } }';
  const APPLY = 'mutation($input: CreateApplicationInput!) { createApplication(input: $input) { id } }';

  it('a negative amount is BAD_USER_INPUT for grantAward and createApplication', async () => {
    const grant = await hub.gql(GRANT, { input: { program: 'PINGGU_ELITE', recipient: { talentId: '1' }, amount: '-5.00', year: 2024, matter: 'hostile' } }, { as: 'ADMIN' });
    expect(codes(grant)).toEqual(['BAD_USER_INPUT']);
    const apply = await hub.gql(APPLY, { input: { program: 'PINGGU_ELITE', applicant: { talentId: '1' }, requestedAmount: '-5.00', year: 2024, matter: 'hostile' } }, { as: 'ADMIN' });
    expect(codes(apply)).toEqual(['BAD_USER_INPUT']);
  });

  it.each([
    ['talentId', 'Talent'],
    ['organizationId', 'Organization'],
    ['platformId', 'Platform'],
  ])('createApplication for an unknown %s is NOT_FOUND, as grantAward answers', async (key, entity) => {
    const apply = await hub.gql(APPLY, { input: { program: 'PINGGU_ELITE', applicant: { [key]: '999999' }, requestedAmount: '5.00', year: 2024, matter: 'hostile' } }, { as: 'ADMIN' });
    const grant = await hub.gql(GRANT, { input: { program: 'PINGGU_ELITE', recipient: { [key]: '999999' }, amount: '5.00', year: 2024, matter: 'hostile' } }, { as: 'ADMIN' });
    expect(codes(apply)).toEqual(['NOT_FOUND']);
    expect(apply.errors![0]).toMatchObject({ message: `${entity} 999999 does not exist`, extensions: { entity } });
    expect(codes(grant)).toEqual(['NOT_FOUND']);
  });
});

describe('found by the fuzzer', () => {
  it('more than 50 invalid list items: every error is BAD_USER_INPUT, the cost check does not coerce them all', async () => {
    const result = await hub.gql('query($o: [OrganizationOrder!]) { organizations(orderBy: $o) { totalCount } }', { o: Array(5001).fill('x') }, { as: 'ANALYST' });
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors!.length).toBeLessThanOrEqual(51);
  });

  it.each([
    ['updateTalent', 'name', 'talent'],
    ['updateTalent', 'education', 'talent'],
    ['updateOrganization', 'kind', 'organization'],
    ['updatePlatform', 'level', 'platform'],
    ['updateServicePoint', 'category', 'servicePoint'],
  ])('%s with %s: null is BAD_USER_INPUT (null would erase a required value)', async (mutation, field, payload) => {
    const input = `Update${mutation.slice('update'.length)}Input`;
    const result = await hub.gql(`mutation($input: ${input}!) { ${mutation}(id: 1, input: $input) { ${payload} { id } } }`, { input: { [field]: null } }, { as: 'ADMIN' });
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].message).toContain(`${field} cannot be null`);
  });

  it('null still removes what may be removed (tier): the update goes on to its own checks', async () => {
    const result = await hub.gql('mutation { updateTalent(id: 999999, input: { tier: null }) { errors { field code } } }', {}, { as: 'ADMIN' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateTalent.errors).toEqual([{ field: 'id', code: 'NOT_FOUND' }]);
  });

  it.each([
    ['talents', 'query($f: TalentFilter) { talents(filter: $f) { totalCount } }'],
    ['talentLayout', 'query($f: TalentFilter) { talentLayout(level: VILLAGE, filter: $f) { count } }'],
    ['talentDistribution', 'query($f: TalentFilter) { talentDistribution(by: [GENDER], filter: $f) { total } }'],
  ])('%s: a LocalDate in year 0000 (ISO 8601, not PostgreSQL) is BAD_USER_INPUT', async (_name, query) => {
    expect(codes(await hub.gql(query, { f: { introducedFrom: '0000-01-01' } }, { as: 'ANALYST' }))).toEqual(['BAD_USER_INPUT']);
    expect((await hub.gql(query, { f: { introducedFrom: '0001-01-01', introducedTo: '9999-12-31' } }, { as: 'ANALYST' })).errors).toBeUndefined();
  });

  it("a service-point mutation's payload resolves the point's town and location", async () => {
    // Restoring an active point is a no-op, so the shared database is left as it is.
    const result = await hub.gql('mutation { unarchiveServicePoint(id: 1) { errors { code } servicePoint { id town { code name } location { latitude longitude } } } }', {}, { as: 'ADMIN' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.unarchiveServicePoint.servicePoint).toMatchObject({ id: '1', town: { code: expect.stringMatching(/^110117\d{6}$/), name: expect.any(String) } });
  });
});
