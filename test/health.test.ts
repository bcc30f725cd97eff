import { Migration, Migrator } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import request from 'supertest';
import { loadConfig } from '../src/config';
import { AuditEvent } from '../src/modules/audit/audit-event.entity';
import { createHealth, requestIdMiddleware, requestIdOf } from '../src/shared/health';
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
    health = createHealth(orm, { timeoutMs: 1000 });
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

  it('/readyz is 503 while draining (shutdown), /healthz stays 200', async () => {
    const draining = createHealth(orm);
    const drainingApp = express().use(draining.router);
    draining.startDraining();
    expect((await request(drainingApp).get('/readyz')).body).toEqual({ status: 'draining' });
    expect((await request(drainingApp).get('/healthz')).status).toBe(200);
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
      res.json({ requestId: requestIdOf(res) });
    });
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  it('accepts a sane incoming x-request-id and echoes it', async () => {
    const response = await request(app).get('/').set('x-request-id', 'gw-2025.11.24:abc_123');
    expect(response.headers['x-request-id']).toBe('gw-2025.11.24:abc_123');
    expect(response.body.requestId).toBe('gw-2025.11.24:abc_123');
  });

  it.each([
    ['absent', undefined],
    ['too short', 'abc'],
    ['with spaces and quotes (log forging)', 'x" level="error'],
    ['too long', 'a'.repeat(200)],
  ])('generates a UUID when the incoming id is %s', async (_name, incoming) => {
    const req = request(app).get('/');
    if (incoming) req.set('x-request-id', incoming);
    const response = await req;
    expect(response.headers['x-request-id']).toMatch(UUID);
    expect(response.body.requestId).toBe(response.headers['x-request-id']);
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
