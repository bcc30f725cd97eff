import type { TestApp } from './helpers/app';
import { createScratchHub } from './helpers/scratch-hub';

/** grantAward / revokeAward under the funding rules (docs/funding.md), on a scratch database. */
let hub: TestApp;
const ids: Record<string, string[]> = {};
const take = (key: string) => {
  const id = ids[key].shift();
  if (!id) throw new Error(`no ${key} left in the scratch register`);
  return id;
};

beforeAll(async () => {
  hub = await createScratchHub('huigu_awards');
  const sql = hub.orm.em.getConnection();
  const pick = async (key: string, query: string) => {
    ids[key] = (await sql.execute<{ id: string }[]>(query)).map((r) => r.id);
  };
  // The tests grant in 2030 and later with matters of their own, so the seeded ledger (to 2025) does not interfere.
  await pick('youth', `select id::text as id from talent where tier = 'YOUTH' order by id`);
  // The small scratch register has few leading and shortage talents: promote a few untiered ones.
  const promote = (tier: string, offset: number) =>
    `update talent set tier = '${tier}' where id in (select id from talent where tier is null and engagement = 'FULL_TIME' order by id desc offset ${offset} limit 3) returning id::text as id`;
  ids.leading = (await sql.execute<{ id: string }[]>(promote('LEADING', 0))).map((r) => r.id);
  ids.shortage = (await sql.execute<{ id: string }[]>(promote('SHORTAGE', 0))).map((r) => r.id);
  await pick('flexible', `select id::text as id from talent where engagement = 'FLEXIBLE' order by id`);
  await pick('untiered', `select id::text as id from talent where tier is null and engagement = 'FULL_TIME' order by id`);
  await pick('enterprise', `select id::text as id from organization where kind = 'ENTERPRISE' order by id`);
  await pick('government', `select id::text as id from organization where kind = 'GOVERNMENT' order by id`);
  await pick('incubator', `select id::text as id from platform where type in ('INCUBATOR', 'MAKERSPACE') order by id`);
  await pick('lab', `select id::text as id from platform where type = 'KEY_LAB' order by id`);
}, 90_000);
afterAll(async () => {
  await hub?.close();
});

const GRANT = `mutation($input: GrantAwardInput!) { grantAward(input: $input) { id program amount year month matter status } }`;
const REVOKE = `mutation($id: ID!, $reason: String!) { revokeAward(id: $id, reason: $reason) { id status } }`;

type Recipient = { talentId?: string; organizationId?: string; platformId?: string };
const grant = (program: string, recipient: Recipient, amount: string, matter: string, over: Record<string, unknown> = {}, as: 'ADMIN' | 'ANALYST' | 'DASHBOARD' = 'ADMIN') =>
  hub.gql(GRANT, { input: { program, recipient, amount, year: 2030, matter, ...over } }, { as });
const codeOf = (result: { errors?: { extensions?: Record<string, unknown> }[] }) => result.errors?.[0]?.extensions?.code;

describe('grantAward: access', () => {
  it.each(['ANALYST', 'DASHBOARD'] as const)('is FORBIDDEN for %s', async (as) => {
    const result = await grant('RELOCATION_SUBSIDY', { talentId: ids.youth[0] }, '1000', 'relocation', {}, as);
    expect(codeOf(result)).toBe('FORBIDDEN');
  });

  it('is FORBIDDEN without a token, and so is revokeAward', async () => {
    expect(codeOf(await hub.gql(GRANT, { input: { program: 'EVENT_GRANT', recipient: { organizationId: '1' }, amount: '1', year: 2030, matter: 'x' } }))).toBe('FORBIDDEN');
    expect(codeOf(await hub.gql(REVOKE, { id: '1', reason: 'x' }, { as: 'ANALYST' }))).toBe('FORBIDDEN');
  });
});

