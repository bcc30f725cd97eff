import { formatReport, seedDatabase } from '../seeds/seed';
import { runScript } from './run-script';

/**
 * `npm run seed`: migrates, then seeds SEED_TALENTS talents (20,000 unless set) into
 * DATABASE_URL, or into the embedded server. Safe to run again: nothing is added twice.
 */
runScript(async (orm, config) => {
  const report = await seedDatabase(orm, {
    talents: config.seedTalents,
    log: config.logLevel === 'debug' || config.logLevel === 'info' ? (message) => console.log(message) : undefined,
  });
  console.log(formatReport(report));
});
