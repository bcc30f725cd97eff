import type { GraphQLResponse, TestApp } from './helpers/app';
import { createScratchHub } from './helpers/scratch-hub';
import { idNumber } from './helpers/identities';

/**
 * Lost updates (issue 12, item 2): concurrent writes to one record apply one after the other
 * (row lock), and a write naming the version it edited gets CONFLICT once the record moved on.
 * Before the lock, 16 parallel updateTalent calls left the gender contradicting the ID number
 * in 2–4 rounds of 6, every response a plain success.
 */
let hub: TestApp;
const admin = { as: 'ADMIN' as const };
const sql = <T = Record<string, any>>(text: string) => hub.orm.em.getConnection().execute<T[]>(text);
const codeOf = (result: GraphQLResponse) => result.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  hub = await createScratchHub('huigu_versions');
}, 90_000);
afterAll(async () => {
  await hub?.close();
});

const UPDATE_TALENT = `mutation($id: ID!, $input: UpdateTalentInput!, $v: Int) {
  updateTalent(id: $id, input: $input, expectedVersion: $v) { talent { id version } errors { field code } } }`;
const TALENT = 'query($id: ID!) { talent(id: $id) { idNumber gender birthYear version } }';

/** ID numbers that no seeded talent holds (born 1940–1947), alternating male (odd sequence) and female. */
const stormIdNumber = (round: number, call: number) => idNumber(100 + round * 16 + call, `${1940 + (call % 8)}0101`);

/** The rule the storm broke: gender and birth year are those the stored ID number says. */
function expectConsistent(talent: { idNumber: string; gender: string; birthYear: number }) {
  expect(talent.gender).toBe(Number(talent.idNumber[16]) % 2 === 1 ? 'MALE' : 'FEMALE');
  expect(talent.birthYear).toBe(Number(talent.idNumber.slice(6, 10)));
}

describe('16 parallel updateTalent calls on one talent', () => {
  let talentId: string;
  beforeAll(async () => {
    [{ id: talentId }] = await sql<{ id: string }>('select id::text as id from talent order by id limit 1');
  });
  const read = async () => (await hub.gql(TALENT, { id: talentId }, admin)).data!.talent;

  it('leave it consistent in every round, each call applied once after the other', async () => {
    for (let round = 0; round < 6; round++) {
      const before = await read();
      const results = await Promise.all(
        Array.from({ length: 16 }, (_, call) => hub.gql(UPDATE_TALENT, { id: talentId, input: { idNumber: stormIdNumber(round, call) } }, admin)),
      );
      for (const result of results) {
        expect(result.errors).toBeUndefined();
        expect(result.data!.updateTalent.errors).toEqual([]);
      }
      // Each call saw the previous one's result: the versions they return are the 16 after `before`.
      const versions = results.map((r) => r.data!.updateTalent.talent.version).sort((a, b) => a - b);
      expect(versions).toEqual(Array.from({ length: 16 }, (_, i) => before.version + 1 + i));
      const after = await read();
      expectConsistent(after);
      expect(after.version).toBe(before.version + 16);
      const last = results.find((r) => r.data!.updateTalent.talent.version === after.version)!;
      expect(results.indexOf(last)).toBe(Array.from({ length: 16 }, (_, call) => stormIdNumber(round, call)).indexOf(after.idNumber));
    }
  }, 120_000);

  it('naming the version they edited: one applies, the other 15 get CONFLICT and write nothing', async () => {
    const before = await read();
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, call) => hub.gql(UPDATE_TALENT, { id: talentId, v: before.version, input: { idNumber: stormIdNumber(6, call) } }, admin)),
    );
    const applied = results.filter((r) => r.data?.updateTalent);
    const conflicts = results.filter((r) => codeOf(r) === 'CONFLICT');
    expect([applied.length, conflicts.length]).toEqual([1, 15]);
    expect(conflicts[0].errors![0].extensions).toMatchObject({ entity: 'Talent', expectedVersion: before.version, currentVersion: before.version + 1 });
    const after = await read();
    expectConsistent(after);
    expect(after.version).toBe(before.version + 1);
    expect(applied[0].data!.updateTalent.talent.version).toBe(after.version);
  }, 60_000);
});

/**
 * Each record kind: a write with the current version applies and moves the version by one; the
 * same write again (now stale) is a CONFLICT that changes nothing; without expectedVersion it applies.
 */
