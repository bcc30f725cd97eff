import { seedDatabase } from '../../seeds/seed';
import { initOrm } from '../../src/shared/orm';
import { createTestApp, type TestApp } from './app';
import { createScratchDatabase } from './database';

/**
 * The app over a scratch database seeded with a small register (200 talents unless told
 * otherwise, 50 service points): for tests that write, so the run's shared seeded database stays
 * as it is. close() stops the app and drops the database. `env`: configuration beside the test
 * defaults.
 */
export async function createScratchHub(prefix: string, talents = 200, env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createScratchDatabase(prefix);
  const orm = await initOrm({ clientUrl: database.url, poolMax: 2 });
  try {
    await seedDatabase(orm, { talents, servicePoints: 50 });
  } finally {
    await orm.close();
  }
  const hub = await createTestApp({ databaseUrl: database.url, env });
  return {
    ...hub,
    async close() {
      await hub.close();
      await database.drop();
    },
  };
}
