import type { TestApp } from './helpers/app';
import { createScratchHub } from './helpers/scratch-hub';

/** 项目申报: the workflow end to end, on a scratch database. */
let hub: TestApp;
let youth: string[];

beforeAll(async () => {
  hub = await createScratchHub('huigu_applications');
  youth = (await hub.orm.em.getConnection().execute<{ id: string }[]>(`select id::text as id from talent where tier = 'YOUTH' order by id`)).map((r) => r.id);
}, 90_000);
afterAll(async () => {
  await hub?.close();
});

const FIELDS = 'id status program matter requestedAmount year awardId history { fromStatus toStatus actor note }';
const CREATE = `mutation($input: CreateApplicationInput!) { createApplication(input: $input) { ${FIELDS} } }`;
const step = (name: string, extra = '') => `mutation($id: ID!${extra ? ', $reason: String!' : ''}) { ${name}(id: $id${extra}) { ${FIELDS} } }`;
const SUBMIT = step('submitApplication');
const APPROVE = step('approveApplication');
const REJECT = step('rejectApplication', ', reason: $reason');
const admin = { as: 'ADMIN' as const, sub: 'admin-7' };
const codeOf = (result: { errors?: { extensions?: Record<string, unknown> }[] }) => result.errors?.[0]?.extensions?.code;

const create = async (talentId: string, amount: string, matter: string, program = 'RELOCATION_SUBSIDY') => {
  const result = await hub.gql(CREATE, { input: { program, applicant: { talentId }, requestedAmount: amount, year: 2030, matter } }, admin);
  expect(result.errors).toBeUndefined();
  return result.data!.createApplication;
};
const count = async (sql: string) => (await hub.orm.em.getConnection().execute<{ n: number }[]>(sql))[0].n;

describe('the application workflow', () => {
  it('DRAFT → SUBMITTED → APPROVED → GRANTED creates the award through the rules, every step recorded', async () => {
    const draft = await create(youth[0], '60000', 'relocation');
    expect(draft).toMatchObject({ status: 'DRAFT', awardId: null, history: [{ fromStatus: null, toStatus: 'DRAFT', actor: 'admin-7' }] });
    expect((await hub.gql(SUBMIT, { id: draft.id }, admin)).data!.submitApplication.status).toBe('SUBMITTED');
    const approved = (await hub.gql(APPROVE, { id: draft.id }, admin)).data!.approveApplication;
    expect(approved.status).toBe('GRANTED');
    expect(approved.history.map((e: { toStatus: string }) => e.toStatus)).toEqual(['DRAFT', 'SUBMITTED', 'APPROVED', 'GRANTED']);
    const award = (await hub.gql(`{ award(id: ${approved.awardId}) { program amount matter status } }`, {}, admin)).data!.award;
    expect(award).toEqual({ program: 'RELOCATION_SUBSIDY', amount: '60000.00', matter: 'relocation', status: 'APPROVED' });
  });

  it('a refused approval over the cap changes nothing and says why', async () => {
    const draft = await create(youth[1], '80000.01', 'relocation');
    await hub.gql(SUBMIT, { id: draft.id }, admin);
    const awardsBefore = await count('select count(*)::int as n from award');
    const eventsBefore = await count('select count(*)::int as n from application_event');
    const refused = await hub.gql(APPROVE, { id: draft.id }, admin);
    expect(refused.errors![0].extensions).toMatchObject({ code: 'CAP_EXCEEDED', remaining: '80000.00' });
    expect(await count('select count(*)::int as n from award')).toBe(awardsBefore);
    expect(await count('select count(*)::int as n from application_event')).toBe(eventsBefore);
    expect((await hub.gql(`{ application(id: ${draft.id}) { status awardId } }`, {}, { as: 'ANALYST' })).data!.application).toEqual({ status: 'SUBMITTED', awardId: null });
  });

  it('approval refuses double funding and ineligible applicants like grantAward', async () => {
    const dup = await create(youth[0], '1000', 'relocation');
    await hub.gql(SUBMIT, { id: dup.id }, admin);
    expect(codeOf(await hub.gql(APPROVE, { id: dup.id }, admin))).toBe('DUPLICATE_FUNDING');
    const wrong = await create(youth[2], '1000', 'ipo', 'IPO_REWARD');
    await hub.gql(SUBMIT, { id: wrong.id }, admin);
    expect(codeOf(await hub.gql(APPROVE, { id: wrong.id }, admin))).toBe('NOT_ELIGIBLE');
  });

  it('rejects with a reason; invalid transitions are refused with INVALID_TRANSITION', async () => {
    const draft = await create(youth[3], '1000', 'relocation');
    expect(await hub.gql(APPROVE, { id: draft.id }, admin)).toMatchObject({ errors: [{ extensions: { code: 'INVALID_TRANSITION', from: 'DRAFT', to: 'APPROVED' } }] });
    expect(codeOf(await hub.gql(REJECT, { id: draft.id, reason: 'x' }, admin))).toBe('INVALID_TRANSITION');
    await hub.gql(SUBMIT, { id: draft.id }, admin);
    const rejected = (await hub.gql(REJECT, { id: draft.id, reason: '材料不全' }, admin)).data!.rejectApplication;
    expect(rejected.status).toBe('REJECTED');
    expect(rejected.history.at(-1)).toMatchObject({ fromStatus: 'SUBMITTED', toStatus: 'REJECTED', note: '材料不全' });
    expect(codeOf(await hub.gql(SUBMIT, { id: draft.id }, admin))).toBe('INVALID_TRANSITION');
    expect(codeOf(await hub.gql(APPROVE, { id: draft.id }, admin))).toBe('INVALID_TRANSITION');
    expect(codeOf(await hub.gql(SUBMIT, { id: '2147483647' }, admin))).toBe('NOT_FOUND');
  });

  it.each(['ANALYST', 'DASHBOARD', undefined] as const)('mutations are FORBIDDEN for %s', async (as) => {
    const options = as ? { as } : {};
    expect(codeOf(await hub.gql(CREATE, { input: { program: 'RELOCATION_SUBSIDY', applicant: { talentId: youth[0] }, requestedAmount: '1', year: 2030, matter: 'x' } }, options))).toBe('FORBIDDEN');
    expect(codeOf(await hub.gql(SUBMIT, { id: '1' }, options))).toBe('FORBIDDEN');
    expect(codeOf(await hub.gql(APPROVE, { id: '1' }, options))).toBe('FORBIDDEN');
    expect(codeOf(await hub.gql(REJECT, { id: '1', reason: 'x' }, options))).toBe('FORBIDDEN');
  });
});