describe('expectedVersion on every record kind', () => {
  let ids: Record<'talent' | 'organization' | 'platform' | 'servicePoint', string>;
  beforeAll(async () => {
    const first = async (table: string, where = 'true') => (await sql<{ id: string }>(`select id::text as id from ${table} where ${where} order by id limit 1`))[0].id;
    ids = { talent: await first('talent'), organization: await first('organization', 'id in (select organization_id from talent where archived_at is null)'), platform: await first('platform'), servicePoint: await first('service_point') };
  });

  const kinds = [
    ['Talent', 'talent', 'updateTalent', 'UpdateTalentInput', { name: '版本测试' }],
    ['Organization', 'organization', 'updateOrganization', 'UpdateOrganizationInput', { name: '版本测试单位' }],
    ['Platform', 'platform', 'updatePlatform', 'UpdatePlatformInput', { name: '版本测试平台' }],
    ['ServicePoint', 'servicePoint', 'updateServicePoint', 'UpdateServicePointInput', { name: '版本测试服务点' }],
  ] as const;

  it.each(kinds)('%s: update, stale update (CONFLICT), archive and unarchive', async (entity, kind, update, inputType, input) => {
    const id = ids[kind];
    const version = async () => (await hub.gql(`query($id: ID!) { ${kind}(id: $id) { version name } }`, { id }, admin)).data![kind];
    const write = (v: number | null, changes: Record<string, unknown>) =>
      hub.gql(`mutation($id: ID!, $input: ${inputType}!, $v: Int) { ${update}(id: $id, input: $input, expectedVersion: $v) { ${kind} { version name } errors { code } } }`, { id, v, input: changes }, admin);
    const archive = (name: string, v: number) => hub.gql(`mutation($id: ID!, $v: Int) { ${name}(id: $id, expectedVersion: $v) { ${kind} { version } errors { code } } }`, { id, v }, admin);

    const start = await version();
    const applied = await write(start.version, input);
    expect(applied.errors).toBeUndefined();
    expect(applied.data![update]).toEqual({ [kind]: { version: start.version + 1, name: input.name }, errors: [] });

    const stale = await write(start.version, { name: '不应写入' });
    expect(stale.data).toBeNull();
    expect(stale.errors).toEqual([
      expect.objectContaining({ extensions: { code: 'CONFLICT', entity, expectedVersion: start.version, currentVersion: start.version + 1 } }),
    ]);
    expect(await version()).toEqual({ version: start.version + 1, name: input.name });

    const unconditional = await write(null, { name: `${input.name}2` });
    expect(unconditional.data![update][kind]).toEqual({ version: start.version + 2, name: `${input.name}2` });

    const archiveName = `archive${entity}`;
    if (kind !== 'organization') {
      expect(codeOf(await archive(archiveName, start.version))).toBe('CONFLICT');
      expect((await archive(archiveName, start.version + 2)).data![archiveName]).toEqual({ [kind]: { version: start.version + 3 }, errors: [] });
      expect((await archive(`unarchive${entity}`, start.version + 3)).data![`unarchive${entity}`]).toEqual({ [kind]: { version: start.version + 4 }, errors: [] });
    } else {
      // An organization with active talents cannot be archived (IN_USE): the version check comes first all the same.
      expect(codeOf(await archive(archiveName, start.version))).toBe('CONFLICT');
      expect((await archive(archiveName, start.version + 2)).data![archiveName]).toEqual({ [kind]: null, errors: [{ code: 'IN_USE' }] });
      expect((await version()).version).toBe(start.version + 2);
    }
  });

  it('Platform: replacing only the members moves its version too', async () => {
    const MEMBERS = `mutation($id: ID!, $members: [ID!], $v: Int) { updatePlatform(id: $id, input: { memberIds: $members }, expectedVersion: $v) { platform { version } errors { code } } }`;
    const { version } = (await hub.gql('query($id: ID!) { platform(id: $id) { version } }', { id: ids.platform }, admin)).data!.platform;
    const applied = await hub.gql(MEMBERS, { id: ids.platform, members: [ids.talent], v: version }, admin);
    expect(applied.data!.updatePlatform).toEqual({ platform: { version: version + 1 }, errors: [] });
    expect(codeOf(await hub.gql(MEMBERS, { id: ids.platform, members: [], v: version }, admin))).toBe('CONFLICT');
    expect(await sql(`select talent_id::text as id from platform_membership where platform_id = ${Number(ids.platform)}`)).toEqual([{ id: ids.talent }]);
  });

  it('Application: each step moves the version; a step on a stale version is a CONFLICT', async () => {
    const [{ id: talentId }] = await sql<{ id: string }>(`select id::text as id from talent where tier = 'YOUTH' and archived_at is null order by id limit 1`);
    const created = await hub.gql(
      `mutation($input: CreateApplicationInput!) { createApplication(input: $input) { id version } }`,
      { input: { program: 'RELOCATION_SUBSIDY', applicant: { talentId }, requestedAmount: '1000', year: 2031, matter: 'versions' } },
      admin,
    );
    const { id, version } = created.data!.createApplication;
    expect(version).toBe(1);
    const submit = (v: number) => hub.gql('mutation($id: ID!, $v: Int) { submitApplication(id: $id, expectedVersion: $v) { status version } }', { id, v }, admin);
    const reject = (v: number) => hub.gql('mutation($id: ID!, $v: Int) { rejectApplication(id: $id, reason: "重复申报", expectedVersion: $v) { status version } }', { id, v }, admin);
    const approve = (v: number) => hub.gql('mutation($id: ID!, $v: Int) { approveApplication(id: $id, expectedVersion: $v) { status version } }', { id, v }, admin);
    expect(codeOf(await submit(2))).toBe('CONFLICT');
    expect((await submit(1)).data!.submitApplication).toEqual({ status: 'SUBMITTED', version: 2 });
    // Two reviewers looked at version 2: the first decision stands, the second is told.
    expect((await reject(2)).data!.rejectApplication).toEqual({ status: 'REJECTED', version: 3 });
    const late = await approve(2);
    expect(late.errors![0].extensions).toMatchObject({ code: 'CONFLICT', entity: 'Application', currentVersion: 3 });
    expect(await sql(`select status, version, award_id from application where id = ${Number(id)}`)).toEqual([{ status: 'REJECTED', version: 3, award_id: null }]);
  });
});