describe('grantAward: caps', () => {
  it('TOTAL: a relocation subsidy up to 80,000 per matter, exact to the fen', async () => {
    const talentId = take('youth');
    const over = await grant('RELOCATION_SUBSIDY', { talentId }, '80000.01', 'relocation');
    expect(codeOf(over)).toBe('CAP_EXCEEDED');
    expect(over.errors![0].extensions).toMatchObject({ remaining: '80000.00', scope: 'MATTER' });
    const ok = await grant('RELOCATION_SUBSIDY', { talentId }, '80000.00', 'relocation');
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.grantAward).toMatchObject({ program: 'RELOCATION_SUBSIDY', amount: '80000.00', status: 'APPROVED', matter: 'relocation' });
  });

  it('YEAR: shortage project grants sum to at most 300,000 a year across matters; the next year starts afresh', async () => {
    const talentId = take('shortage');
    expect((await grant('SHORTAGE_PROJECT_GRANT', { talentId }, '200000', 'project:a')).errors).toBeUndefined();
    const over = await grant('SHORTAGE_PROJECT_GRANT', { talentId }, '100000.01', 'project:b');
    expect(codeOf(over)).toBe('CAP_EXCEEDED');
    expect(over.errors![0].extensions).toMatchObject({ scope: 'YEAR', remaining: '100000.00' });
    expect((await grant('SHORTAGE_PROJECT_GRANT', { talentId }, '100000', 'project:b')).errors).toBeUndefined();
    expect((await grant('SHORTAGE_PROJECT_GRANT', { talentId }, '300000', 'project:c', { year: 2031 })).errors).toBeUndefined();
  });

  it('MONTH: the living allowance is at most 5,000 a month and 60,000 a year', async () => {
    const talentId = take('flexible');
    expect((await grant('FLEXIBLE_LIVING_ALLOWANCE', { talentId }, '5000', 'living:2030-01', { month: 1 })).errors).toBeUndefined();
    const overMonth = await grant('FLEXIBLE_LIVING_ALLOWANCE', { talentId }, '0.01', 'living:2030-01b', { month: 1 });
    expect(codeOf(overMonth)).toBe('CAP_EXCEEDED');
    expect(overMonth.errors![0].extensions).toMatchObject({ scope: 'MONTH', remaining: '0.00' });
    // A yearly grant (no month) counts against the year: 60,000 − 5,000 remain.
    const overYear = await grant('FLEXIBLE_LIVING_ALLOWANCE', { talentId }, '55000.01', 'living:2030-rest');
    expect(overYear.errors![0].extensions).toMatchObject({ code: 'CAP_EXCEEDED', scope: 'YEAR', remaining: '55000.00' });
    expect((await grant('FLEXIBLE_LIVING_ALLOWANCE', { talentId }, '55000', 'living:2030-rest')).errors).toBeUndefined();
  });

  it('honours carry no money', async () => {
    const talentId = take('youth');
    expect(codeOf(await grant('PINGGU_ELITE', { talentId }, '1', 'elite:2030'))).toBe('CAP_EXCEEDED');
    expect((await grant('PINGGU_ELITE', { talentId }, '0', 'elite:2030')).data!.grantAward.amount).toBe('0.00');
  });

  it('month is only for the monthly programme', async () => {
    expect(codeOf(await grant('RELOCATION_SUBSIDY', { talentId: ids.youth[0] }, '1', 'x', { month: 3 }))).toBe('BAD_USER_INPUT');
  });
});

