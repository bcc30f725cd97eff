import request from 'supertest';
import { buildHubSchema } from '../src/schema';
import { jose } from '../src/shared/auth/jose';
import { createTestApp, type TestApp } from './helpers/app';

const SECRET = 'access-test-secret-of-at-least-32-bytes!';
const ISSUER = 'https://idp.pinggu.test';
const AUDIENCE = 'huigu-hub';

type Caller = 'PUBLIC' | 'DASHBOARD' | 'ANALYST' | 'ADMIN' | 'ORG_MANAGER';
const CALLERS: Caller[] = ['PUBLIC', 'DASHBOARD', 'ANALYST', 'ADMIN', 'ORG_MANAGER'];
const EVERYONE = CALLERS;
const RECORD_READERS: Caller[] = ['ANALYST', 'ADMIN'];
const ADMIN_ONLY: Caller[] = ['ADMIN'];
/**
 * ORG_MANAGER passes the role gate of the talent fields but is held to its own organization:
 * every query below reaches outside it (talent 1, organization 1, unknown ids), so it must get
 * the organization-scope refusal (FORBIDDEN, `extensions.scope: ORGANIZATION`), not the role gate's.
 * What it may do inside its organization: test/org-manager.test.ts.
 */
const OUT_OF_SCOPE: Caller[] = ['ORG_MANAGER'];

/**
 * Every root field, the smallest query that reaches it, and who may call it (issue 5's table).
 * A root field added without an entry here fails the first test.
 */
const MATRIX: Matrix = {
  regions: { query: '{ regions(level: TOWN) { code } }', allowed: EVERYONE },
  servicePoints: { query: '{ servicePoints(first: 1) { totalCount } }', allowed: EVERYONE },
  servicePoint: { query: '{ servicePoint(id: 1) { id } }', allowed: EVERYONE },
  serviceCategories: { query: '{ serviceCategories { category count } }', allowed: EVERYONE },
  serviceMapGeoJSON: { query: '{ serviceMapGeoJSON(categories: [HOUSING]) }', allowed: EVERYONE },
  talentDistribution: { query: '{ talentDistribution(by: [ORG_KIND]) { total } }', allowed: EVERYONE },
  talentLayout: { query: '{ talentLayout(level: TOWN) { count } }', allowed: EVERYONE },
  talentLayoutGeoJSON: { query: '{ talentLayoutGeoJSON(level: TOWN) }', allowed: EVERYONE },
  talentTrend: { query: '{ talentTrend(from: 2020, to: 2021, by: TIER) { year count } }', allowed: EVERYONE },
  awardDistribution: { query: '{ awardDistribution(by: [PROGRAM]) { count } }', allowed: EVERYONE },
  platformDistribution: { query: '{ platformDistribution(by: [PLATFORM_TYPE]) { total } }', allowed: EVERYONE },
  disclosureControl: { query: '{ disclosureControl { method exact } }', allowed: EVERYONE },
  recruitmentEvents: { query: '{ recruitmentEvents(first: 1) { totalCount } }', allowed: EVERYONE },
  pairings: { query: '{ pairings(first: 1) { totalCount } }', allowed: EVERYONE },
  supplyDemandGap: { query: '{ supplyDemandGap(by: [INDUSTRY]) { demand supply } }', allowed: EVERYONE },
  trainingDistribution: { query: '{ trainingDistribution(by: [PROGRAMME_KIND]) { total } }', allowed: EVERYONE },
  talents: { query: '{ talents(first: 1) { totalCount } }', allowed: [...RECORD_READERS, 'ORG_MANAGER'] },
  talent: { query: '{ talent(id: 1) { id } }', allowed: RECORD_READERS, outOfScope: OUT_OF_SCOPE },
  organizations: { query: '{ organizations(first: 1) { totalCount } }', allowed: RECORD_READERS },
  organization: { query: '{ organization(id: 1) { id } }', allowed: RECORD_READERS },
  platforms: { query: '{ platforms(first: 1) { totalCount } }', allowed: RECORD_READERS },
  platform: { query: '{ platform(id: 1) { id } }', allowed: RECORD_READERS },
  awards: { query: '{ awards(first: 1) { totalCount } }', allowed: RECORD_READERS },
  award: { query: '{ award(id: 1) { id } }', allowed: RECORD_READERS },
  applications: { query: '{ applications(first: 1) { totalCount } }', allowed: RECORD_READERS },
  application: { query: '{ application(id: 1) { id } }', allowed: RECORD_READERS },
  applicationDistribution: { query: '{ applicationDistribution(by: [STATUS]) { count } }', allowed: RECORD_READERS },
  talentByIdNumber: { query: '{ talentByIdNumber(idNumber: "110117199001011234") { id } }', allowed: ADMIN_ONLY },
  auditEvents: { query: '{ auditEvents(first: 1) { totalCount } }', allowed: ADMIN_ONLY },
  // Issue 14: the job board is for everyone (what each role sees of it: test/demand-side.test.ts).
  shortageCatalogue: { query: '{ shortageCatalogue(year: 2024) { year } }', allowed: EVERYONE },
  demands: { query: '{ demands(first: 1) { totalCount } }', allowed: EVERYONE },
  demand: { query: '{ demand(id: 1) { id } }', allowed: EVERYONE },
  trainingProgrammes: { query: '{ trainingProgrammes(first: 1) { totalCount } }', allowed: EVERYONE },
  importJob: { query: '{ importJob(id: "1") { id } }', allowed: ADMIN_ONLY },
};

