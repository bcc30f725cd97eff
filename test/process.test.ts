import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { portInUse as listening } from '../src/shared/database';
import { freePort } from './helpers/ports';

/**
 * The API as operators run it: a process of its own (`npm start` or plain node) on an embedded
 * PostgreSQL in a folder of its own, scripts run beside it, and SIGTERM/SIGINT under load.
 */
const ROOT = join(__dirname, '..');
const QUERY = JSON.stringify({ query: '{ regions(level: TOWN) { code name } }' });
const GRACE_SECONDS = 10;
const DELAY_SECONDS = 1;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** A command in the project folder with the test's environment; resolves with its exit and output. */
function run(command: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command[0], command.slice(1), { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

interface Served {
  status: number;
  connection?: string;
  body: string;
}

function post(port: number, agent: http.Agent | false, path = '/graphql', body = QUERY): Promise<Served> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: body ? 'POST' : 'GET', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Raw HTTP/1.1 on one socket, so the test decides when each byte is sent. */
function rawSocket(port: number): Promise<{ socket: Socket; received: () => string; ended: Promise<'end' | 'error'> }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let data = '';
    socket.on('data', (chunk) => (data += chunk));
    const ended = new Promise<'end' | 'error'>((done) => {
      socket.once('end', () => done('end'));
      socket.once('error', () => done('error'));
    });
    socket.once('connect', () => resolve({ socket, received: () => data, ended }));
    socket.once('error', reject);
  });
}

