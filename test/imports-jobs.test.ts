import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { Client } from 'pg';
import request from 'supertest';
import { INTERRUPTED } from '../src/modules/imports/import-jobs';
import { toCsvLine } from '../src/modules/imports/read-rows';
import { TALENT_COLUMNS } from '../src/modules/imports/talent-import';
import { HEADERS, talentCells } from '../seeds/talent-sheet';
import type { TestApp } from './helpers/app';
import { createScratchHub } from './helpers/scratch-hub';

const ROOT = resolve(__dirname, '..');
let hub: TestApp;
let dir: string;
let employer: string;

let uploads: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'huigu-import-jobs-'));
  uploads = join(dir, 'uploads');
  hub = await createScratchHub('huigu_import_jobs', 200, { IMPORT_MAX_UPLOAD_MB: '1', IMPORT_UPLOAD_DIR: uploads });
  [{ code: employer }] = await hub.orm.em.getConnection().execute<{ code: string }[]>('select credit_code as code from organization where credit_code is not null and archived_at is null order by id limit 1');
}, 60_000);
afterAll(async () => {
  await hub?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sql = async <T = Record<string, any>>(text: string, params: unknown[] = []) => hub.orm.em.getConnection().execute<T[]>(text, params);
const snapshot = async () => (await sql<{ h: string }>(`select md5(string_agg(t::text, '|' order by id)) as h from talent t`))[0].h;
const rowsFrom = (first: number, count: number) => Array.from({ length: count }, (_, i) => talentCells(first + i, employer));
const gb18030 = (rows: Record<string, string>[]) => iconv.encode([toCsvLine(HEADERS), ...rows.map((r) => toCsvLine(HEADERS.map((h) => r[h])))].join('\r\n') + '\r\n', 'gb18030');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const JOB = `query($id: ID!) { importJob(id: $id) { id entity phase rowsRead progress problemCount inserted updated unchanged written error pollAfterSeconds startedAt finishedAt problemReportPath
  problems(first: 10) { row column value message } } }`;
async function job(id: string) {
  const result = await hub.gql(JOB, { id }, { as: 'ADMIN' });
  expect(result.errors).toBeUndefined();
  return result.data!.importJob;
}
async function finished(id: string, seconds = 60) {
  for (const until = Date.now() + seconds * 1000; Date.now() < until; await sleep(200)) {
    const j = await job(id);
    if (j.pollAfterSeconds === null) return j;
  }
  throw new Error(`job ${id} did not finish in ${seconds} s`);
}
async function upload(body: Buffer, { as = 'ADMIN', entity = 'talents', query = '' }: { as?: 'ADMIN' | 'ANALYST' | null; entity?: string; query?: string } = {}) {
  const call = request(hub.app).post(`/imports/${entity}?filename=dept.csv${query}`).set('content-type', 'text/csv');
  if (as) call.set('authorization', await hub.bearer(as));
  return call.send(body);
}

describe('imports through the API (POST /imports/:entity → importJob)', () => {
  it('an ADMIN upload becomes a job: 202, then phase, counts and problems through importJob', async () => {
    const response = await upload(gb18030(rowsFrom(100_000, 500)));
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ id: expect.any(String), phase: 'queued', pollAfterSeconds: 2 });
    expect(await finished(response.body.id)).toMatchObject({ phase: 'done', rowsRead: 500, inserted: 500, updated: 0, written: true, progress: 1, problemCount: 0, problems: [] });

    const bad = rowsFrom(100_500, 50);
    bad[10][TALENT_COLUMNS.phone] = '12';
    bad[49][TALENT_COLUMNS.education] = '研究生';
    const second = await upload(gb18030(bad));
    expect(await finished(second.body.id)).toMatchObject({
      phase: 'done', written: false, inserted: 0, problemCount: 2,
      problems: [
        { row: 12, column: TALENT_COLUMNS.phone, value: '(hidden)' },
        { row: 51, column: TALENT_COLUMNS.education, value: '研究生', message: expect.stringContaining('应为') },
      ],
      problemReportPath: `/imports/jobs/${second.body.id}/problems.xlsx`,
    });
    // The xlsx report, from the database (any replica): the two bad rows, the offending cells marked, personal values hidden.
    const path = `/imports/jobs/${second.body.id}/problems.xlsx`;
    expect((await request(hub.app).get(path).set('authorization', await hub.bearer('ANALYST'))).status).toBe(403);
    const download = await request(hub.app).get(path).set('authorization', await hub.bearer('ADMIN')).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(download.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(download.body as never);
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const marked = (r: number) => header.filter((_h, i) => (sheet.getRow(r).getCell(i + 1).fill as ExcelJS.FillPattern | undefined)?.pattern === 'solid');
    expect([sheet.getRow(2).getCell(1).value, marked(2), sheet.getRow(2).getCell(header.indexOf(TALENT_COLUMNS.phone) + 1).value]).toEqual([12, [TALENT_COLUMNS.phone], '(hidden)']);
    expect([sheet.getRow(3).getCell(1).value, marked(3)]).toEqual([51, [TALENT_COLUMNS.education]]);
  }, 60_000);

  it('a dry run upload says what would be written and writes nothing', async () => {
    const before = await snapshot();
    const response = await upload(gb18030(rowsFrom(100_000, 600)), { query: '&dryRun=true' });
    expect(await finished(response.body.id)).toMatchObject({ phase: 'done', written: false, inserted: 100, unchanged: 500 });
    expect(await snapshot()).toBe(before);
  }, 60_000);

  it('refuses callers other than ADMIN, unknown entities, and files over the limit (coded)', async () => {
    const body = gb18030(rowsFrom(200_000, 2));
    expect((await upload(body, { as: null })).status).toBe(401);
    const analyst = await upload(body, { as: 'ANALYST' });
    expect([analyst.status, analyst.body.errors[0].extensions.code]).toEqual([403, 'FORBIDDEN']);
    expect((await upload(body, { entity: 'awards' })).body.errors[0].extensions.code).toBe('NOT_FOUND');
    const large = await upload(Buffer.alloc(1024 * 1024 + 1, 0x41));
    expect([large.status, large.body.errors[0].extensions.code]).toEqual([413, 'LIMIT_EXCEEDED']);
    expect((await hub.gql(JOB, { id: '1' }, { as: 'ANALYST' })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('two jobs for one entity at once run one after the other', async () => {
    const [a, b] = await Promise.all([upload(gb18030(rowsFrom(300_000, 3000))), upload(gb18030(rowsFrom(310_000, 3000)))]);
    const [ja, jb] = [await finished(a.body.id, 120), await finished(b.body.id, 120)];
    expect([ja.inserted, jb.inserted]).toEqual([3000, 3000]);
    const [first, second] = [ja, jb].sort((x, y) => Date.parse(x.startedAt) - Date.parse(y.startedAt));
    expect(Date.parse(second.startedAt)).toBeGreaterThanOrEqual(Date.parse(first.finishedAt));
  }, 180_000);
});

/** `npm run import` in a child process, beside the running app, on its database. */
function cli(file: string) {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'scripts/import.ts', 'talents', file], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: hub.config.databaseUrl!, NODE_ENV: 'test', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, exited, output: () => out };
}

describe('what import jobs keep, and for how long', () => {
  /** Jobs that look queued behind a running one: their worker session (this client) is alive. */
  async function queuedJobs(n: number) {
    const holder = new Client({ connectionString: hub.orm.config.getClientUrl() });
    await holder.connect();
    await holder.query(
      `insert into import_job (entity, file_name, source, worker_pid, worker_backend_start)
       select 'talents', 'waiting.csv', 'upload', pg_backend_pid(), (select backend_start from pg_stat_activity where pid = pg_backend_pid()) from generate_series(1, $1)`,
      [n],
    );
    return { release: () => holder.query(`delete from import_job where file_name = 'waiting.csv'`).finally(() => holder.end()) };
  }

  it('refuses an upload while IMPORT_MAX_QUEUED_JOBS jobs wait (429 LIMIT_EXCEEDED, no job), and takes it once they have run', async () => {
    const waiting = await queuedJobs(hub.config.imports.maxQueuedJobs);
    try {
      const [{ jobs }] = await sql<{ jobs: number }>('select count(*)::int as jobs from import_job');
      const refused = await upload(gb18030(rowsFrom(500_000, 5)));
      expect(refused.status).toBe(429);
      expect(refused.body.errors[0].extensions.code).toBe('LIMIT_EXCEEDED');
      expect(refused.headers['retry-after']).toBeDefined();
      expect((await sql<{ jobs: number }>('select count(*)::int as jobs from import_job'))[0].jobs).toBe(jobs);
    } finally {
      await waiting.release();
    }
    const accepted = await upload(gb18030(rowsFrom(500_000, 5)));
    expect(accepted.status).toBe(202);
    expect(await finished(accepted.body.id)).toMatchObject({ phase: 'done', inserted: 5 });
  });

  it('drops a finished job’s problems and report after IMPORT_RETENTION_DAYS (its counts stay), and keeps a recent one’s', async () => {
    const bad = rowsFrom(510_000, 3);
    bad[1][TALENT_COLUMNS.education] = '研究生';
    const old = (await finished((await upload(gb18030(bad))).body.id)).id as string;
    const recent = (await finished((await upload(gb18030(bad))).body.id)).id as string;
    await sql(`update import_job set finished_at = now() - make_interval(days => ?) where id = ?`, [hub.config.imports.retentionDays + 1, old]);
    expect(await job(old)).toMatchObject({ problemCount: 1, problems: [expect.anything()], problemReportPath: expect.any(String) });

    // Every job sweeps as it starts.
    await finished((await upload(gb18030(rowsFrom(510_100, 2)))).body.id);
    const expired = (await hub.gql(`query($id: ID!) { importJob(id: $id) { problemCount problemsExpiredAt problemReportPath problems { row } } }`, { id: old }, { as: 'ADMIN' })).data!.importJob;
    expect(expired).toMatchObject({ problemCount: 1, problemReportPath: null, problems: [], problemsExpiredAt: expect.any(String) });
    expect((await sql<{ n: number }>('select count(*)::int as n from import_problem where job_id = ?', [old]))[0].n).toBe(0);
    expect(await job(recent)).toMatchObject({ problemCount: 1, problems: [expect.anything()], problemReportPath: expect.any(String) });
  });

  it('sweeps upload files left behind: an ended job’s and a day-old stray are deleted, a waiting job’s and a fresh upload’s stay', async () => {
    mkdirSync(uploads, { recursive: true });
    const place = (name: string, ageHours = 0) => {
      const path = join(uploads, name);
      writeFileSync(path, 'x');
      if (ageHours) utimesSync(path, new Date(Date.now() - ageHours * 3600_000), new Date(Date.now() - ageHours * 3600_000));
      return name;
    };
    const failedJob = place('0000-failed');
    await sql(`insert into import_job (entity, file_name, source, phase, upload_file, finished_at) values ('talents', 'killed.csv', 'upload', 'failed', ?, now())`, [failedJob]);
    const waiting = await queuedJobs(1);
    try {
      const waitingJob = place('0000-waiting');
      await sql(`update import_job set upload_file = ? where file_name = 'waiting.csv'`, [waitingJob]);
      place('0000-stray', 25);
      const arriving = place('0000-arriving');
      await finished((await upload(gb18030(rowsFrom(520_000, 2)))).body.id);
      // The sweep runs as the job ends, beside the last poll.
      for (const until = Date.now() + 10_000; Date.now() < until && readdirSync(uploads).includes(failedJob); await sleep(100));
      expect(readdirSync(uploads).sort()).toEqual([arriving, waitingJob].sort());
    } finally {
      await waiting.release();
    }
  });
});

describe('the CLI beside the running app', () => {
  it('says clearly why a file cannot be imported (never `undefined`), and exits 1', async () => {
    const xls = join(dir, 'old.xls');
    writeFileSync(xls, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]));
    const run = cli(xls);
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/Excel 97-2003.*\.xlsx.*CSV/);
    expect(run.output()).not.toMatch(/undefined/);
  }, 60_000);
});

