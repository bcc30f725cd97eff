import type { TestApp } from './helpers/app';
import { createScratchHub } from './helpers/scratch-hub';
import { idNumber } from './helpers/identities';

/**
 * ORG_MANAGER (单位管理员): reads and edits the talents of the one organization its token names
 * (`org`), with personal fields masked; anything outside it is FORBIDDEN, the same answer whether
 * the talent exists elsewhere or not at all. Writes go to a scratch database.
 */
let hub: TestApp;
/** The managed organization and another one, each with active talents. */
let own: number;
let other: number;
let otherTalent: string;

const sql = <T>(query: string, params: unknown[] = []) => hub.orm.em.getConnection().execute<T[]>(query, params);
const activeOf = async (org: number) => (await sql<{ n: number }>('select count(*)::int as n from talent where organization_id = ? and archived_at is null', [org]))[0].n;
const auditRows = async () => (await sql<{ n: number }>('select count(*)::int as n from audit_event'))[0].n;
const snapshot = () => sql<Record<string, unknown>>('select md5(string_agg(t::text, \'|\' order by id)) as h, count(*)::int as n from talent t');

beforeAll(async () => {
  hub = await createScratchHub('huigu_org_manager');
  const orgs = await sql<{ id: number }>('select organization_id as id from talent where archived_at is null group by organization_id having count(*) >= 2 order by organization_id limit 2');
  [own, other] = orgs.map((o) => o.id);
  [{ id: otherTalent }] = await sql<{ id: string }>('select id::text as id from talent where organization_id = ? order by id limit 1', [other]);
}, 60_000);
afterAll(async () => {
  await hub?.close();
});

const asManager = (query: string, variables: Record<string, unknown> = {}) => hub.gql(query, variables, { as: 'ORG_MANAGER', sub: 'hr-li', org: own });
const forbidden = (result: Awaited<ReturnType<typeof asManager>>) => {
  expect(result.errors?.map((e) => [e.extensions?.code, e.extensions?.scope])).toEqual([['FORBIDDEN', 'ORGANIZATION']]);
  return result.errors![0].message;
};

const TALENT_FIELDS = 'id name idNumber phone organization { id }';
const CREATE = `mutation($input: CreateTalentInput!) { createTalent(input: $input) { talent { ${TALENT_FIELDS} } errors { field code } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateTalentInput!) { updateTalent(id: $id, input: $input) { talent { id name } errors { field code } } }`;
const byId = (mutation: string) => `mutation($id: ID!) { ${mutation}(id: $id) { talent { id } errors { field code } } }`;

let serial = 700;
const talentInput = (organizationId: number, over: Record<string, unknown> = {}) => ({
  name: '单位录入人才',
  idNumber: idNumber(serial++, '19900520'),
  phone: '13900139000',
  education: 'BACHELOR',
  professionalTitle: 'INTERMEDIATE',
  talentType: 'PROFESSIONAL_TECHNICAL',
  industry: Object.values(require('../src/modules/organization/organization.enums').Industry)[0],
  engagement: 'FULL_TIME',
  overseasExperience: false,
  introducedAt: '2025-03-01',
  organizationId: String(organizationId),
  ...over,
});

