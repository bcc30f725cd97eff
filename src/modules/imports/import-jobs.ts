import type { EntityManager } from '@mikro-orm/postgresql';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import type { AppConfig } from '../../config';
import type { Orm } from '../../shared/orm';
import { IMPORTERS } from './importers';
import { writeProblemReport } from './problem-report';
import { openSheet, SheetReadError, type ReadOptions } from './read-rows';
import { ImportWriteError, type ImportPhase, type ImportProblem, type ImportReport } from './sheet-import';
import { stagingWorkerPays } from './staging-worker';

export type JobPhase = 'queued' | ImportPhase | 'failed';

/** An import job as `importJob(id)` shows it (table import_job). */
export interface ImportJobRow {
  id: string;
  entity: string;
  fileName: string;
  source: 'upload' | 'cli';
  dryRun: boolean;
  phase: JobPhase;
  rowsRead: number;
  bytesRead: number;
  totalBytes: number;
  problemCount: number;
  inserted: number | null;
  updated: number | null;
  unchanged: number | null;
  written: boolean;
  error: string | null;
  /** The xlsx problem report is stored (uploads with problems). */
  hasProblemReport: boolean;
  /** When the retention period took the problems and the report away (null: kept). */
  problemsExpiredAt: Date | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const JOB_COLUMNS = `id::text as id, entity, file_name as "fileName", source, dry_run as "dryRun", phase, rows_read as "rowsRead",
  bytes_read::float8 as "bytesRead", total_bytes::float8 as "totalBytes", problem_count as "problemCount", inserted, updated, unchanged,
  written, error, problem_report is not null as "hasProblemReport", created_at as "createdAt", started_at as "startedAt", finished_at as "finishedAt",
  problems_expired_at as "problemsExpiredAt"`;

/** The message of a job interrupted by a restart: its merge transaction died with its process, so nothing was written. */
export const INTERRUPTED = '导入被中断（服务重启或进程退出），未写入任何行：请重新导入';
/** Seconds a client should wait between two `importJob` polls while a job runs. */
export const POLL_AFTER_SECONDS = 2;
/** How often a running job writes its progress. */
const PROGRESS_WRITE_MS = 1000;
/** Largest xlsx problem report kept in the database; a larger one is left out (the problems stay in import_problem). */
const MAX_STORED_REPORT_BYTES = 64 * 1024 * 1024;
/** Problems per insert into import_problem. */
const PROBLEM_PAGE = 1000;

/**
 * Jobs whose process is gone are marked failed: unfinished, and the database session that ran
 * (or waited to run) them no longer exists. Their merge transaction, if any, was rolled back when
 * that session ended, and their staging table went with it. Called before a job starts and when
 * a job is read, on any replica.
 */
export const RECOVER_INTERRUPTED_SQL = `
update import_job j set phase = 'failed', error = '${INTERRUPTED}', finished_at = now()
 where j.phase not in ('done', 'failed')
   and (case when j.worker_pid is null then j.created_at < now() - interval '1 minute'
             else not exists (select 1 from pg_stat_activity a where a.pid = j.worker_pid and a.backend_start = j.worker_backend_start) end)`;

/**
 * Retention (IMPORT_RETENTION_DAYS): a job finished longer ago loses its problems and its xlsx
 * report, the cells of a department's bad rows; its counts stay. Run by every job as it starts,
 * so no scheduler is needed; idempotent, so replicas may run it at once.
 */
const EXPIRE_PROBLEMS_SQL = `
with expired as (
  update import_job set problem_report = null, problems_expired_at = now()
   where problems_expired_at is null and finished_at < now() - make_interval(days => $1)
  returning id)
delete from import_problem p using expired e where p.job_id = e.id`;

/** Jobs waiting for their entity's running job, on every replica. */
export async function queuedJobCount(em: EntityManager): Promise<number> {
  await recoverInterruptedJobs(em);
  const [{ n }] = await em.getConnection().execute<{ n: number }[]>(`select count(*)::int as n from import_job where phase = 'queued'`);
  return n;
}

/** A file in the upload folder that no job names is removed once this old: a process killed mid-upload left it. */
const ORPHAN_UPLOAD_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes the upload files of ended jobs (done, or failed: a process killed mid-job leaves its
 * file behind) and, after a day, files no job names. A file of a job still running, on any
 * replica sharing the folder, stays.
 */
export async function sweepUploads(em: EntityManager, dir: string): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  if (!names.length) return 0;
  await recoverInterruptedJobs(em);
  /** `<file>` or `<file>.problems.xlsx` (a report being written) belong to the job that reads `<file>`. */
  const uploadOf = (name: string) => name.replace(/\.problems\.xlsx$/, '');
  const jobs = await em
    .getConnection()
    .execute<{ file: string; ended: boolean }[]>(`select upload_file as file, phase in ('done', 'failed') as ended from import_job where upload_file in (?)`, [[...new Set(names.map(uploadOf))]]);
  const ended = new Map(jobs.map((job) => [job.file, job.ended]));
  let removed = 0;
  for (const name of names) {
    const path = join(dir, name);
    const owner = ended.get(uploadOf(name));
    if (owner === false) continue;
    if (owner === undefined) {
      const info = await stat(path).catch(() => null);
      if (info && Date.now() - info.mtimeMs < ORPHAN_UPLOAD_AGE_MS) continue;
    }
    await rm(path, { force: true });
    removed++;
  }
  return removed;
}

