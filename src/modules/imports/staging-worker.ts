import { availableParallelism, loadavg } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Secret, type AppConfig } from '../../config';
import type { SheetRow } from './read-rows';

/** A batch of rows checked and written as COPY lines (SheetImport.stageLines). */
export interface StagedLines {
  text: string;
  keyRule: { column: string; same: string } | null;
}

/** Which importer the worker builds (importers.ts), with the config it is built with. */
export interface StagingWorkerOptions {
  entity: string;
  config: AppConfig;
}

/** What the thread answers to a batch. */
export type StagedReply = { id: number } & ({ lines: StagedLines } | { error: string });

/** Files from this size (about 60,000 talent rows) may be checked on a worker thread: below it, starting one costs more than it saves. */
const STAGING_WORKER_MIN_BYTES = 8 * 1024 * 1024;

/**
 * Whether a file is worth a StagingWorker: a large file, and a core to spare (the last minute's
 * load average below the cores less one, the one PostgreSQL's COPY keeps busy). Without a spare
 * core the worker only adds work (each batch is copied to it): at load 14 on 2 cores, 100,000 rows
 * took 33-37 s to read and check with it against 23-24 s without (bench/RESULTS-issue-15.md).
 */
export function stagingWorkerPays(totalBytes: number): boolean {
  return totalBytes >= STAGING_WORKER_MIN_BYTES && loadavg()[0] < availableParallelism() - 1;
}

/**
 * The config as a message can carry it: a Secret keeps its value in a private field, which
 * structured cloning drops, so each is sent as `{ secret: value }` (to a thread of this process,
 * never printed) and wrapped again there by `configFromThreadData`.
 */
function portable(value: unknown): unknown {
  if (value instanceof Secret) return { [SECRET]: value.reveal() };
  if (Array.isArray(value)) return value.map(portable);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, portable(v)]));
  }
  return value;
}
const SECRET = 'huigu:secret';

export function configFromThreadData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(configFromThreadData);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    if (SECRET in value) return new Secret((value as Record<string, unknown>)[SECRET]);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, configFromThreadData(v)]));
  }
  return value;
}

const THREAD = join(__dirname, `staging-worker.thread${extname(__filename)}`);
/** Run from TypeScript sources (swc) where the parent loads them through a test runner's own transform. */
const THREAD_EXEC_ARGV = extname(__filename) === '.ts' && !process.execArgv.some((a) => a.includes('@swc-node/register')) ? [...process.execArgv, '-r', '@swc-node/register'] : undefined;

/**
 * The second core for a large import: rows are checked, their personal values encrypted and
 * hashed, and their COPY lines written on a worker thread (staging-worker.thread.ts), while this
 * thread reads and parses the file and feeds the COPY. Same importer, same rules, same lines:
 * only the thread differs. The reference data (`lookups`) is read once here and copied to it.
 */
export class StagingWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (lines: StagedLines) => void; reject: (error: Error) => void }>();
  private next = 0;
  private failure: Error | null = null;

  constructor(options: StagingWorkerOptions, lookups: unknown) {
    this.worker = new Worker(THREAD, {
      workerData: { entity: options.entity, config: portable(options.config), lookups },
      execArgv: THREAD_EXEC_ARGV,
      // The import's peak RSS counts this thread's heap too: it holds a few batches at a time.
      resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 128 },
    });
    this.worker.on('message', (reply: StagedReply) => {
      const waiting = this.waiting.get(reply.id)!;
      this.waiting.delete(reply.id);
      if ('error' in reply) waiting.reject(new Error(`checking rows failed on the staging worker: ${reply.error}`));
      else waiting.resolve(reply.lines);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the staging worker exited (${code})`)));
  }

  private fail(error: Error) {
    this.failure ??= error;
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
  }

  stage(rows: SheetRow[]): Promise<StagedLines> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, rows });
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the staging worker is closed');
    await this.worker.terminate();
  }
}
