import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { loadConfig, type AppConfig } from '../src/config';
import { AuditEvent } from '../src/modules/audit/audit-event.entity';
import { AUDIT_FAILURE_MESSAGE, auditPlugin } from '../src/modules/audit/audit.plugin';
import { AuditResolver } from '../src/modules/audit/audit.resolver';
import { AuditService } from '../src/modules/audit/audit.service';
import { mintDevelopmentToken } from '../src/shared/auth/dev-token';
import { Role } from '../src/shared/auth/roles';
import { createTokenVerifier } from '../src/shared/auth/token-verifier';
import { createScratchDatabase, type ScratchDatabase } from './helpers/database';
import { createTinyHub } from './helpers/tiny-hub';

let db: ScratchDatabase;
let orm: MikroORM;
const statements: string[] = [];

beforeAll(async () => {
  // The real migrations: the append-only trigger under test is the one production runs.
  db = await createScratchDatabase('huigu_audit');
  orm = await MikroORM.init({
    clientUrl: db.url,
    entities: [AuditEvent],
    pool: { min: 0, max: 4 },
    debug: ['query'],
    logger: (message) => statements.push(message),
  });
});
afterAll(async () => {
  await orm.close();
  await db.drop();
});

const rows = () => orm.em.getConnection().execute<Record<string, unknown>[]>('select * from audit_event order by id');
const inserts = () => statements.filter((s) => /insert into "audit_event"/.test(s)).length;

describe('the audit trail table', () => {
  it('records an operation in one INSERT, one row per entity kind', async () => {
    const before = inserts();
    await new AuditService(orm.em.fork()).record({ subject: 'admin-1', role: Role.ADMIN, requestId: 'req-00000001' }, [
      { operation: 'Lookup', entity: 'Talent', entityIds: [3, 1, 2], fields: ['idNumber', 'phone'] },
      { operation: 'Lookup', entity: 'Organization', entityIds: [9], fields: ['contactPhone'] },
    ]);
    expect(inserts() - before).toBe(1);
    const written = await rows();
    expect(written).toHaveLength(2);
    expect(written[0]).toMatchObject({ subject: 'admin-1', role: 'ADMIN', request_id: 'req-00000001', operation: 'Lookup', entity: 'Talent', entity_ids: [3, 1, 2], fields: ['idNumber', 'phone'] });
    expect(Date.now() - new Date(String(written[0].at)).getTime()).toBeLessThan(60_000);
  });

  it.each([
    ['UPDATE', "update audit_event set subject = 'someone-else'"],
    ['DELETE', 'delete from audit_event'],
    ['TRUNCATE', 'truncate audit_event'],
  ])('is append-only: %s is refused by the database', async (operation, sql) => {
    const error = await orm.em.getConnection().execute(sql).then(() => null, (e: { code?: string; message: string }) => e);
    expect(error?.code).toBe('42501');
    expect(error?.message).toContain(`audit_event is append-only: ${operation} is not allowed`);
    expect((await rows()).length).toBeGreaterThan(0);
  });

  it('lists newest first, by subject, in pages', async () => {
    const service = new AuditService(orm.em.fork());
    for (let i = 0; i < 3; i++) await service.record({ subject: 'admin-2', role: Role.ADMIN, requestId: `req-2-${i}` }, [{ operation: null, entity: 'Talent', entityIds: [i], fields: ['phone'] }]);
    const first = await new AuditService(orm.em.fork()).list({ first: 2 }, { subject: 'admin-2' });
    expect(first.nodes.map((e) => e.requestId)).toEqual(['req-2-2', 'req-2-1']);
    expect(first.hasNextPage).toBe(true);
    const second = await new AuditService(orm.em.fork()).list({ first: 2, after: first.cursors[1] }, { subject: 'admin-2' });
    expect(second.nodes.map((e) => e.requestId)).toEqual(['req-2-0']);
    expect(second.nodes[0].entityIds).toEqual([0]);
    expect(await first.totalCount()).toBe(3);
  });
});

/** What AuditResolver needs beside the tiny hub's context. */
interface AuditExtra {
  em: EntityManager;
  config: AppConfig;
}

