import { fromWgs84, CoordSystem } from '../src/shared/geo';
import type { TestApp } from './helpers/app';
import { createScratchHub } from './helpers/scratch-hub';
import { creditCode, idNumber } from './helpers/identities';

/** Writes go to a scratch database of their own, so the run's seeded register stays as it is. */
let hub: TestApp;
let town: { code: string; latitude: number; longitude: number };
let farTown: { code: string };
let organizationId: string;

beforeAll(async () => {
  hub = await createScratchHub('huigu_mutations');
  const sql = hub.orm.em.getConnection();
  const towns = await sql.execute<{ code: string; latitude: number; longitude: number }[]>(`select code, latitude, longitude from region where level = 'TOWN' order by code`);
  town = towns[0];
  farTown = towns.reduce((far, t) => (dist(t, town) > dist(far, town) ? t : far), towns[0]);
  [{ id: organizationId }] = await sql.execute<{ id: string }[]>('select id::text as id from organization order by id limit 1');
}, 60_000);
afterAll(async () => {
  await hub?.close();
});

const dist = (a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) => Math.hypot(a.latitude - b.latitude, a.longitude - b.longitude);
const count = async (table: string) => (await hub.orm.em.getConnection().execute<{ n: number }[]>(`select count(*)::int as n from ${table}`))[0].n;