/**
 * Mutations of issue 6 (data entry): ADMIN only. Each call is refused by a domain rule even for
 * ADMIN (an unknown id, a bad ID number), so the run's shared seeded database is never written.
 */
const WRITERS: Caller[] = ['ADMIN'];
const T = 'education: MASTER, professionalTitle: NONE, talentType: SOCIAL_WORK, industry: AGRI_TECH, engagement: FULL_TIME, overseasExperience: false, introducedAt: "2024-01-01", organizationId: 1';
const O = 'kind: ENTERPRISE, industry: AGRI_TECH, townCode: "110117000000", address: "x", location: { latitude: 39.9, longitude: 116.4 }';
const MUTATIONS: Matrix = {
  createTalent: { query: `mutation { createTalent(input: { name: "x", idNumber: "1", phone: "1", ${T} }) { errors { code } } }`, allowed: WRITERS, outOfScope: OUT_OF_SCOPE },
  updateTalent: { query: 'mutation { updateTalent(id: 2147483647, input: { name: "x" }) { errors { code } } }', allowed: WRITERS, outOfScope: OUT_OF_SCOPE },
  createOrganization: { query: `mutation { createOrganization(input: { name: "x", ${O} }) { errors { code } } }`, allowed: WRITERS },
  updateOrganization: { query: 'mutation { updateOrganization(id: 2147483647, input: { name: "x" }) { errors { code } } }', allowed: WRITERS },
  createPlatform: {
    query: 'mutation { createPlatform(input: { name: "x", type: KEY_LAB, level: MUNICIPAL, hostOrganizationId: 2147483647, townCode: "110117000000", location: { latitude: 39.9, longitude: 116.4 }, establishedYear: 2020 }) { errors { code } } }',
    allowed: WRITERS,
  },
  updatePlatform: { query: 'mutation { updatePlatform(id: 2147483647, input: { name: "x" }) { errors { code } } }', allowed: WRITERS },
  createServicePoint: {
    query: 'mutation { createServicePoint(input: { name: "x", category: CLOTHING, subcategory: "MALL", address: "x", townCode: "110117000000", location: { latitude: 39.9, longitude: 116.4 } }) { errors { code } } }',
    allowed: WRITERS,
  },
  updateServicePoint: { query: 'mutation { updateServicePoint(id: 2147483647, input: { name: "x" }) { errors { code } } }', allowed: WRITERS },
  archiveTalent: { query: 'mutation { archiveTalent(id: 2147483647) { errors { code } } }', allowed: WRITERS, outOfScope: OUT_OF_SCOPE },
  archiveOrganization: { query: 'mutation { archiveOrganization(id: 2147483647) { errors { code } } }', allowed: WRITERS },
  archivePlatform: { query: 'mutation { archivePlatform(id: 2147483647) { errors { code } } }', allowed: WRITERS },
  archiveServicePoint: { query: 'mutation { archiveServicePoint(id: 2147483647) { errors { code } } }', allowed: WRITERS },
  unarchiveTalent: { query: 'mutation { unarchiveTalent(id: 2147483647) { errors { code } } }', allowed: WRITERS, outOfScope: OUT_OF_SCOPE },
  unarchiveOrganization: { query: 'mutation { unarchiveOrganization(id: 2147483647) { errors { code } } }', allowed: WRITERS },
  unarchivePlatform: { query: 'mutation { unarchivePlatform(id: 2147483647) { errors { code } } }', allowed: WRITERS },
  unarchiveServicePoint: { query: 'mutation { unarchiveServicePoint(id: 2147483647) { errors { code } } }', allowed: WRITERS },
  importTalents: { query: 'mutation { importTalents(rows: [{ name: "x" }], dryRun: false) { problems { row } } }', allowed: WRITERS },
  importOrganizations: { query: 'mutation { importOrganizations(rows: [{ name: "x" }], dryRun: false) { problems { row } } }', allowed: WRITERS },
  importServicePoints: { query: 'mutation { importServicePoints(rows: [{ name: "x" }], dryRun: false) { problems { row } } }', allowed: WRITERS },
  // Funding: refusals are GraphQL errors (NOT_FOUND for these ids), not payload errors.
  grantAward: {
    query: 'mutation { grantAward(input: { program: RELOCATION_SUBSIDY, recipient: { talentId: 2147483647 }, amount: "1.00", year: 2025, matter: "relocation" }) { id } }',
    allowed: WRITERS,
  },
  revokeAward: { query: 'mutation { revokeAward(id: 2147483647, reason: "x") { id } }', allowed: WRITERS },
  createApplication: {
    query: 'mutation { createApplication(input: { program: RELOCATION_SUBSIDY, applicant: { talentId: 2147483647 }, requestedAmount: "1.00", year: 2025, matter: "relocation" }) { id } }',
    allowed: WRITERS,
  },
  submitApplication: { query: 'mutation { submitApplication(id: 2147483647) { id } }', allowed: WRITERS },
  approveApplication: { query: 'mutation { approveApplication(id: 2147483647) { id } }', allowed: WRITERS },
  rejectApplication: { query: 'mutation { rejectApplication(id: 2147483647, reason: "x") { id } }', allowed: WRITERS },
  // Issue 14, the demand desk: ADMIN for any organization, ORG_MANAGER for its own (these ids are not its own: out of scope).
  postDemand: {
    query: 'mutation { postDemand(input: { organizationId: 2147483647, kind: POSITION, title: "x", description: "" }) { errors { code } } }',
    allowed: WRITERS,
    outOfScope: OUT_OF_SCOPE,
  },
  closeDemand: { query: 'mutation { closeDemand(input: { id: 2147483647 }) { errors { code } } }', allowed: WRITERS, outOfScope: OUT_OF_SCOPE },
  takeChallenge: {
    query: 'mutation { takeChallenge(input: { demandId: 2147483647, talentId: 2147483647, proposal: "x" }) { errors { code } } }',
    allowed: WRITERS,
    outOfScope: OUT_OF_SCOPE,
  },
  enrol: { query: 'mutation { enrol(input: { programmeId: 2147483647, talentId: 2147483647 }) { errors { code } } }', allowed: WRITERS, outOfScope: OUT_OF_SCOPE },
  endEnrolment: { query: 'mutation { endEnrolment(input: { id: 2147483647, status: WITHDRAWN }) { errors { code } } }', allowed: WRITERS, outOfScope: OUT_OF_SCOPE },
  importDemands: { query: 'mutation { importDemands(rows: [{ externalRef: "x" }], dryRun: false) { problems { row } } }', allowed: WRITERS },
  importCatalogueEntries: { query: 'mutation { importCatalogueEntries(rows: [{ year: "x" }], dryRun: false) { problems { row } } }', allowed: WRITERS },
  createCatalogueEntry: {
    query: 'mutation { createCatalogueEntry(input: { year: 2024, industry: DRONE, specialty: "x", minEducation: BACHELOR, minProfessionalTitle: NONE, headcount: 1, organizationId: 2147483647 }) { errors { code } } }',
    allowed: WRITERS,
  },
};