describe('audited reads of personal fields, through HTTP', () => {
  const config = loadConfig({ NODE_ENV: 'test' });
  const failures: unknown[] = [];
  let hub: Awaited<ReturnType<typeof createTinyHub<AuditExtra>>>;

  beforeAll(async () => {
    hub = await createTinyHub<AuditExtra>({
      verifier: createTokenVerifier(config.auth),
      resolvers: [AuditResolver],
      plugins: [auditPlugin({ em: () => orm.em.fork() as EntityManager, onError: (e) => failures.push(e) })],
      extend: () => ({ em: orm.em.fork() as EntityManager, config }),
    });
  });
  afterAll(() => hub.apollo.stop());

  const as = async (role: 'ANALYST' | 'ADMIN', sub: string) => `Bearer ${await mintDevelopmentToken(config, { role, sub })}`;
  const post = (body: unknown, authorization: string) => hub.post(body, authorization);
  const eventsOf = async (subject: string) =>
    orm.em.getConnection().execute<Record<string, unknown>[]>('select subject, role, operation, request_id, entity, entity_ids, fields from audit_event where subject = ? order by id', [subject]);

  it('an ADMIN read of personal fields writes one row: who, which talents, which fields, which operation', async () => {
    const before = inserts();
    const response = await post({ query: 'query AdminLookup { people { id name idNumber phone } }' }, await as('ADMIN', 'admin-http'));
    expect(response.body.data.people[0]).toEqual({ id: '11', name: '张伟', idNumber: '11011719800101123X', phone: '13800138000' });
    expect(inserts() - before).toBe(1);
    expect(await eventsOf('admin-http')).toEqual([
      { subject: 'admin-http', role: 'ADMIN', operation: 'AdminLookup', request_id: expect.stringMatching(/^http-\d+$/), entity: 'Talent', entity_ids: [11, 12], fields: ['idNumber', 'phone'] },
    ]);
  });

  it('ANALYST reads are masked and not audited; ADMIN reads without personal fields are not audited', async () => {
    const masked = await post({ query: '{ people { idNumber phone } }' }, await as('ANALYST', 'analyst-http'));
    expect(masked.body.data.people[0]).toEqual({ idNumber: '110117********123X', phone: '138****8000' });
    expect(await eventsOf('analyst-http')).toEqual([]);
    await post({ query: '{ people { id name } }' }, await as('ADMIN', 'admin-quiet'));
    expect(await eventsOf('admin-quiet')).toEqual([]);
  });

  it('a batched request writes one row per operation, each under its own name', async () => {
    const response = await post(
      [{ query: 'query First { people { idNumber } }' }, { query: 'query Second { people { phone } }' }],
      await as('ADMIN', 'admin-batch'),
    );
    expect(response.body).toHaveLength(2);
    const events = await eventsOf('admin-batch');
    expect(events.map((e) => [e.operation, e.fields])).toEqual(
      expect.arrayContaining([
        ['First', ['idNumber']],
        ['Second', ['phone']],
      ]),
    );
    expect(events).toHaveLength(2);
  });

  it('fails closed: when the audit row cannot be written, the personal data is withheld', async () => {
    await orm.em.getConnection().execute('alter table audit_event rename to audit_event_away');
    try {
      const response = await post({ query: '{ people { idNumber } }' }, await as('ADMIN', 'admin-unaudited'));
      expect(response.status).toBe(500);
      expect(response.body).toEqual({ errors: [{ message: AUDIT_FAILURE_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      expect(JSON.stringify(response.body)).not.toContain('11011719800101123X');
      expect(failures).toHaveLength(1);
    } finally {
      await orm.em.getConnection().execute('alter table audit_event_away rename to audit_event');
    }
  });

  it('ADMIN can query the audit trail; ANALYST cannot', async () => {
    const query = 'query { auditEvents(first: 5, subject: "admin-http") { totalCount edges { node { subject role operation entity entityIds fields at requestId } } } }';
    const admin = await post({ query }, await as('ADMIN', 'auditor'));
    expect(admin.body.errors).toBeUndefined();
    expect(admin.body.data.auditEvents.totalCount).toBe(1);
    expect(admin.body.data.auditEvents.edges[0].node).toMatchObject({ subject: 'admin-http', role: 'ADMIN', operation: 'AdminLookup', entity: 'Talent', entityIds: [11, 12], fields: ['idNumber', 'phone'] });
    const analyst = await post({ query }, await as('ANALYST', 'curious'));
    expect(analyst.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(analyst.body.data).toBeNull();
  });
});
