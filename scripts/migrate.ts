import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { startDatabase } from '../src/shared/database';
import { initOrm, migrate } from '../src/shared/orm';

/** `npm run migrate`: applies pending migrations to DATABASE_URL, or to the embedded server. */
async function main() {
  const config = loadConfig();
  const db = await startDatabase(config);
  const orm = await initOrm({ clientUrl: db.clientUrl });
  try {
    const applied = await migrate(orm);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  } finally {
    await orm.close();
    await db.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