type Query = (sql: string, params?: unknown[]) => Promise<unknown>;

export async function recoverInterruptedJobs(em: EntityManager): Promise<void> {
  await em.getConnection().execute(RECOVER_INTERRUPTED_SQL);
}

export async function createJob(
  em: EntityManager,
  job: { entity: string; fileName: string; source: 'upload' | 'cli'; dryRun: boolean; totalBytes: number; createdBy: string | null; uploadFile?: string },
): Promise<string> {
  const [{ id }] = await em
    .getConnection()
    .execute<{ id: string }[]>(
      'insert into import_job (entity, file_name, source, dry_run, total_bytes, created_by, upload_file) values (?, ?, ?, ?, ?, ?, ?) returning id::text as id',
      [job.entity, job.fileName, job.source, job.dryRun, job.totalBytes, job.createdBy, job.uploadFile ?? null],
    );
  return id;
}

export async function findJob(em: EntityManager, id: string): Promise<ImportJobRow | null> {
  await recoverInterruptedJobs(em);
  const [job] = await em.getConnection().execute<ImportJobRow[]>(`select ${JOB_COLUMNS} from import_job where id = ?`, [id]);
  if (!job) return null;
  const date = (value: Date | string | null) => (value === null ? null : new Date(value));
  return { ...job, createdAt: date(job.createdAt)!, startedAt: date(job.startedAt), finishedAt: date(job.finishedAt), problemsExpiredAt: date(job.problemsExpiredAt) };
}

/** A page of a job's problems, by row. */
export async function jobProblems(em: EntityManager, id: string, offset: number, limit: number): Promise<ImportProblem[]> {
  return em
    .getConnection()
    .execute<ImportProblem[]>('select row, column_name as "column", value, message from import_problem where job_id = ? order by seq offset ? limit ?', [id, offset, limit]);
}

async function* storedProblems(query: (sql: string, params: unknown[]) => Promise<{ rows: ImportProblem[] }>, id: string): AsyncIterable<ImportProblem> {
  for (let offset = 0; ; offset += PROBLEM_PAGE) {
    const { rows } = await query('select row, column_name as "column", value, message from import_problem where job_id = $1 order by seq offset $2 limit $3', [id, offset, PROBLEM_PAGE]);
    yield* rows;
    if (rows.length < PROBLEM_PAGE) return;
  }
}

/** The stored xlsx problem report of a job, or null. */
export async function jobProblemReport(em: EntityManager, id: string): Promise<Buffer | null> {
  const [row] = await em.getConnection().execute<{ report: Buffer | null }[]>('select problem_report as report from import_job where id = ?', [id]);
  return row?.report ?? null;
}

export interface JobHooks {
  /** As RunOptions' onProgress, with the bytes of the file read so far. */
  onProgress?: (phase: ImportPhase, rows: number, bytesRead: number) => void;
  /** Every problem, by row, once they are stored (the CLI's console lines and xlsx report). */
  onProblems?: (problems: AsyncIterable<ImportProblem>, count: number) => Promise<void>;
  read?: ReadOptions;
  /** Keep the xlsx problem report in the job (uploads: the file is gone once the job ends). */
  storeReport?: boolean;
}

/** What a failure says to the department: our own messages as they are, anything else as a generic one (the log has it). */
function jobError(error: unknown): string {
  if (error instanceof SheetReadError || error instanceof ImportWriteError) return error.message;
  return '导入失败（内部错误），未写入任何行：请联系管理员';
}

