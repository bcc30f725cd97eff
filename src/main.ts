import 'reflect-metadata';
import { createServer } from 'node:http';
import { createApp, GRAPHQL_PATH } from './app';
import { ConfigError, loadConfig } from './config';
import { startDatabase } from './shared/database';
import { initOrm, migrate } from './shared/orm';
import { stopOnTerminationSignals } from './shared/shutdown';
import { isSeeded, seedDatabase } from '../seeds/seed';

/** `npm start`: database (embedded unless DATABASE_URL), migrations, seed when empty, HTTP. */
async function main() {
  const config = loadConfig();
  const db = await startDatabase(config);
  // Migrations and the seed run on a pool without statement timeouts (an index build or a
  // million-row seed may take longer than any request should); requests get their own pool.
  const setup = await initOrm({ clientUrl: db.clientUrl, poolMax: 2 });
  try {
    await migrate(setup);
    // Synthetic people must never be written into a production register by accident.
    if (config.env !== 'production' && !(await isSeeded(setup))) {
      const report = await seedDatabase(setup, { talents: config.seedTalents, log: (message: string) => console.log(message) });
      console.log(`seeded in ${(report.elapsedMs / 1000).toFixed(1)} s`);
    }
  } finally {
    await setup.close();
  }
  // Requests read on the standbys of DATABASE_REPLICA_URLS where they can (src/shared/replicas.ts).
  const orm = await initOrm({ clientUrl: db.clientUrl, timeouts: config.limits, replicaUrls: config.replicas.urls, replicaConnectTimeoutMs: Math.max(2000, config.replicas.checkTimeoutMs * 2) });

  const httpServer = createServer();
  const { app, apollo, logger, health } = await createApp({ orm, config, httpServer });
  httpServer.on('request', app);
  await new Promise<void>((resolve) => httpServer.listen(config.port, resolve));
  // Until here a signal stops the embedded database through its own hook; from here, through ours.
  db.takeOverSignals();
  stopOnTerminationSignals(
    {
      startDraining: health.startDraining,
      drainHttp: () => apollo.stop(), // closes the listener and idle keep-alives, waits for in-flight requests
      close: [() => orm.close(), () => db.stop()],
    },
    config.shutdown,
    logger,
  );
  logger.info('listening', { url: `http://localhost:${config.port}${GRAPHQL_PATH}`, embeddedDatabase: db.embedded });
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
