import { Migration, Migrator } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import { Agent, createServer, get as httpGet } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { loadConfig } from '../src/config';
import { AuditEvent } from '../src/modules/audit/audit-event.entity';
import { clientRequestIdOf, createHealth, requestIdMiddleware, requestIdOf } from '../src/shared/health';
import { isStatementTimeout, poolTimeoutOptions } from '../src/shared/query-safety';
import { createScratchDatabase, type ScratchDatabase } from './helpers/database';

class Migration20990101000000_probe extends Migration {
  async up(): Promise<void> {
    this.addSql('create table "probe" ("id" serial primary key);');
  }
}

describe('/healthz and /readyz', () => {
  let db: ScratchDatabase;
  let orm: MikroORM;
  let app: express.Express;
  let health: ReturnType<typeof createHealth>;

  beforeAll(async () => {
    db = await createScratchDatabase('huigu_health');
    orm = await MikroORM.init({
      clientUrl: db.url,
      entities: [AuditEvent],
      extensions: [Migrator],
      migrations: { migrationsList: [{ name: 'Migration20990101000000_probe', class: Migration20990101000000_probe }], snapshot: false, silent: true },
      pool: { min: 0, max: 2 },
    });
    health = createHealth(orm, { timeoutMs: 1000, cacheMs: 0 });
    app = express();
    app.use(health.router);
  });
  afterAll(async () => {
    await orm.close();
    await db.drop();
  });

  it('/healthz answers while the process serves', async () => {
    const response = await request(app).get('/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('/readyz is 503 while a migration is pending, 200 once applied', async () => {
    const pending = await request(app).get('/readyz');
    expect(pending.status).toBe(503);
    expect(pending.body).toEqual({ status: 'unavailable', database: 'ok', pendingMigrations: 1 });
    await orm.getMigrator().up();
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', database: 'ok', pendingMigrations: 0 });
  });

  it('/readyz is 503 while draining (shutdown), at once, not from its cache; /healthz stays 200', async () => {
    const draining = createHealth(orm, { cacheMs: 60_000 });
    // A real server and a keep-alive client: supertest closes every connection itself.
    const server = createServer(express().use(draining.closeConnectionsWhileDraining).use(draining.router));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const agent = new Agent({ keepAlive: true });
    const get = (path: string) =>
      new Promise<{ status: number; connection?: string; body: string }>((resolve, reject) => {
        const { port } = server.address() as AddressInfo;
        httpGet({ host: '127.0.0.1', port, path, agent }, (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body }));
        }).on('error', reject);
      });
    try {
      expect(await get('/readyz')).toMatchObject({ status: 200, connection: 'keep-alive' });
      draining.startDraining();
      const answer = await get('/readyz');
      expect(answer).toMatchObject({ status: 503, connection: 'close' }); // keep-alive clients reconnect, elsewhere
      expect(JSON.parse(answer.body)).toEqual({ status: 'draining' });
      expect(await get('/healthz')).toMatchObject({ status: 200, connection: 'close' });
    } finally {
      agent.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('/readyz checks the database once per cache period, however many probes come', async () => {
    const cached = express().use(createHealth(orm, { cacheMs: 1000 }).router);
    const execute = jest.spyOn(orm.em.getConnection(), 'execute');
    const checks = () => execute.mock.calls.filter(([sql]) => sql === 'select 1').length;
    try {
      const burst = await Promise.all(Array.from({ length: 50 }, () => request(cached).get('/readyz')));
      expect(burst.map((r) => r.status)).toEqual(Array(50).fill(200));
      for (let i = 0; i < 10; i++) await request(cached).get('/readyz');
      expect(checks()).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 1050));
      expect((await request(cached).get('/readyz')).status).toBe(200);
      expect(checks()).toBe(2);
    } finally {
      execute.mockRestore();
    }
  });

  it('/readyz is 503 when the database is unreachable, and says no more than that', async () => {
    const unreachable = await MikroORM.init({ clientUrl: 'postgresql://postgres@127.0.0.1:1/none', entities: [AuditEvent], extensions: [Migrator], connect: false, pool: { min: 0, max: 1 } });
    try {
      const response = await request(express().use(createHealth(unreachable, { timeoutMs: 1000 }).router)).get('/readyz');
      expect(response.status).toBe(503);
      expect(response.body).toEqual({ status: 'unavailable', database: 'unreachable' });
    } finally {
      await unreachable.close();
    }
  });
});