describe('an import interrupted mid-merge (the worker killed)', () => {
  it('leaves nothing behind, is marked failed, and a re-run completes', async () => {
    // A known talent, last in the file: the merge blocks on it while the test holds its row.
    const known = talentCells(400_999, employer);
    writeFileSync(join(dir, 'known.csv'), gb18030([known]));
    const seed = cli(join(dir, 'known.csv'));
    expect(await seed.exited).toBe(0);
    const file = join(dir, 'interrupted.csv');
    writeFileSync(file, gb18030([...rowsFrom(400_000, 999), { ...known, [TALENT_COLUMNS.tier]: '领军人才' }]));

    const holder = new Client({ connectionString: hub.config.databaseUrl! });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query(`select id from talent where name = $1 for update`, [known[TALENT_COLUMNS.name]]);
      const before = await snapshot();
      const run = cli(file);
      let blocked: number | null = null;
      for (const until = Date.now() + 60_000; Date.now() < until && blocked === null; await sleep(200)) {
        const [waiting] = await sql<{ pid: number }>(
          `select a.pid from pg_stat_activity a where a.datname = current_database() and a.wait_event_type = 'Lock' and a.query like '%import_stage%'`,
        );
        blocked = waiting?.pid ?? null;
      }
      expect(blocked).not.toBeNull();
      const [{ id, phase }] = await sql<{ id: string; phase: string }>(`select id::text as id, phase from import_job where source = 'cli' order by id desc limit 1`);
      expect(phase).toBe('merging');
      run.child.kill('SIGKILL');
      await run.exited;
      await holder.query('rollback');
      // The killed process's merge transaction ends when its server process notices the client gone.
      for (const until = Date.now() + 30_000; Date.now() < until; await sleep(100)) {
        if (!(await sql(`select 1 from pg_stat_activity where pid = ?`, [blocked])).length) break;
      }
      expect(await snapshot()).toBe(before);
      expect(await job(id)).toMatchObject({ phase: 'failed', error: INTERRUPTED, written: false });

      const again = cli(file);
      expect(await again.exited).toBe(0);
      expect(again.output()).toMatch(/"inserted":999,"updated":1,"unchanged":0/);
    } finally {
      await holder.end();
    }
  }, 180_000);
});