let hub: TestApp;
/** The organization the matrix's ORG_MANAGER manages: neither organization 1 nor talent 1's employer. */
let managedOrganization: number;
beforeAll(async () => {
  hub = await createTestApp({ env: { JWT_SECRET: SECRET, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE } });
  [{ id: managedOrganization }] = await hub.orm.em
    .getConnection()
    .execute<{ id: number }[]>('select id from organization where id <> 1 and id <> (select organization_id from talent where id = 1) order by id limit 1');
});
afterAll(() => hub.close());

const call = (query: string, caller: Caller) => hub.gql(query, {}, caller === 'PUBLIC' ? {} : { as: caller, org: managedOrganization });

type Matrix = Record<string, { query: string; allowed: Caller[]; outOfScope?: Caller[] }>;
type Response = Awaited<ReturnType<typeof call>>;

/** Every field of a root type × every caller: allowed ones are not refused, the others get FORBIDDEN and no data. */
function checkMatrix(matrix: Matrix, rootFields: () => Promise<string[]>, onAllowed: (result: Response, field: string) => void = () => undefined) {
  it('the matrix names every field of the root type', async () => {
    expect(Object.keys(matrix).sort()).toEqual((await rootFields()).sort());
  });

  const outcome = (allowed: Caller[], outOfScope: Caller[], caller: Caller) =>
    allowed.includes(caller) ? 'allowed' : outOfScope.includes(caller) ? 'out of scope' : 'refused';
  const cases = Object.entries(matrix).flatMap(([field, { query, allowed, outOfScope = [] }]) =>
    CALLERS.map((caller) => [field, caller, outcome(allowed, outOfScope, caller), query] as const),
  );

  it.each(cases)('%s as %s: %s', async (field, caller, expected, query) => {
    const result = await call(query, caller);
    const codes = (result.errors ?? []).map((e) => e.extensions?.code);
    if (expected === 'allowed') {
      expect(codes).not.toContain('FORBIDDEN');
      expect(codes).not.toContain('UNAUTHENTICATED');
      onAllowed(result, field);
    } else {
      expect(codes).toContain('FORBIDDEN');
      expect(result.data?.[field] ?? null).toBeNull();
      // The role gate refuses without a scope; the organization check says which rule refused.
      const scopes = (result.errors ?? []).map((e) => e.extensions?.scope);
      if (expected === 'out of scope') expect(scopes).toEqual(['ORGANIZATION']);
      else expect(scopes).not.toContain('ORGANIZATION');
    }
  });
}