describe('the pipeline for analysts', () => {
  it('every application’s history comes in one statement, whatever the page size', async () => {
    const PAGE = `query($first: Int!) { applications(first: $first) { edges { node { id history { toStatus } } } } }`;
    const statementsFor = async (first: number) => {
      hub.resetStatements();
      const result = await hub.gql(PAGE, { first }, { as: 'ANALYST' });
      expect(result.errors).toBeUndefined();
      const nodes = result.data!.applications.edges;
      expect(nodes.every((e: { node: { history: unknown[] } }) => e.node.history.length >= 1)).toBe(true);
      return { nodes: nodes.length, statements: hub.statements.filter((sql) => /application/.test(sql)).length };
    };
    const [small, large] = [await statementsFor(1), await statementsFor(50)];
    expect(large.nodes).toBeGreaterThan(small.nodes);
    expect(large.statements).toBe(small.statements);
  });

  it('applications filters and pages; the distribution counts by status and programme', async () => {
    const page = (await hub.gql(`{ applications(first: 2, filter: { statuses: [SUBMITTED, REJECTED], years: [2030] }) { totalCount edges { node { status } } pageInfo { hasNextPage } } }`, {}, { as: 'ANALYST' })).data!.applications;
    const sql = hub.orm.em.getConnection();
    const [{ n }] = await sql.execute<{ n: number }[]>(`select count(*)::int as n from application where status in ('SUBMITTED', 'REJECTED') and year = 2030`);
    expect(page.totalCount).toBe(n);
    expect(page.edges.length).toBe(Math.min(2, n));

    const byStatus = (await hub.gql('{ applicationDistribution(by: [STATUS]) { keys count } }', {}, { as: 'ANALYST' })).data!.applicationDistribution;
    const expected = await sql.execute<{ status: string; n: number }[]>('select status, count(*)::int as n from application group by status order by status');
    expect(byStatus).toEqual(expected.map((r) => ({ keys: [r.status], count: r.n })));
    const both = (await hub.gql('{ applicationDistribution(by: [STATUS, PROGRAM]) { keys count } }', {}, { as: 'ADMIN' })).data!.applicationDistribution;
    expect(both).toContainEqual({ keys: ['GRANTED', 'RELOCATION_SUBSIDY'], count: 1 });
    expect(both.reduce((s: number, b: { count: number }) => s + b.count, 0)).toBe(await count('select count(*)::int as n from application'));
    expect(codeOf(await hub.gql('{ applicationDistribution(by: []) { count } }', {}, { as: 'ANALYST' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await hub.gql('{ applicationDistribution(by: [STATUS]) { count } }', {}, { as: 'DASHBOARD' }))).toBe('FORBIDDEN');
  });
});