describe('ORG_MANAGER reads', () => {
  it('lists only its own organization’s active talents, personal fields masked and nothing audited', async () => {
    const audits = await auditRows();
    const result = await asManager(`{ talents(first: 100) { totalCount edges { node { ${TALENT_FIELDS} } } } }`);
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.talents.edges.map((e: any) => e.node);
    expect(result.data!.talents.totalCount).toBe(await activeOf(own));
    expect(nodes).toHaveLength(await activeOf(own));
    for (const node of nodes) {
      expect(node.organization).toEqual({ id: String(own) });
      expect(node.idNumber).toMatch(/^110117\*{8}\d{3}[\dX]$/);
      expect(node.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    }
    expect(await auditRows()).toBe(audits);
  });

  it('a filter naming another organization is FORBIDDEN; naming its own is fine', async () => {
    expect(forbidden(await asManager('query($o: [ID!]) { talents(first: 1, filter: { organizationIds: $o }) { totalCount } }', { o: [String(other)] }))).toContain(String(other));
    const mine = await asManager('query($o: [ID!]) { talents(first: 1, filter: { organizationIds: $o }) { totalCount } }', { o: [String(own)] });
    expect(mine.data!.talents.totalCount).toBe(await activeOf(own));
  });

  it('reads its own talent by id; another organization’s talent and an unknown id get the same FORBIDDEN', async () => {
    const [{ id: mine }] = await sql<{ id: string }>('select id::text as id from talent where organization_id = ? order by id limit 1', [own]);
    expect((await asManager('query($id: ID!) { talent(id: $id) { id } }', { id: mine })).data!.talent).toEqual({ id: mine });
    const elsewhere = forbidden(await asManager('query($id: ID!) { talent(id: $id) { id name } }', { id: otherTalent }));
    const nowhere = forbidden(await asManager('query($id: ID!) { talent(id: $id) { id name } }', { id: '99999999' }));
    expect(elsewhere.replace(otherTalent, 'N')).toBe(nowhere.replace('99999999', 'N'));
  });

  it('reaches nothing else: platforms and awards of its talents, organizations, the audit trail', async () => {
    for (const query of ['{ talents(first: 1) { edges { node { platforms { id } } } } }', '{ talents(first: 1) { edges { node { awards { id } } } } }', '{ organizations(first: 1) { totalCount } }', '{ auditEvents(first: 1) { totalCount } }']) {
      const result = await asManager(query);
      expect(result.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
      expect(result.errors?.map((e) => e.extensions?.scope)).not.toContain('ORGANIZATION');
    }
  });
});

describe('ORG_MANAGER writes', () => {
  it('creates, updates, archives and restores a talent of its own organization', async () => {
    const created = await asManager(CREATE, { input: talentInput(own) });
    expect(created.errors).toBeUndefined();
    const talent = created.data!.createTalent.talent;
    expect(created.data!.createTalent.errors).toEqual([]);
    expect(talent).toMatchObject({ organization: { id: String(own) }, idNumber: expect.stringMatching(/\*{8}/), phone: '139****9000' });
    const active = await activeOf(own);

    expect((await asManager(UPDATE, { id: talent.id, input: { name: '改名人才', organizationId: String(own) } })).data!.updateTalent).toEqual({ talent: { id: talent.id, name: '改名人才' }, errors: [] });
    // Domain rules still answer as for ADMIN.
    expect((await asManager(UPDATE, { id: talent.id, input: { phone: '12345' } })).data!.updateTalent.errors).toEqual([{ field: 'phone', code: 'INVALID_PHONE' }]);
    expect((await asManager(byId('archiveTalent'), { id: talent.id })).data!.archiveTalent).toEqual({ talent: { id: talent.id }, errors: [] });
    expect(await activeOf(own)).toBe(active - 1);
    // Its archived talent stays reachable by id, and comes back.
    expect((await asManager('query($id: ID!) { talent(id: $id) { id } }', { id: talent.id })).data!.talent).toEqual({ id: talent.id });
    expect((await asManager(byId('unarchiveTalent'), { id: talent.id })).data!.unarchiveTalent).toEqual({ talent: { id: talent.id }, errors: [] });
    expect(await activeOf(own)).toBe(active);
  });

  it('cannot create a talent in another organization, nor move its own there: FORBIDDEN, nothing written', async () => {
    const [{ id: mine }] = await sql<{ id: string }>('select id::text as id from talent where organization_id = ? and archived_at is null order by id limit 1', [own]);
    const before = await snapshot();
    const create = forbidden(await asManager(CREATE, { input: talentInput(other) }));
    expect(create).toContain(`本单位（${own}）`);
    expect(create).toContain(String(other));
    forbidden(await asManager(UPDATE, { id: mine, input: { name: '调走', organizationId: String(other) } }));
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['updateTalent', UPDATE, { input: { name: '越权修改' } }],
    ['archiveTalent', byId('archiveTalent'), {}],
    ['unarchiveTalent', byId('unarchiveTalent'), {}],
  ])('%s of another organization’s talent is FORBIDDEN, as for an unknown id, and writes nothing', async (_name, mutation, variables) => {
    const before = await snapshot();
    const elsewhere = forbidden(await asManager(mutation, { id: otherTalent, ...variables }));
    const nowhere = forbidden(await asManager(mutation, { id: '99999999', ...variables }));
    expect(elsewhere.replace(otherTalent, 'N')).toBe(nowhere.replace('99999999', 'N'));
    expect(await snapshot()).toEqual(before);
  });

  it('ADMIN is not held to an organization', async () => {
    const result = await hub.gql(UPDATE, { id: otherTalent, input: { name: '管理员修改' } }, { as: 'ADMIN' });
    expect(result.data!.updateTalent.errors).toEqual([]);
  });
});