describe('who may see what', () => {
  checkMatrix(MATRIX, async () => Object.keys((await buildHubSchema()).getQueryType()!.getFields()));
});

describe('who may write (mutations)', () => {
  // Allowed, and refused by a domain rule instead, so the shared database is never written.
  checkMatrix(MUTATIONS, async () => Object.keys((await buildHubSchema()).getMutationType()!.getFields()), (result, field) => {
    const refusals = result.errors ?? result.data?.[field].errors ?? result.data?.[field].problems;
    expect(refusals.length).toBeGreaterThan(0);
  });
});

describe('personal fields', () => {
  const PERSONAL = '{ talents(first: 3) { edges { node { id idNumber phone } } } }';

  it('are masked for ANALYST and write no audit row', async () => {
    const sql = hub.orm.em.getConnection();
    const [{ count: before }] = await sql.execute<{ count: number }[]>('select count(*)::int as count from audit_event');
    const result = await hub.gql(PERSONAL, {}, { as: 'ANALYST' });
    for (const { node } of result.data!.talents.edges) {
      expect(node.idNumber).toMatch(/^110117\*{8}\d{3}[\dX]$/);
      expect(node.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    }
    const [{ count: after }] = await sql.execute<{ count: number }[]>('select count(*)::int as count from audit_event');
    expect(after).toBe(before);
  });

  it('are in clear for ADMIN, and the read is audited once with who, what and which records', async () => {
    const result = await hub.gql(`query AdminLookup ${PERSONAL}`, {}, { as: 'ADMIN', sub: 'admin-zhang' });
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.talents.edges.map((e: any) => e.node);
    for (const node of nodes) {
      expect(node.idNumber).toMatch(/^110117\d{11}[\dX]$/);
      expect(node.phone).toMatch(/^1\d{10}$/);
    }
    const rows = await hub.orm.em
      .getConnection()
      .execute<{ subject: string; role: string; operation: string; entity_ids: number[]; fields: string[] }[]>(
        `select subject, role, operation, entity_ids, fields from audit_event where subject = 'admin-zhang'`,
      );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ role: 'ADMIN', operation: 'AdminLookup' });
    expect([...rows[0].entity_ids].sort()).toEqual(nodes.map((n: any) => Number(n.id)).sort());
    expect([...rows[0].fields].sort()).toEqual(['idNumber', 'phone']);
  });

  it.each([
    ['a well-formed id is kept beside it', 'admin-rid-sane', 'gw-2026.12.03:forged_0001', 'gw-2026.12.03:forged_0001'],
    ['a malformed id is dropped', 'admin-rid-forged', 'x" level="error', null],
    ['without an id', 'admin-rid-none', undefined, null],
  ])("the audit row names the request by the server's own id, whatever the client sends: %s", async (_case, subject, sent, kept) => {
    const call = request(hub.app).post('/graphql').set('content-type', 'application/json').set('authorization', await hub.bearer('ADMIN', subject));
    if (sent) call.set('x-request-id', sent);
    const response = await call.send({ query: PERSONAL });
    expect(response.body.errors).toBeUndefined();
    const serverId = response.headers['x-request-id'];
    expect(serverId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const rows = await hub.orm.em
      .getConnection()
      .execute<{ request_id: string; client_request_id: string | null }[]>(`select request_id, client_request_id from audit_event where subject = ?`, [subject]);
    expect(rows).toEqual([{ request_id: serverId, client_request_id: kept }]);
  });

  it('are stored encrypted: no column of the talent table holds an ID number or a phone in clear', async () => {
    const [{ count }] = await hub.orm.em
      .getConnection()
      .execute<{ count: number }[]>(
        `select count(*)::int as count from talent t, jsonb_each_text(to_jsonb(t)) as c(name, value)
          where c.value ~ '^110117[0-9]{11}[0-9X]$' or c.value ~ '^1[3-9][0-9]{9}$'`,
      );
    expect(count).toBe(0);
  });

  it('ADMIN finds a talent by its ID number through the keyed hash', async () => {
    const clear = await hub.gql('{ talent(id: 7) { id idNumber } }', {}, { as: 'ADMIN' });
    const found = await hub.gql('query($n: String!) { talentByIdNumber(idNumber: $n) { id } }', { n: clear.data!.talent.idNumber }, { as: 'ADMIN' });
    expect(found.data!.talentByIdNumber.id).toBe('7');
    const invalid = await hub.gql('{ talentByIdNumber(idNumber: "110117199001011230") { id } }', {}, { as: 'ADMIN' });
    expect(invalid.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(invalid.errors)).not.toContain('110117199001011230');
  });
});