describe('request ids', () => {
  const app = express()
    .use(requestIdMiddleware())
    .get('/', (_req, res) => {
      res.json({ requestId: requestIdOf(res), clientRequestId: clientRequestIdOf(res) });
    });
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  it("keeps a sane incoming x-request-id beside the server's own, never instead of it", async () => {
    const response = await request(app).get('/').set('x-request-id', 'gw-2025.11.24:abc_123');
    expect(response.headers['x-request-id']).toMatch(UUID);
    expect(response.body).toEqual({ requestId: response.headers['x-request-id'], clientRequestId: 'gw-2025.11.24:abc_123' });
  });

  it.each([
    ['absent', undefined],
    ['too short', 'abc'],
    ['with spaces and quotes (log forging)', 'x" level="error'],
    ['too long', 'a'.repeat(200)],
  ])('keeps no client id when the incoming id is %s', async (_name, incoming) => {
    const req = request(app).get('/');
    if (incoming) req.set('x-request-id', incoming);
    const response = await req;
    expect(response.headers['x-request-id']).toMatch(UUID);
    expect(response.body).toEqual({ requestId: response.headers['x-request-id'], clientRequestId: null });
  });
});

describe('pool timeouts through MikroORM driverOptions', () => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await createScratchDatabase('huigu_timeouts');
  });
  afterAll(() => db.drop());

  const init = (statementTimeoutMs: number, idleInTransactionTimeoutMs: number) =>
    MikroORM.init({ clientUrl: db.url, entities: [AuditEvent], driverOptions: poolTimeoutOptions({ statementTimeoutMs, idleInTransactionTimeoutMs }), pool: { min: 0, max: 2 } });

  it('every pooled session runs with the configured statement_timeout and idle_in_transaction_session_timeout', async () => {
    const { limits } = loadConfig({});
    const orm = await init(limits.statementTimeoutMs, limits.idleInTransactionTimeoutMs);
    try {
      const connection = orm.em.getConnection();
      expect(await connection.execute('show statement_timeout')).toEqual([{ statement_timeout: '15s' }]);
      expect(await connection.execute('show idle_in_transaction_session_timeout')).toEqual([{ idle_in_transaction_session_timeout: '30s' }]);
    } finally {
      await orm.close();
    }
  });

  it('a statement over the limit is cancelled (57014) and recognised as a statement timeout', async () => {
    const orm = await init(300, 30_000);
    try {
      const started = Date.now();
      const error = await orm.em.getConnection().execute('select pg_sleep(5)').then(() => null, (e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(isStatementTimeout(error)).toBe(true);
      expect(isStatementTimeout(new Error('other'))).toBe(false);
      // The pool is still usable afterwards.
      expect(await orm.em.getConnection().execute('select 1 as one')).toEqual([{ one: 1 }]);
    } finally {
      await orm.close();
    }
  });

  it('a session idle inside a transaction past the limit is terminated', async () => {
    const orm = await init(10_000, 400);
    try {
      const run = (idleMs: number) =>
        orm.em
          .fork()
          .transactional(async (em) => {
            await em.getConnection().execute('select 1', [], 'all', em.getTransactionContext());
            await new Promise((resolve) => setTimeout(resolve, idleMs));
            await em.getConnection().execute('select 1', [], 'all', em.getTransactionContext());
            return 'survived';
          })
          .catch(() => 'terminated');
      expect(await run(0)).toBe('survived');
      expect(await run(900)).toBe('terminated');
    } finally {
      await orm.close();
    }
  });
});