describe('grantAward: eligibility', () => {
  it.each([
    ['RELOCATION_SUBSIDY', 'untiered', 'talentId', '第三条(四)'],
    ['YOUTH_STARTUP_GRANT', 'leading', 'talentId', '第三条(四)'],
    ['LEADING_STARTUP_GRANT', 'youth', 'talentId', '第三条(二)'],
    ['SHORTAGE_PROJECT_GRANT', 'youth', 'talentId', '第三条(三)'],
    ['FLEXIBLE_LIVING_ALLOWANCE', 'untiered', 'talentId', '第三条(五)'],
    ['PLATFORM_CONSTRUCTION_GRANT', 'enterprise', 'organizationId', '第四条(一)'],
    ['INCUBATION_SERVICE_GRANT', 'lab', 'platformId', '第四条(二)'],
    ['OVERSEAS_PLATFORM_GRANT', 'lab', 'platformId', '第三条(六)'],
    ['IPO_REWARD', 'government', 'organizationId', '第五条(一)'],
    ['EVENT_GRANT', 'youth', 'talentId', '第四条(三)'],
  ])('%s refuses a %s recipient with NOT_ELIGIBLE citing %s', async (program, who, key, clause) => {
    const result = await grant(program, { [key]: ids[who][0] }, '1000', `eligibility:${program}`);
    expect(result.errors![0].extensions).toMatchObject({ code: 'NOT_ELIGIBLE', clause });
    expect(result.errors![0].message).toContain(clause);
  });

  it('accepts the eligible: IPO reward to an enterprise, incubation grant to an incubator, research grant to a platform', async () => {
    expect((await grant('IPO_REWARD', { organizationId: take('enterprise') }, '10000000', 'ipo')).errors).toBeUndefined();
    const platformId = take('incubator');
    expect((await grant('INCUBATION_SERVICE_GRANT', { platformId }, '2000000', 'incubation:2030')).errors).toBeUndefined();
    expect((await grant('RESEARCH_PROJECT_GRANT', { platformId }, '100000', 'research:x')).errors).toBeUndefined();
  });

  it('refuses a recipient given twice or not at all, and an unknown one', async () => {
    expect(codeOf(await grant('EVENT_GRANT', { organizationId: '1', platformId: '1' }, '1', 'x'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await grant('EVENT_GRANT', {}, '1', 'x'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await grant('EVENT_GRANT', { organizationId: '2147483647' }, '1', 'x'))).toBe('NOT_FOUND');
  });
});

describe('grantAward: 奖励资助不重复', () => {
  it('refuses a second grant for the same matter, naming the existing award', async () => {
    const talentId = take('youth');
    const first = await grant('YOUTH_STARTUP_GRANT', { talentId }, '200000', 'startup:seedling');
    const again = await grant('YOUTH_STARTUP_GRANT', { talentId }, '1000', 'startup:seedling');
    expect(again.errors![0].extensions).toMatchObject({ code: 'DUPLICATE_FUNDING', existingAwardId: first.data!.grantAward.id, existingProgram: 'YOUTH_STARTUP_GRANT', higherStandard: false });
    expect(again.errors![0].message).toContain(first.data!.grantAward.id);
  });

  it('a matter under a lower-standard programme after a higher one is refused; a higher one after a lower asks to revoke the lower first', async () => {
    const talentId = take('youth');
    const youth = await grant('YOUTH_STARTUP_GRANT', { talentId }, '100000', 'startup:orchard');
    const lower = await grant('RELOCATION_SUBSIDY', { talentId }, '1000', 'startup:orchard');
    expect(lower.errors![0].extensions).toMatchObject({ code: 'DUPLICATE_FUNDING', existingAwardId: youth.data!.grantAward.id, higherStandard: false });

    const platformId = take('incubator');
    const research = await grant('RESEARCH_PROJECT_GRANT', { platformId }, '50000', 'lab-building');
    const higher = await grant('PLATFORM_CONSTRUCTION_GRANT', { platformId }, '3000000', 'lab-building');
    expect(higher.errors![0].extensions).toMatchObject({ code: 'DUPLICATE_FUNDING', existingProgram: 'RESEARCH_PROJECT_GRANT', higherStandard: true });
    expect(higher.errors![0].message).toContain(`revoke award ${research.data!.grantAward.id} first`);
    expect((await hub.gql(REVOKE, { id: research.data!.grantAward.id, reason: '从高: 平台建设资助' }, { as: 'ADMIN' })).data!.revokeAward.status).toBe('REVOKED');
    expect((await grant('PLATFORM_CONSTRUCTION_GRANT', { platformId }, '3000000', 'lab-building')).errors).toBeUndefined();
  });

  it('revokeAward frees the matter and the cap; revoking twice is refused', async () => {
    const talentId = take('youth');
    const first = await grant('RELOCATION_SUBSIDY', { talentId }, '80000', 'relocation');
    const { id } = first.data!.grantAward;
    const revoked = await hub.gql(REVOKE, { id, reason: '录入错误' }, { as: 'ADMIN' });
    expect(revoked.data!.revokeAward).toEqual({ id, status: 'REVOKED' });
    expect(codeOf(await hub.gql(REVOKE, { id, reason: 'again' }, { as: 'ADMIN' }))).toBe('BAD_USER_INPUT');
    expect((await grant('RELOCATION_SUBSIDY', { talentId }, '80000', 'relocation')).errors).toBeUndefined();
  });

  it('N simultaneous grants for one matter: exactly one succeeds, the others get DUPLICATE_FUNDING', async () => {
    const talentId = take('leading');
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => grant('LEADING_STARTUP_GRANT', { talentId }, String(1_000_000 + i), 'startup:race')));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors).map(codeOf)).toEqual(Array(7).fill('DUPLICATE_FUNDING'));
    const [{ n }] = await hub.orm.em.getConnection().execute<{ n: number }[]>(`select count(*)::int as n from award where talent_id = ? and matter = 'startup:race'`, [Number(talentId)]);
    expect(n).toBe(1);
  });

  it('N simultaneous grants for different matters cannot together pass a yearly cap', async () => {
    const talentId = take('shortage');
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => grant('SHORTAGE_PROJECT_GRANT', { talentId }, '100000', `race:${i}`)));
    expect(results.filter((r) => !r.errors)).toHaveLength(3);
    expect(results.filter((r) => r.errors).map(codeOf)).toEqual(Array(3).fill('CAP_EXCEEDED'));
  });
});

describe('grantAward and the dashboards', () => {
  it("a dashboard's awardDistribution sees a new award at once", async () => {
    const Q = `{ awardDistribution(by: [PROGRAM], filter: { programs: [EVENT_GRANT], yearFrom: 2032 }) { count totalAmount } }`;
    const before = (await hub.gql(Q, {}, { as: 'ANALYST' })).data!.awardDistribution;
    expect((await grant('EVENT_GRANT', { organizationId: take('enterprise') }, '123456.78', 'event:2032', { year: 2032 })).errors).toBeUndefined();
    const after = (await hub.gql(Q, {}, { as: 'ANALYST' })).data!.awardDistribution;
    expect(after.count).toBe(before.count + 1);
    expect(after.totalAmount).toBe('123456.78');
  });
});
