import request from 'supertest';
import { Industry } from '../src/modules/organization/organization.enums';
import { statementTemplate } from '../src/shared/logger';
import type { TestApp } from './helpers/app';
import { idNumber } from './helpers/identities';
import { captureLog, type CapturedLog } from './helpers/log-capture';
import { createScratchHub } from './helpers/scratch-hub';

/**
 * Personal data never reaches the log (issue 12, item 5): writes are made to fail in the
 * database (a trigger refuses them), and the log is searched for the values they carried.
 * Every line of a request carries its id; one access-log line per request, without variables.
 */
let hub: TestApp;
let log: CapturedLog;
let organizationId: string;
let talentId: string;

beforeAll(async () => {
  hub = await createScratchHub('huigu_logging', 200, { LOG_LEVEL: 'info' });
  const sql = hub.orm.em.getConnection();
  [{ id: organizationId }] = await sql.execute<{ id: string }[]>('select id::text as id from organization order by id limit 1');
  [{ id: talentId }] = await sql.execute<{ id: string }[]>('select id::text as id from talent order by id limit 1');
  await sql.execute(`create function refuse_probe() returns trigger language plpgsql as $$
    begin if new.name like '日志探针%' then raise exception 'probe refused'; end if; return new; end $$`);
  await sql.execute('create trigger refuse_probe before insert or update on talent for each row execute function refuse_probe()');
  log = captureLog();
}, 60_000);
afterAll(async () => {
  log?.restore();
  await hub?.close();
});

const secret = { name: '日志探针王某', idNumber: idNumber(913, '19770707'), phone: '13987654321' };
const input = { ...secret, education: 'MASTER', professionalTitle: 'SENIOR', talentType: 'PROFESSIONAL_TECHNICAL', tier: 'LEADING', industry: Object.values(Industry)[0], engagement: 'FULL_TIME', overseasExperience: false, introducedAt: '2024-05-01' };

async function post(query: string, variables: Record<string, unknown>) {
  return request(hub.app)
    .post('/graphql')
    .set('content-type', 'application/json')
    .set('authorization', await hub.bearer('ADMIN'))
    .send({ query, variables });
}

describe('failed writes', () => {
  it.each([
    ['createTalent', 'mutation ProbeCreate($input: CreateTalentInput!) { createTalent(input: $input) { talent { id } } }', () => ({ input: { ...input, organizationId } })],
    ['updateTalent', 'mutation ProbeUpdate($id: ID!, $input: UpdateTalentInput!) { updateTalent(id: $id, input: $input) { talent { id } } }', () => ({ id: talentId, input: secret })],
  ])('%s refused by the database: the log holds the statement template and code, no value', async (_name, query, variables) => {
    const from = log.mark();
    const response = await post(query, variables());
    expect(response.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const text = log.text(from);
    for (const value of [secret.name, secret.idNumber, secret.phone, '1977', '王某']) expect(text).not.toContain(value);
    expect(text).not.toMatch(/v1:[0-9a-f]{8}:/); // ciphertexts
    expect(text).not.toMatch(/[0-9a-f]{64}/); // lookup hashes
    const failure = log.lines(from).find((line) => line.message === 'unexpected error');
    expect(failure?.error).toMatchObject({ code: 'P0001', statement: expect.stringMatching(/^(insert into|update) "talent"/) });
  });
});

describe('request ids and the access log', () => {
  it('stamps every line of a request with its id, and writes one access line without variables', async () => {
    const from = log.mark();
    const response = await post('mutation ProbeCreate($input: CreateTalentInput!) { createTalent(input: $input) { talent { id } } }', { input: { ...input, organizationId } });
    const lines = log.lines(from);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.map((line) => line.requestId)).toEqual(lines.map(() => response.headers['x-request-id']));
    const access = lines.filter((line) => line.message === 'request');
    expect(access).toEqual([expect.objectContaining({ level: 'info', method: 'POST', path: '/graphql', operations: ['ProbeCreate'], role: 'ADMIN', status: 200, durationMs: expect.any(Number) })]);
    expect(JSON.stringify(access)).not.toMatch(/variables|input|13987654321/);
  });

  it('writes an access line for a refused request too (no role before authentication)', async () => {
    const from = log.mark();
    const response = await request(hub.app).post('/graphql').set('content-type', 'application/json').set('authorization', 'Bearer not-a-token').send({ query: '{ __typename }' });
    expect(response.status).toBe(401);
    expect(log.lines(from)).toEqual([expect.objectContaining({ message: 'request', status: 401, requestId: response.headers['x-request-id'] })]);
  });
});

describe('statementTemplate', () => {
  it('keeps identifiers and turns literals into placeholders', () => {
    expect(statementTemplate(`insert into "talent_2024" ("name", "birth_year", "ok") values ('王''某', 1977, true), ('x', 2.5e3, false) returning "id"`)).toBe(
      'insert into "talent_2024" ("name", "birth_year", "ok") values (?, …), (?, …) returning "id"',
    );
  });
});