describe('tokens', () => {
  const QUERY = '{ regions(level: TOWN) { code } }';
  const key = new TextEncoder().encode(SECRET);
  const sign = (claims: Record<string, unknown>, { exp = '1h', iss = ISSUER, aud = AUDIENCE, secret = key } = {}) =>
    new (jose().SignJWT)(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('tester').setIssuedAt().setIssuer(iss).setAudience(aud).setExpirationTime(exp).sign(secret);
  const send = (authorization: string) =>
    import('supertest').then(({ default: request }) =>
      request(hub.app).post('/graphql').set('content-type', 'application/json').set('authorization', authorization).send({ query: QUERY }),
    );

  it('a valid token is accepted', async () => {
    const response = await send(`Bearer ${await sign({ role: 'DASHBOARD' })}`);
    expect(response.body.errors).toBeUndefined();
  });

  it.each([
    ['expired', () => sign({ role: 'ANALYST' }, { exp: '-10m' })],
    ['wrong issuer', () => sign({ role: 'ANALYST' }, { iss: 'https://evil.example' })],
    ['wrong audience', () => sign({ role: 'ANALYST' }, { aud: 'someone-else' })],
    ['wrong signature', () => sign({ role: 'ADMIN' }, { secret: new TextEncoder().encode('another-secret-of-at-least-32-bytes!!') })],
    ['alg none', async () => `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ role: 'ADMIN', sub: 'x', iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url')}.`],
    ['unknown role', () => sign({ role: 'SUPERUSER' })],
    ['garbage', async () => 'not-a-jwt'],
  ])('%s is refused with UNAUTHENTICATED, never served as PUBLIC', async (_name, token) => {
    const response = await send(`Bearer ${await token()}`);
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('aggregates by role', () => {
  const CROSS_TAB = '{ talentDistribution(by: [TOWN, TIER], includeEmpty: true) { total buckets { count } disclosure { method exact } } }';

  it.each(['PUBLIC', 'DASHBOARD', 'ORG_MANAGER'] as const)('are perturbed for %s and exact for ANALYST and ADMIN', async (role) => {
    const { threshold: k } = hub.config.disclosure;
    const published = await hub.gql(CROSS_TAB, {}, role === 'PUBLIC' ? {} : { as: role });
    const analyst = await hub.gql(CROSS_TAB, {}, { as: 'ANALYST' });
    const admin = await hub.gql(CROSS_TAB, {}, { as: 'ADMIN' });
    const counts = (r: typeof published) => r.data!.talentDistribution.buckets.map((b: { count: number }) => b.count);
    expect(published.data!.talentDistribution.disclosure).toEqual({ method: 'CELL_KEY_PERTURBATION', exact: false });
    expect(analyst.data!.talentDistribution.disclosure).toEqual({ method: 'EXACT', exact: true });
    expect(counts(admin)).toEqual(counts(analyst));
    expect(counts(analyst).some((n: number) => n > 0 && n < k)).toBe(true);
    expect(counts(published).some((n: number) => n > 0 && n < k)).toBe(false);
    expect(counts(published)).not.toEqual(counts(analyst));
  });

  it('record-level filters, which make small complements easy to build, need a role that reads records', async () => {
    const query = '{ talentDistribution(by: [TIER], filter: { organizationIds: ["1"] }) { total } }';
    expect((await hub.gql(query, {}, { as: 'DASHBOARD' })).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await hub.gql(query, {}, { as: 'ANALYST' })).errors).toBeUndefined();
  });
});