const CREATE_TALENT = `mutation($input: CreateTalentInput!) { createTalent(input: $input) { talent { id name birthYear gender idNumber phone tier organization { id } } errors { field code message } } }`;
const UPDATE_TALENT = `mutation($id: ID!, $input: UpdateTalentInput!) { updateTalent(id: $id, input: $input) { talent { id name tier phone } errors { field code message } } }`;
const CREATE_ORG = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id name creditCode } errors { field code message } } }`;
const UPDATE_ORG = `mutation($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { organization { id name } errors { field code message } } }`;

let serial = 100;
const talentInput = (over: Record<string, unknown> = {}) => ({
  name: '测试人才',
  idNumber: idNumber(serial++, '19880315'),
  phone: '13800138000',
  education: 'MASTER',
  professionalTitle: 'SENIOR',
  talentType: 'PROFESSIONAL_TECHNICAL',
  tier: 'LEADING',
  industry: Object.values(require('../src/modules/organization/organization.enums').Industry)[0],
  engagement: 'FULL_TIME',
  overseasExperience: true,
  introducedAt: '2024-05-01',
  organizationId,
  ...over,
});
const orgInput = (over: Record<string, unknown> = {}) => ({
  name: '平谷测试科技有限公司',
  kind: 'ENTERPRISE',
  creditCode: creditCode(serial++),
  industry: talentInput().industry,
  townCode: town.code,
  address: '平谷区测试路 1 号',
  location: { latitude: town.latitude, longitude: town.longitude },
  ...over,
});

describe('createTalent / updateTalent', () => {
  it('creates a talent: birth year and gender from the ID number, personal fields encrypted', async () => {
    const input = talentInput({ idNumber: idNumber(201, '19880315') });
    const result = await hub.gql(CREATE_TALENT, { input }, { as: 'ADMIN' });
    expect(result.errors).toBeUndefined();
    const { talent, errors } = result.data!.createTalent;
    expect(errors).toEqual([]);
    expect(talent).toMatchObject({ name: '测试人才', birthYear: 1988, gender: 'MALE', idNumber: input.idNumber, phone: '13800138000', tier: 'LEADING', organization: { id: organizationId } });
    const [row] = await hub.orm.em.getConnection().execute(`select id_number_cipher, phone_cipher from talent where id = ${Number(talent.id)}`);
    expect(row.id_number_cipher).toMatch(/^v1:/);
    expect(JSON.stringify(row)).not.toContain(input.idNumber);
  });

  it.each([
    ['a wrong check character', { idNumber: '110117198803150011' }, 'idNumber', 'INVALID_ID_NUMBER'],
    ['an impossible birth date', { idNumber: idNumber(5, '19880230') }, 'idNumber', 'INVALID_ID_NUMBER'],
    ['a short ID number', { idNumber: '11011719880315' }, 'idNumber', 'INVALID_ID_NUMBER'],
    ['a landline as mobile', { phone: '010-69961234' }, 'phone', 'INVALID_PHONE'],
    ['an unknown employer', { organizationId: '99999999' }, 'organizationId', 'NOT_FOUND'],
  ])('refuses %s with a field error, writing nothing', async (_case, over, field, code) => {
    const before = await count('talent');
    const result = await hub.gql(CREATE_TALENT, { input: talentInput(over) }, { as: 'ADMIN' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.createTalent.talent).toBeNull();
    expect(result.data!.createTalent.errors).toEqual([expect.objectContaining({ field, code })]);
    expect(await count('talent')).toBe(before);
  });

  it('reports every problem at once and never echoes personal values', async () => {
    const input = talentInput({ idNumber: '110117198803150011', phone: '12345' });
    const { errors } = (await hub.gql(CREATE_TALENT, { input }, { as: 'ADMIN' })).data!.createTalent;
    expect(errors.map((e: any) => e.code).sort()).toEqual(['INVALID_ID_NUMBER', 'INVALID_PHONE']);
    expect(JSON.stringify(errors)).not.toContain('110117198803150011');
    expect(JSON.stringify(errors)).not.toContain('12345');
  });

  it('refuses an unknown enum value as a GraphQL validation error', async () => {
    const result = await hub.gql(CREATE_TALENT, { input: talentInput({ education: 'PHD' }) }, { as: 'ADMIN' });
    expect(result.errors?.[0].message).toMatch(/Education/);
  });

  it('a second talent with the same ID number (any letter case) is a DUPLICATE, backed by the unique index', async () => {
    const id = idNumber(7, '19751231'); // ends with a digit or X
    const first = await hub.gql(CREATE_TALENT, { input: talentInput({ idNumber: id }) }, { as: 'ADMIN' });
    expect(first.data!.createTalent.errors).toEqual([]);
    const before = await count('talent');
    const second = await hub.gql(CREATE_TALENT, { input: talentInput({ idNumber: id.toLowerCase() }) }, { as: 'ADMIN' });
    expect(second.data!.createTalent).toEqual({ talent: null, errors: [expect.objectContaining({ field: 'idNumber', code: 'DUPLICATE' })] });
    expect(await count('talent')).toBe(before);
  });

  it('updates only the fields given; null removes the tier', async () => {
    const created = (await hub.gql(CREATE_TALENT, { input: talentInput() }, { as: 'ADMIN' })).data!.createTalent.talent;
    const result = await hub.gql(UPDATE_TALENT, { id: created.id, input: { tier: null, phone: '+86 139 0000 1111' } }, { as: 'ADMIN' });
    expect(result.data!.updateTalent).toEqual({ talent: { id: created.id, name: '测试人才', tier: null, phone: '13900001111' }, errors: [] });
  });

  it('update of an unknown talent is NOT_FOUND; an invalid phone leaves the talent unchanged', async () => {
    const missing = await hub.gql(UPDATE_TALENT, { id: '99999999', input: { name: 'x' } }, { as: 'ADMIN' });
    expect(missing.data!.updateTalent.errors).toEqual([expect.objectContaining({ field: 'id', code: 'NOT_FOUND' })]);
    const created = (await hub.gql(CREATE_TALENT, { input: talentInput() }, { as: 'ADMIN' })).data!.createTalent.talent;
    const refused = await hub.gql(UPDATE_TALENT, { id: created.id, input: { name: '改名', phone: '999' } }, { as: 'ADMIN' });
    expect(refused.data!.updateTalent.errors).toEqual([expect.objectContaining({ code: 'INVALID_PHONE' })]);
    const [row] = await hub.orm.em.getConnection().execute(`select name from talent where id = ${Number(created.id)}`);
    expect(row.name).toBe('测试人才');
  });

  it('a dashboard sees the new talent on its next query (the data version moves)', async () => {
    const DIST = '{ talentDistribution(by: [ORG_KIND]) { total } }';
    const before = (await hub.gql(DIST, {}, { as: 'ANALYST' })).data!.talentDistribution.total;
    const totalBefore = (await hub.gql('{ talents(first: 1) { totalCount } }', {}, { as: 'ANALYST' })).data!.talents.totalCount;
    expect((await hub.gql(CREATE_TALENT, { input: talentInput() }, { as: 'ADMIN' })).data!.createTalent.errors).toEqual([]);
    expect((await hub.gql(DIST, {}, { as: 'ANALYST' })).data!.talentDistribution.total).toBe(before + 1);
    expect((await hub.gql('{ talents(first: 1) { totalCount } }', {}, { as: 'ANALYST' })).data!.talents.totalCount).toBe(totalBefore + 1);
  });
});

describe('createOrganization / updateOrganization', () => {
  it('creates an organization at its town', async () => {
    const result = await hub.gql(CREATE_ORG, { input: orgInput() }, { as: 'ADMIN' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.createOrganization.errors).toEqual([]);
    expect(result.data!.createOrganization.organization.name).toBe('平谷测试科技有限公司');
  });

  it('accepts a location in GCJ-02 and stores it as WGS-84', async () => {
    const gcj = fromWgs84({ latitude: town.latitude, longitude: town.longitude }, CoordSystem.GCJ02);
    const result = await hub.gql(CREATE_ORG, { input: orgInput({ location: gcj, coordSystem: 'GCJ02' }) }, { as: 'ADMIN' });
    expect(result.data!.createOrganization.errors).toEqual([]);
    const [row] = await hub.orm.em.getConnection().execute(`select latitude, longitude from organization where id = ${Number(result.data!.createOrganization.organization.id)}`);
    expect(row.latitude).toBeCloseTo(town.latitude, 6);
    expect(row.longitude).toBeCloseTo(town.longitude, 6);
  });

  it.each([
    ['a wrong credit-code check character', () => ({ creditCode: creditCode(1).slice(0, 17) + (creditCode(1).endsWith('0') ? '1' : '0') }), 'creditCode', 'INVALID_CREDIT_CODE'],
    ['a point in central Beijing', () => ({ location: { latitude: 39.9087, longitude: 116.3975 } }), 'location', 'OUT_OF_DISTRICT'],
    ['a town far from the point', () => ({ townCode: farTown.code }), 'townCode', 'TOWN_MISMATCH'],
    ['an unknown town', () => ({ townCode: '110117999000' }), 'townCode', 'NOT_FOUND'],
  ])('refuses %s', async (_case, over, field, code) => {
    const before = await count('organization');
    const result = await hub.gql(CREATE_ORG, { input: orgInput(over()) }, { as: 'ADMIN' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.createOrganization).toEqual({ organization: null, errors: [expect.objectContaining({ field, code })] });
    expect(await count('organization')).toBe(before);
  });

  it('a second organization with the same credit code is a DUPLICATE', async () => {
    const code = creditCode(777);
    expect((await hub.gql(CREATE_ORG, { input: orgInput({ creditCode: code }) }, { as: 'ADMIN' })).data!.createOrganization.errors).toEqual([]);
    const second = await hub.gql(CREATE_ORG, { input: orgInput({ creditCode: code.toLowerCase() }) }, { as: 'ADMIN' });
    expect(second.data!.createOrganization.errors).toEqual([expect.objectContaining({ field: 'creditCode', code: 'DUPLICATE' })]);
  });

  it('updating the town alone re-checks it against the stored location', async () => {
    const created = (await hub.gql(CREATE_ORG, { input: orgInput() }, { as: 'ADMIN' })).data!.createOrganization.organization;
    const moved = await hub.gql(UPDATE_ORG, { id: created.id, input: { townCode: farTown.code } }, { as: 'ADMIN' });
    expect(moved.data!.updateOrganization.errors).toEqual([expect.objectContaining({ field: 'townCode', code: 'TOWN_MISMATCH' })]);
    const renamed = await hub.gql(UPDATE_ORG, { id: created.id, input: { name: '新名称' } }, { as: 'ADMIN' });
    expect(renamed.data!.updateOrganization).toEqual({ organization: { id: created.id, name: '新名称' }, errors: [] });
  });
});

describe('createPlatform / updatePlatform (with members)', () => {
  const CREATE = `mutation($input: CreatePlatformInput!) { createPlatform(input: $input) { platform { id name members(first: 50) { edges { node { id } } } } errors { field code message } } }`;
  const UPDATE = `mutation($id: ID!, $input: UpdatePlatformInput!) { updatePlatform(id: $id, input: $input) { platform { id members(first: 50) { edges { node { id } } } } errors { field code message } } }`;
  let talentIds: string[];
  beforeAll(async () => {
    talentIds = (await hub.orm.em.getConnection().execute<{ id: string }[]>('select id::text as id from talent order by id limit 3')).map((r) => r.id);
  });
  const input = (over: Record<string, unknown> = {}) => ({
    name: '测试院士专家工作站', type: 'ACADEMICIAN_WORKSTATION', level: 'MUNICIPAL', hostOrganizationId: organizationId,
    townCode: town.code, location: { latitude: town.latitude, longitude: town.longitude }, establishedYear: 2022, memberIds: talentIds.slice(0, 2), ...over,
  });
  const ids = (platform: any) => platform.members.edges.map((e: any) => e.node.id).sort();

  it('creates a platform with its members', async () => {
    const result = await hub.gql(CREATE, { input: input() }, { as: 'ADMIN' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.createPlatform.errors).toEqual([]);
    expect(ids(result.data!.createPlatform.platform)).toEqual(talentIds.slice(0, 2).sort());
  });

  it('one unknown member id writes nothing: no platform, no membership', async () => {
    const [platforms, members] = [await count('platform'), await count('platform_membership')];
    const result = await hub.gql(CREATE, { input: input({ memberIds: [talentIds[0], '99999999'] }) }, { as: 'ADMIN' });
    expect(result.data!.createPlatform).toEqual({ platform: null, errors: [expect.objectContaining({ field: 'memberIds', code: 'NOT_FOUND' })] });
    expect([await count('platform'), await count('platform_membership')]).toEqual([platforms, members]);
  });

  it('refuses a location outside the district and an impossible year', async () => {
    const result = await hub.gql(CREATE, { input: input({ location: { latitude: 40.2, longitude: 118.5 }, establishedYear: 1900 }) }, { as: 'ADMIN' });
    expect(result.data!.createPlatform.errors.map((e: any) => e.code).sort()).toEqual(['INVALID_VALUE', 'OUT_OF_DISTRICT']);
  });

  it('update replaces the members; an unknown member leaves them as they were', async () => {
    const created = (await hub.gql(CREATE, { input: input() }, { as: 'ADMIN' })).data!.createPlatform.platform;
    const replaced = await hub.gql(UPDATE, { id: created.id, input: { memberIds: [talentIds[2]] } }, { as: 'ADMIN' });
    expect(ids(replaced.data!.updatePlatform.platform)).toEqual([talentIds[2]]);
    const refused = await hub.gql(UPDATE, { id: created.id, input: { name: '改', memberIds: ['99999999'] } }, { as: 'ADMIN' });
    expect(refused.data!.updatePlatform.errors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    const [row] = await hub.orm.em.getConnection().execute(`select count(*)::int as n from platform_membership where platform_id = ${Number(created.id)}`);
    expect(row.n).toBe(1);
  });
});

describe('createServicePoint / updateServicePoint', () => {
  const CREATE = `mutation($input: CreateServicePointInput!) { createServicePoint(input: $input) { servicePoint { id name subcategory } errors { field code message } } }`;
  const UPDATE = `mutation($id: ID!, $input: UpdateServicePointInput!) { updateServicePoint(id: $id, input: $input) { servicePoint { id name } errors { field code message } } }`;
  const input = (over: Record<string, unknown> = {}) => ({
    name: '测试洗衣店', category: 'CLOTHING', subcategory: 'LAUNDRY', address: '平谷区测试路 2 号', townCode: town.code,
    location: { latitude: town.latitude, longitude: town.longitude }, ...over,
  });

  it('creates a point given in BD-09', async () => {
    const bd = fromWgs84({ latitude: town.latitude, longitude: town.longitude }, CoordSystem.BD09);
    const result = await hub.gql(CREATE, { input: input({ location: bd, coordSystem: 'BD09' }) }, { as: 'ADMIN' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.createServicePoint).toMatchObject({ servicePoint: { name: '测试洗衣店', subcategory: 'LAUNDRY' }, errors: [] });
  });

  it('refuses a subcategory of another category, and a town far from the point', async () => {
    const before = await count('service_point');
    const result = await hub.gql(CREATE, { input: input({ subcategory: 'MALLX', townCode: farTown.code }) }, { as: 'ADMIN' });
    expect(result.data!.createServicePoint.errors.map((e: any) => `${e.field}:${e.code}`).sort()).toEqual(['subcategory:INVALID_VALUE', 'townCode:TOWN_MISMATCH']);
    expect(await count('service_point')).toBe(before);
  });

  it('updates the name; an unknown id is NOT_FOUND', async () => {
    const created = (await hub.gql(CREATE, { input: input() }, { as: 'ADMIN' })).data!.createServicePoint.servicePoint;
    expect((await hub.gql(UPDATE, { id: created.id, input: { name: '新洗衣店' } }, { as: 'ADMIN' })).data!.updateServicePoint).toEqual({ servicePoint: { id: created.id, name: '新洗衣店' }, errors: [] });
    expect((await hub.gql(UPDATE, { id: '99999999', input: { name: 'x' } }, { as: 'ADMIN' })).data!.updateServicePoint.errors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
  });
});

describe('archiveTalent / archiveOrganization', () => {
  const ARCHIVE_TALENT = 'mutation($id: ID!) { archiveTalent(id: $id) { talent { id } errors { field code } } }';
  const ARCHIVE_ORG = 'mutation($id: ID!) { archiveOrganization(id: $id) { organization { id } errors { field code } } }';
  const totals = async () => {
    const result = await hub.gql(`query($org: ID!) { talents(first: 1) { totalCount } talentDistribution(by: [ORG_KIND]) { total }
      organization(id: $org) { talents(first: 1) { totalCount } } }`, { org: organizationId }, { as: 'ANALYST' });
    expect(result.errors).toBeUndefined();
    return { list: result.data!.talents.totalCount, analytics: result.data!.talentDistribution.total, ofEmployer: result.data!.organization.talents.totalCount };
  };

  it('an archived talent leaves lists, counts and analytics, and stays reachable by id', async () => {
    const created = (await hub.gql(CREATE_TALENT, { input: talentInput() }, { as: 'ADMIN' })).data!.createTalent.talent;
    const before = await totals();
    expect(before.list).toBe(before.analytics);
    const archived = await hub.gql(ARCHIVE_TALENT, { id: created.id }, { as: 'ADMIN' });
    expect(archived.data!.archiveTalent).toEqual({ talent: { id: created.id }, errors: [] });
    expect(await totals()).toEqual({ list: before.list - 1, analytics: before.analytics - 1, ofEmployer: before.ofEmployer - 1 });
    // Twice is a no-op; the record stays for history.
    expect((await hub.gql(ARCHIVE_TALENT, { id: created.id }, { as: 'ADMIN' })).data!.archiveTalent.errors).toEqual([]);
    expect((await totals()).analytics).toBe(before.analytics - 1);
    expect((await hub.gql('query($id: ID!) { talent(id: $id) { id } }', { id: created.id }, { as: 'ANALYST' })).data!.talent).toEqual({ id: created.id });
  });

  it('an organization with active talents is IN_USE; an empty one is archived and leaves the list', async () => {
    expect((await hub.gql(ARCHIVE_ORG, { id: organizationId }, { as: 'ADMIN' })).data!.archiveOrganization.errors).toEqual([expect.objectContaining({ code: 'IN_USE' })]);
    const created = (await hub.gql(CREATE_ORG, { input: orgInput({ name: '待归档单位' }) }, { as: 'ADMIN' })).data!.createOrganization.organization;
    const listed = async () => (await hub.gql('{ organizations(first: 5, filter: { nameContains: "待归档单位" }) { totalCount } }', {}, { as: 'ANALYST' })).data!.organizations.totalCount;
    expect(await listed()).toBe(1);
    expect((await hub.gql(ARCHIVE_ORG, { id: created.id }, { as: 'ADMIN' })).data!.archiveOrganization.errors).toEqual([]);
    expect(await listed()).toBe(0);
    // No new talent can be placed there.
    const placed = await hub.gql(CREATE_TALENT, { input: talentInput({ organizationId: created.id }) }, { as: 'ADMIN' });
    expect(placed.data!.createTalent.errors).toEqual([expect.objectContaining({ field: 'organizationId', code: 'NOT_FOUND' })]);
  });

  it('unknown ids are NOT_FOUND', async () => {
    expect((await hub.gql(ARCHIVE_TALENT, { id: '99999999' }, { as: 'ADMIN' })).data!.archiveTalent.errors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    expect((await hub.gql(ARCHIVE_ORG, { id: '99999999' }, { as: 'ADMIN' })).data!.archiveOrganization.errors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
  });
});

/** Runs an (un)archive mutation as ADMIN and returns its payload errors. */
const run = async (mutation: string, id: string) => {
  const result = await hub.gql(`mutation($id: ID!) { ${mutation}(id: $id) { errors { field code } } }`, { id }, { as: 'ADMIN' });
  expect(result.errors).toBeUndefined();
  return result.data![mutation].errors;
};

const ARCHIVE_PLATFORM = 'mutation($id: ID!) { archivePlatform(id: $id) { platform { id } errors { field code } } }';
const ARCHIVE_POINT = 'mutation($id: ID!) { archiveServicePoint(id: $id) { servicePoint { id } errors { field code } } }';

/** A new platform hosted by `hostId` with one member, and what lists and platformDistribution show of it. */
async function platformFixture(name: string, hostId: string) {
  const [{ id: memberId }] = await hub.orm.em.getConnection().execute<{ id: string }[]>('select id::text as id from talent where archived_at is null order by id limit 1');
  const created = await hub.gql(
    'mutation($input: CreatePlatformInput!) { createPlatform(input: $input) { platform { id } errors { code } } }',
    { input: { name, type: 'KEY_LAB', level: 'DISTRICT', hostOrganizationId: hostId, townCode: town.code,
      location: { latitude: town.latitude, longitude: town.longitude }, establishedYear: 2020, memberIds: [memberId] } },
    { as: 'ADMIN' },
  );
  expect(created.data!.createPlatform.errors).toEqual([]);
  const id: string = created.data!.createPlatform.platform.id;
  const seen = async () => {
    const result = await hub.gql(
      `query($name: String!, $org: ID!, $talent: ID!) { platforms(first: 5, filter: { nameContains: $name }) { totalCount edges { node { id } } }
        organization(id: $org) { platforms { id } } talent(id: $talent) { platforms { id } } platformDistribution(by: [PLATFORM_TYPE]) { total } }`,
      { name, org: hostId, talent: memberId },
      { as: 'ANALYST' },
    );
    expect(result.errors).toBeUndefined();
    const d = result.data!;
    return {
      listed: d.platforms.totalCount,
      inList: d.platforms.edges.some((e: any) => e.node.id === id),
      ofHost: d.organization.platforms.some((p: any) => p.id === id),
      ofMember: d.talent.platforms.some((p: any) => p.id === id),
      total: d.platformDistribution.total,
    };
  };
  return { id, seen };
}

/** A new laundry at the first town's centroid, and what servicePoints, serviceCategories and the GeoJSON show of it. */
async function servicePointFixture(name: string) {
  const created = await hub.gql(
    'mutation($input: CreateServicePointInput!) { createServicePoint(input: $input) { servicePoint { id } errors { code } } }',
    { input: { name, category: 'CLOTHING', subcategory: 'LAUNDRY', address: '平谷区测试路 3 号', townCode: town.code,
      location: { latitude: town.latitude, longitude: town.longitude } } },
    { as: 'ADMIN' },
  );
  expect(created.data!.createServicePoint.errors).toEqual([]);
  const id: string = created.data!.createServicePoint.servicePoint.id;
  const at = { latitude: town.latitude, longitude: town.longitude };
  const box = { minLatitude: at.latitude - 0.01, minLongitude: at.longitude - 0.01, maxLatitude: at.latitude + 0.01, maxLongitude: at.longitude + 0.01 };
  const seen = async () => {
    const result = await hub.gql(
      `query($near: NearInput!, $box: BoundingBoxInput!, $towns: [String!]) {
        plain: servicePoints(first: 100, townCodes: $towns, categories: [CLOTHING]) { totalCount edges { node { id } } }
        near: servicePoints(first: 100, near: $near, categories: [CLOTHING]) { totalCount edges { node { id } } }
        within: servicePoints(first: 100, within: $box, categories: [CLOTHING]) { totalCount edges { node { id } } }
        serviceCategories { category count subcategories { value count } } }`,
      { near: { ...at, radiusMeters: 1000 }, box, towns: [town.code] },
    );
    // A layer costs a request's whole budget (it may hold 10,000 features): asked on its own.
    const layer = await hub.gql('query($box: BoundingBoxInput!) { serviceMapGeoJSON(categories: [CLOTHING], within: $box) }', { box });
    expect(result.errors).toBeUndefined();
    expect(layer.errors).toBeUndefined();
    const d = { ...result.data!, ...layer.data! };
    const has = (c: any) => c.edges.some((e: any) => e.node.id === id);
    const clothing = d.serviceCategories.find((c: any) => c.category === 'CLOTHING');
    return {
      counts: [d.plain.totalCount, d.near.totalCount, d.within.totalCount, clothing.count, clothing.subcategories.find((s: any) => s.value === 'LAUNDRY').count],
      listed: [has(d.plain), has(d.near), has(d.within), d.serviceMapGeoJSON.features.some((f: any) => String(f.id ?? f.properties?.id) === id)],
      features: d.serviceMapGeoJSON.features.length,
    };
  };
  return { id, seen };
}

describe('archivePlatform / archiveServicePoint', () => {
  it('an archived platform leaves the list, its host, its members and platformDistribution; reachable by id', async () => {
    const { id, seen } = await platformFixture('待归档平台', organizationId);
    const before = await seen();
    expect(before).toMatchObject({ listed: 1, inList: true, ofHost: true, ofMember: true });
    expect((await hub.gql(ARCHIVE_PLATFORM, { id }, { as: 'ADMIN' })).data!.archivePlatform).toEqual({ platform: { id }, errors: [] });
    expect(await seen()).toEqual({ listed: 0, inList: false, ofHost: false, ofMember: false, total: before.total - 1 });
    // Twice is a no-op; the row stays reachable by id.
    expect((await hub.gql(ARCHIVE_PLATFORM, { id }, { as: 'ADMIN' })).data!.archivePlatform.errors).toEqual([]);
    expect((await seen()).total).toBe(before.total - 1);
    expect((await hub.gql('query($id: ID!) { platform(id: $id) { id } }', { id }, { as: 'ANALYST' })).data!.platform).toEqual({ id });
  });

  it('an archived service point leaves servicePoints (plain, near, within), serviceCategories and serviceMapGeoJSON', async () => {
    const { id, seen } = await servicePointFixture('待归档洗衣店');
    const before = await seen();
    expect(before.listed).toEqual([true, true, true, true]);
    expect((await hub.gql(ARCHIVE_POINT, { id }, { as: 'ADMIN' })).data!.archiveServicePoint).toEqual({ servicePoint: { id }, errors: [] });
    expect(await seen()).toEqual({ counts: before.counts.map((n) => n - 1), listed: [false, false, false, false], features: before.features - 1 });
    expect((await hub.gql(ARCHIVE_POINT, { id }, { as: 'ADMIN' })).data!.archiveServicePoint.errors).toEqual([]);
  });

  it('unknown ids are NOT_FOUND', async () => {
    expect((await hub.gql(ARCHIVE_PLATFORM, { id: '99999999' }, { as: 'ADMIN' })).data!.archivePlatform.errors).toEqual([expect.objectContaining({ field: 'id', code: 'NOT_FOUND' })]);
    expect((await hub.gql(ARCHIVE_POINT, { id: '99999999' }, { as: 'ADMIN' })).data!.archiveServicePoint.errors).toEqual([expect.objectContaining({ field: 'id', code: 'NOT_FOUND' })]);
  });
});

describe('unarchivePlatform / unarchiveServicePoint', () => {
  const UNARCHIVE_PLATFORM = 'mutation($id: ID!) { unarchivePlatform(id: $id) { platform { id } errors { field code } } }';
  const UNARCHIVE_POINT = 'mutation($id: ID!) { unarchiveServicePoint(id: $id) { servicePoint { id } errors { field code } } }';
  const unarchivePlatform = async (id: string) => (await hub.gql(UNARCHIVE_PLATFORM, { id }, { as: 'ADMIN' })).data!.unarchivePlatform;
  const unarchivePoint = async (id: string) => (await hub.gql(UNARCHIVE_POINT, { id }, { as: 'ADMIN' })).data!.unarchiveServicePoint;

  it('an archived platform comes back into the list, its host, its members and platformDistribution; its host first', async () => {
    const host = (await hub.gql(CREATE_ORG, { input: orgInput({ name: '待恢复平台依托单位' }) }, { as: 'ADMIN' })).data!.createOrganization.organization;
    const { id, seen } = await platformFixture('待恢复平台', host.id);
    const before = await seen();
    expect(before).toMatchObject({ listed: 1, inList: true, ofHost: true, ofMember: true });
    expect(await run('archivePlatform', id)).toEqual([]);
    // The host has no talents, so it can be archived too.
    expect(await run('archiveOrganization', host.id)).toEqual([]);
    const archived = { listed: 0, inList: false, ofHost: false, ofMember: false, total: before.total - 1 };

    // Not while its host is archived: nothing changes.
    expect(await unarchivePlatform(id)).toEqual({ platform: null, errors: [{ field: 'hostOrganizationId', code: 'NOT_FOUND' }] });
    expect(await seen()).toEqual(archived);

    expect(await run('unarchiveOrganization', host.id)).toEqual([]);
    expect(await unarchivePlatform(id)).toEqual({ platform: { id }, errors: [] });
    expect(await seen()).toEqual(before);
    // Restoring an active platform is a no-op.
    expect(await unarchivePlatform(id)).toEqual({ platform: { id }, errors: [] });
    expect(await seen()).toEqual(before);
  });

  it('an archived service point comes back into servicePoints (plain, near, within), serviceCategories and serviceMapGeoJSON', async () => {
    const { id, seen } = await servicePointFixture('待恢复洗衣店');
    const before = await seen();
    expect(before.listed).toEqual([true, true, true, true]);
    expect(await run('archiveServicePoint', id)).toEqual([]);
    expect((await seen()).listed).toEqual([false, false, false, false]);

    expect(await unarchivePoint(id)).toEqual({ servicePoint: { id }, errors: [] });
    expect(await seen()).toEqual(before);
    // Restoring an active point is a no-op.
    expect(await unarchivePoint(id)).toEqual({ servicePoint: { id }, errors: [] });
    expect(await seen()).toEqual(before);
  });

  it('unknown ids are NOT_FOUND', async () => {
    expect(await unarchivePlatform('99999999')).toEqual({ platform: null, errors: [{ field: 'id', code: 'NOT_FOUND' }] });
    expect(await unarchivePoint('99999999')).toEqual({ servicePoint: null, errors: [{ field: 'id', code: 'NOT_FOUND' }] });
  });
});

describe('unarchiveTalent / unarchiveOrganization', () => {
  const totals = async (orgName: string) => {
    const result = await hub.gql(
      `query($name: String!) { talents(first: 1) { totalCount } talentDistribution(by: [ORG_KIND]) { total }
        organizations(first: 5, filter: { nameContains: $name }) { totalCount } }`,
      { name: orgName },
      { as: 'ANALYST' },
    );
    expect(result.errors).toBeUndefined();
    return { list: result.data!.talents.totalCount, analytics: result.data!.talentDistribution.total, organizations: result.data!.organizations.totalCount };
  };

  it('an archived talent and its employer come back into lists and analytics; the employer first', async () => {
    const org = (await hub.gql(CREATE_ORG, { input: orgInput({ name: '待恢复单位' }) }, { as: 'ADMIN' })).data!.createOrganization.organization;
    const talent = (await hub.gql(CREATE_TALENT, { input: talentInput({ organizationId: org.id }) }, { as: 'ADMIN' })).data!.createTalent.talent;
    const before = await totals('待恢复单位');
    expect(before.list).toBe(before.analytics);
    expect(before.organizations).toBe(1);

    expect(await run('archiveTalent', talent.id)).toEqual([]);
    expect(await run('archiveOrganization', org.id)).toEqual([]);
    expect(await totals('待恢复单位')).toEqual({ list: before.list - 1, analytics: before.analytics - 1, organizations: 0 });

    // Not while its employer is archived: nothing changes.
    expect(await run('unarchiveTalent', talent.id)).toEqual([{ field: 'organizationId', code: 'NOT_FOUND' }]);
    expect((await totals('待恢复单位')).analytics).toBe(before.analytics - 1);

    expect(await run('unarchiveOrganization', org.id)).toEqual([]);
    expect(await run('unarchiveTalent', talent.id)).toEqual([]);
    const after = await totals('待恢复单位');
    expect(after).toEqual(before);
    expect(after.list).toBe(after.analytics);
    // Twice is a no-op.
    expect(await run('unarchiveTalent', talent.id)).toEqual([]);
    expect(await run('unarchiveOrganization', org.id)).toEqual([]);
    expect(await totals('待恢复单位')).toEqual(before);
  });

  it('unknown ids are NOT_FOUND', async () => {
    expect(await run('unarchiveTalent', '99999999')).toEqual([{ field: 'id', code: 'NOT_FOUND' }]);
    expect(await run('unarchiveOrganization', '99999999')).toEqual([{ field: 'id', code: 'NOT_FOUND' }]);
  });
});