/**
 * Runs one job to its end, in this process. A session of its own (the worker) holds the entity's
 * advisory lock for the whole run: jobs for one entity run one after the other, across replicas
 * (a second waits, `queued`); the lock, the staging table and any open merge transaction go with
 * the process if it dies, and the job is then marked failed by `recoverInterruptedJobs`. The
 * worker session writes the job's phase and progress (about once a second) and its problems.
 */
export async function runJob(orm: Orm, config: AppConfig, id: string, path: string, hooks: JobHooks = {}): Promise<ImportReport | null> {
  const worker = new Client({ connectionString: orm.config.getClientUrl() });
  await worker.connect();
  const query: Query = (sql, params) => worker.query(sql, params as unknown[]);
  try {
    await query(
      `update import_job set worker_pid = pg_backend_pid(), worker_backend_start = (select backend_start from pg_stat_activity where pid = pg_backend_pid()) where id = $1`,
      [id],
    );
    const { rows } = await worker.query<{ entity: string; dryRun: boolean }>('select entity, dry_run as "dryRun" from import_job where id = $1', [id]);
    const { entity, dryRun } = rows[0];
    await query('select pg_advisory_lock(hashtext($1))', [`huigu:import:${entity}`]);
    await query(RECOVER_INTERRUPTED_SQL);
    await query(EXPIRE_PROBLEMS_SQL, [config.imports.retentionDays]);
    await query(`update import_job set phase = 'reading', started_at = clock_timestamp() where id = $1`, [id]);

    let lastWrite = 0;
    let writing: Promise<unknown> = Promise.resolve();
    const sheet = await openSheet(path, hooks.read);
    const importer = IMPORTERS[entity](orm.em.fork(), config);
    const report = await importer.run(sheet.rows, {
      dryRun,
      stagingWorker:
        config.imports.stagingWorker && stagingWorkerPays(sheet.totalBytes) ? { entity, config } : undefined,
      onProgress: (phase, rowsRead) => {
        hooks.onProgress?.(phase, rowsRead, sheet.bytesRead());
        // `done` is written once, with the counts, when the run returns: a poller never sees a job done without them.
        if (phase === 'done' || (phase === 'reading' && Date.now() - lastWrite < PROGRESS_WRITE_MS)) return;
        lastWrite = Date.now();
        writing = writing.then(() => query('update import_job set phase = $2, rows_read = $3, bytes_read = $4 where id = $1', [id, phase, rowsRead, sheet.bytesRead()]));
      },
      onProblems: async (problems, count) => {
        let seq = 0;
        let page: unknown[] = [];
        const flush = async () => {
          if (page.length) await query(`insert into import_problem (job_id, seq, row, column_name, value, message) select $1, r.* from jsonb_to_recordset($2::jsonb) as r(seq int, row int, c text, v text, m text)`, [id, JSON.stringify(page)]);
          page = [];
        };
        for await (const p of problems) {
          page.push({ seq: seq++, row: p.row, c: p.column, v: p.value, m: p.message });
          if (page.length === PROBLEM_PAGE) await flush();
        }
        await flush();
        const stored = () => storedProblems((sql, params) => worker.query<ImportProblem>(sql, params), id);
        await hooks.onProblems?.(stored(), count);
        if (hooks.storeReport) {
          const target = `${path}.problems.xlsx`;
          try {
            await writeProblemReport(target, path, stored(), importer.personalColumns, hooks.read);
            if ((await stat(target)).size <= MAX_STORED_REPORT_BYTES) await query('update import_job set problem_report = $2 where id = $1', [id, await readFile(target)]);
          } finally {
            await rm(target, { force: true });
          }
        }
      },
    });
    await writing;
    await query(
      `update import_job set phase = $2, rows_read = $3, bytes_read = total_bytes, problem_count = $4, inserted = $5, updated = $6, unchanged = $7,
              written = $8, finished_at = clock_timestamp() where id = $1`,
      [id, 'done', report.rows, report.problemCount, report.inserted, report.updated, report.unchanged, report.written],
    );
    return report;
  } catch (error) {
    await query(`update import_job set phase = 'failed', error = $2, finished_at = clock_timestamp() where id = $1`, [id, jobError(error)]).catch(() => {});
    throw error;
  } finally {
    await worker.end().catch(() => {});
  }
}
