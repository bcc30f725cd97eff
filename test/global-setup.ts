import 'reflect-metadata';
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../src/shared/database';
import { initOrm } from '../src/shared/orm';
import { seedDatabase } from '../seeds/seed';
import { Redis } from 'ioredis';
import { createScratchDatabase } from './helpers/database';
import { freePort } from './helpers/ports';

/** Size of the seeded register the tests read: big enough for every bucket, quick to write. */
export const TEST_SEED = { talents: 4000, servicePoints: 1200 };

/** The run's Redis unless TEST_REDIS_URL names another (CI exports db 15 of the machine's server). */
const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379/15';

/** Whether the run's Redis answers; if not, why (tests needing it are then skipped, saying so). */
async function probeRedis(url: string): Promise<string | null> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    return null;
  } catch {
    return `no Redis answers at ${url} (set TEST_REDIS_URL, or start redis-server)`;
  } finally {
    probe.disconnect();
  }
}

/**
 * One database for the run, migrated and seeded once. With DATABASE_URL the run creates its
 * own database on that server (so parallel runs never meet); without it, a throwaway embedded
 * PostgreSQL in a temporary folder.
 */
export default async function globalSetup(): Promise<void> {
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (process.env.DATABASE_URL) {
    process.env.TEST_ADMIN_DATABASE_URL = process.env.DATABASE_URL;
  } else {
    const folder = await mkdtemp(join(tmpdir(), 'huigu-test-'));
    await chmod(folder, 0o755); // the server runs as the postgres user, which must reach its data folder
    const embedded = await startEmbeddedPostgres({
      dataDir: join(folder, 'pg'),
      port: await freePort(),
      database: 'postgres',
      persistent: false,
    });
    process.env.TEST_ADMIN_DATABASE_URL = embedded.clientUrl;
    stopEmbedded = embedded.stop;
  }
  const database = await createScratchDatabase('huigu_run');
  const orm = await initOrm({ clientUrl: database.url, poolMax: 4 });
  try {
    await seedDatabase(orm, TEST_SEED);
  } finally {
    await orm.close();
  }
  process.env.TEST_DATABASE_URL = database.url;
  process.env.TEST_REDIS_URL ??= DEFAULT_TEST_REDIS_URL;
  const redisMissing = await probeRedis(process.env.TEST_REDIS_URL);
  if (redisMissing) process.env.TEST_REDIS_MISSING = redisMissing;
  process.env.NODE_ENV = 'test';

  (globalThis as Record<string, unknown>).__hubTeardown = async () => {
    await database.drop();
    await stopEmbedded?.();
  };
  // MikroORM leaves globals here that break MikroORM.init inside the test sandboxes (STACK.md, trap 8).
  for (const key of Object.keys(globalThis)) if (key.startsWith('mikro-orm-')) delete (globalThis as Record<string, unknown>)[key];
}