const until = async (condition: () => boolean | Promise<boolean>, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('the API process', () => {
  let folder: string;
  let env: Record<string, string>;
  let port: number;
  const dataDir = () => join(folder, 'pg');

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'huigu-process-'));
    await chmod(folder, 0o755); // the server runs as the postgres user, which must reach its data folder
    port = await freePort();
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(DATABASE_URL|REDIS_URL|TEST_|NODE_ENV$)/.test(name))) as Record<string, string>;
    env = {
      ...inherited,
      PORT: String(port),
      EMBEDDED_PG_DIR: dataDir(),
      EMBEDDED_PG_PORT: String(await freePort()),
      SEED_TALENTS: '200',
      // The drain is watched under a steady load from six clients: no rate limit may answer for the server.
      RATE_LIMIT_MAX: '1000000',
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
      SHUTDOWN_DELAY_SECONDS: String(DELAY_SECONDS),
    };
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  async function start(command: string[]): Promise<{ child: ChildProcess; nodePid: number; postgresPid: number; log: () => string }> {
    const child = spawn(command[0], command.slice(1), { cwd: ROOT, env });
    let log = '';
    child.stdout!.on('data', (chunk) => (log += chunk));
    child.stderr!.on('data', (chunk) => (log += chunk));
    await until(() => log.includes('"message":"listening"') || child.exitCode !== null, 60_000);
    expect(child.exitCode).toBeNull();
    // `npm start` execs node in its shell: node is npm's only child.
    const nodePid = command[0] === 'npm' ? Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim()) : child.pid!;
    const postgresPid = Number(readFileSync(join(dataDir(), 'postmaster.pid'), 'utf8').split('\n')[0]);
    return { child, nodePid, postgresPid, log: () => log };
  }

  /** Load from 6 keep-alive clients until stopped; every answer and every connection failure, counted. */
  function load() {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
    const answers: Served[] = [];
    const failures: string[] = [];
    let running = true;
    const clients = Array.from({ length: 6 }, async () => {
      while (running) {
        await post(port, agent).then(
          (served) => answers.push(served),
          async (error: NodeJS.ErrnoException) => {
            failures.push(error.code ?? error.message);
            await new Promise((resolve) => setTimeout(resolve, 20));
          },
        );
      }
    });
    return {
      answers,
      failures,
      stop: async () => {
        running = false;
        await Promise.all(clients);
        agent.destroy();
      },
    };
  }

  /**
   * The drain, whoever gets the signal: readiness fails at once while requests are still served
   * for the delay; a request accepted before the signal completes; an idle keep-alive connection
   * is closed with a FIN; the pool and the embedded PostgreSQL stop; the process exits 0 in time.
   */
  async function drains(server: Awaited<ReturnType<typeof start>>, signal: NodeJS.Signals) {
    const traffic = load();
    await until(() => traffic.answers.length >= 20, 10_000);

    const idle = await rawSocket(port);
    idle.socket.write(`GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    await until(() => idle.received().includes('"status":"ok"'), 5000);

    // Accepted (headers in), body still on its way when the signal comes.
    const slow = await rawSocket(port);
    slow.socket.write(`POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(QUERY)}\r\n\r\n${QUERY.slice(0, 10)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const exited = new Promise<number | null>((resolve) => server.child.on('exit', (code) => resolve(code)));
    const signalled = Date.now();
    const answeredBefore = traffic.answers.length;
    server.child.kill(signal); // to npm alone when started through npm, as a process manager does

    const readiness = await post(port, false, '/readyz', '');
    expect(readiness.status).toBe(503);
    expect(JSON.parse(readiness.body)).toEqual({ status: 'draining' });
    const during = await post(port, false);
    expect(during.status).toBe(200);
    expect(during.connection).toBe('close');

    await until(async () => !(await listening(port)), 5000); // no longer accepting
    slow.socket.write(QUERY.slice(10));
    expect(await slow.ended).toBe('end');
    expect(slow.received()).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(slow.received()).toMatch(/connection: close/i);
    expect(slow.received()).toContain('"regions":[{"code"');

    expect(await idle.ended).toBe('end');
    const code = await exited;
    const elapsedMs = Date.now() - signalled;
    await traffic.stop();

    expect(code).toBe(0);
    expect(elapsedMs).toBeLessThan(GRACE_SECONDS * 1000);
    expect(alive(server.nodePid)).toBe(false);
    await until(() => !alive(server.postgresPid), 5000);
    expect(existsSync(join(dataDir(), 'postmaster.pid'))).toBe(false);
    expect(await listening(port)).toBe(false);
    // Every request that got an answer got a whole one; the rest found no listener.
    expect(traffic.answers.length).toBeGreaterThan(answeredBefore);
    expect(traffic.answers.filter((a) => a.status !== 200 || !a.body.includes('"regions"'))).toEqual([]);
    expect(new Set(traffic.failures)).toEqual(new Set(traffic.failures.filter((f) => ['ECONNREFUSED', 'ECONNRESET'].includes(f))));
    expect(server.log()).toMatch(/"message":"stopped"/);
    expect(server.log()).not.toMatch(/"level":"error"/);
  }

  it('`npm start`: a script runs beside it on its database; SIGTERM to npm alone drains and stops everything', async () => {
    const server = await start(['npm', 'start']);
    try {
      const imported = await run(['npm', 'run', '-s', 'import', '--', 'organizations', 'seeds/templates/organizations.csv', '--dry-run'], env);
      // In a pipe the import reports its progress as plain lines on stderr, and nothing else there.
      expect(imported.stderr.trim().split('\n').every((line) => line.startsWith('[import] '))).toBe(true);
      expect(imported.code).toBe(0);
      expect(JSON.parse(imported.stdout.trim().split('\n').pop()!)).toMatchObject({ dryRun: true, problemCount: 0, written: false });
      expect(alive(server.postgresPid)).toBe(true); // the script left the server's database running
      await drains(server, 'SIGTERM');
    } finally {
      server.child.kill('SIGKILL');
    }
  });

  it('plain node: SIGINT drains and stops everything the same way', async () => {
    const server = await start([process.execPath, '-r', '@swc-node/register', 'src/main.ts']);
    try {
      await drains(server, 'SIGINT');
    } finally {
      server.child.kill('SIGKILL');
    }
  });

  it('a script says why when the embedded database cannot start on its port', async () => {
    const taken: Server = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => taken.once('listening', resolve));
    const { port: takenPort } = taken.address() as { port: number };
    try {
      const migrated = await run(['npm', 'run', '-s', 'migrate'], { ...env, EMBEDDED_PG_DIR: join(folder, 'other'), EMBEDDED_PG_PORT: String(takenPort) });
      expect(migrated.code).toBe(1);
      expect(migrated.stderr.trim()).toBe(
        `The embedded PostgreSQL cannot start: port ${takenPort} is taken by another program (set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use a server of your own)`,
      );
    } finally {
      taken.close();
    }
  });
});