/**
 * A record joining an organization while it is archived: the organization is read FOR SHARE by
 * the joining write and FOR UPDATE by the archive, so one waits for the other and an archived
 * organization never employs an active talent.
 */
describe('archiving an organization while a talent joins it', () => {
  const CREATE_ORG = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } errors { code } } }`;
  const CREATE_TALENT = `mutation($input: CreateTalentInput!) { createTalent(input: $input) { talent { id } errors { field code } } }`;
  const ARCHIVE_ORG = 'mutation($id: ID!) { archiveOrganization(id: $id) { organization { id } errors { code } } }';

  it('never leaves an archived organization with an active talent', async () => {
    const [town] = await sql<{ code: string; latitude: number; longitude: number }>(`select code, latitude, longitude from region where level = 'TOWN' order by code limit 1`);
    const outcomes: string[] = [];
    for (let round = 0; round < 10; round++) {
      const org = await hub.gql(CREATE_ORG, { input: {
        name: `并发测试单位${round}`, kind: 'ENTERPRISE', industry: 'DRONE', townCode: town.code, address: '平谷区测试路 9 号',
        location: { latitude: town.latitude, longitude: town.longitude },
      } }, admin);
      const organizationId = org.data!.createOrganization.organization.id;
      const [joined, archived] = await Promise.all([
        hub.gql(CREATE_TALENT, { input: {
          name: '并发测试', idNumber: idNumber(500 + round, '19410101'), phone: '13800138000', education: 'MASTER', professionalTitle: 'SENIOR',
          talentType: 'PROFESSIONAL_TECHNICAL', industry: 'DRONE', engagement: 'FULL_TIME', overseasExperience: false, introducedAt: '2024-05-01', organizationId,
        } }, admin),
        hub.gql(ARCHIVE_ORG, { id: organizationId }, admin),
      ]);
      expect([joined.errors, archived.errors]).toEqual([undefined, undefined]);
      const joinErrors = joined.data!.createTalent.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`);
      const archiveErrors = archived.data!.archiveOrganization.errors.map((e: { code: string }) => e.code);
      // Whichever went first decides: the talent joined and the archive is IN_USE, or the archive won and the employer is NOT_FOUND.
      expect([[[], ['IN_USE']], [['organizationId:NOT_FOUND'], []]]).toContainEqual([joinErrors, archiveErrors]);
      const [state] = await sql<{ archived: boolean; active: number }>(
        `select o.archived_at is not null as archived, count(t.id)::int as active from organization o
           left join talent t on t.organization_id = o.id and t.archived_at is null where o.id = ${Number(organizationId)} group by o.id`,
      );
      expect(state.archived && state.active > 0).toBe(false);
      outcomes.push(state.archived ? 'archived' : 'joined');
    }
    expect(outcomes).toHaveLength(10);
  }, 60_000);
});

describe('an organization manager editing a talent that an ADMIN moves out at the same moment', () => {
  it('is refused (FORBIDDEN) once the move has committed, even though its scope check passed before', async () => {
    const [talent] = await sql<{ id: number; organization_id: number }>('select id, organization_id from talent where archived_at is null order by id desc limit 1');
    const [other] = await sql<{ id: number }>(`select id from organization where id <> ${talent.organization_id} and archived_at is null order by id limit 1`);
    const knex = hub.orm.em.getConnection().getKnex();
    // The ADMIN's move, holding the talent's row lock while the manager's request arrives.
    const move = await knex.transaction();
    try {
      await move.raw('select id from talent where id = ? for update', [talent.id]);
      const edit = hub.gql(UPDATE_TALENT, { id: String(talent.id), input: { name: '越权修改' } }, { as: 'ORG_MANAGER', org: talent.organization_id });
      // The manager's write has passed its scope check and waits for the row.
      for (let waited = 0; (await sql<{ n: number }>(`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`))[0].n === 0; waited++) {
        if (waited > 200) throw new Error('the manager write never waited for the row lock');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await move.raw('update talent set organization_id = ? where id = ?', [other.id, talent.id]);
      await move.commit();
      const result = await edit;
      expect(codeOf(result)).toBe('FORBIDDEN');
    } finally {
      if (!move.isCompleted()) await move.rollback();
    }
    expect(await sql(`select name <> '越权修改' as untouched, organization_id from talent where id = ${talent.id}`)).toEqual([{ untouched: true, organization_id: other.id }]);
  });
});
