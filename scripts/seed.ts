import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { startDatabase } from '../src/shared/database';
import { initOrm, migrate } from '../src/shared/orm';
import { formatReport, seedDatabase } from '../seeds/seed';

/**
 * `npm run seed`: migrates, then seeds SEED_TALENTS talents (20,000 unless set) into
 * DATABASE_URL, or into the embedded server. Safe to run again: nothing is added twice.
 */
async function main() {
  const config = loadConfig();
  const db = await startDatabase(config);
  const orm = await initOrm({ clientUrl: db.clientUrl });
  try {
    const applied = await migrate(orm);
    if (applied.length) console.log(`applied: ${applied.join(', ')}`);
    const report = await seedDatabase(orm, {
      talents: config.seedTalents,
      log: config.logLevel === 'debug' || config.logLevel === 'info' ? (message) => console.log(message) : undefined,
    });
    console.log(formatReport(report));
  } finally {
    await orm.close();
    await db.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
