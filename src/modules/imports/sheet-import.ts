import type { EntityManager } from '@mikro-orm/postgresql';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { fromLabel } from '../../shared/labels';
import { isStorableText } from '../../shared/text-input';
import type { SheetRow } from './read-rows';
import { StagingWorker, type StagedLines, type StagingWorkerOptions } from './staging-worker';

export interface ImportProblem {
  row: number;
  column: string;
  /** The cell as written, or "(hidden)" for personal columns. */
  value: string;
  message: string;
}

export interface ImportReport {
  dryRun: boolean;
  rows: number;
  /** False when a dry run or any row had a problem: then nothing was written. */
  written: boolean;
  /** Rows written (a dry run: rows that WOULD be written; 0 when any row had a problem). */
  inserted: number;
  updated: number;
  unchanged: number;
  /** Every problem, however many: `problems` holds the first REPORTED_PROBLEMS of them (by row). */
  problemCount: number;
  problems: ImportProblem[];
}

/** Problems carried in the report object; the rest reach `onProblems` (the CLI's xlsx report, a job's table). */
export const REPORTED_PROBLEMS = 1000;
/** Rows checked together (on a StagingWorker: one message each way) and sent to the staging table in one COPY write. */
const COPY_BATCH = 2000;
/** Batches read ahead of the COPY while they are checked. */
const STAGED_IN_FLIGHT = 4;
/** The import session's work_mem (PostgreSQL's memory, not this process's): the checks' and merge's hash joins stay in memory. */
const MERGE_WORK_MEM = '256MB';
/**
 * A bulk load (BulkMerge) when the merge would write at least this many rows, and at least
 * BULK_SHARE of the rows the table already holds: then rebuilding its indexes once, from sorted
 * input, costs less than one insert per row into each of them (15 on talent, one a GIN of name
 * grams, whose random keys outgrow shared_buffers towards a million rows). Measured on talent
 * (bench/RESULTS-issue-15.md): 100,000 new rows merge faster row by row (20 s against 27 s),
 * 1,000,000 faster in bulk (344 s against 480 s, on a busier machine); a rebuild costs in
 * proportion to the whole table, so the load must at least double it.
 */
const BULK_MIN_ROWS = 250_000;
const BULK_SHARE = 1;
/** How long a bulk load waits for the table's exclusive lock (running readers) before merging row by row instead. */
const BULK_LOCK_WAIT = '5s';
/** The merge transaction's maintenance_work_mem when it rebuilds indexes (PostgreSQL's memory): the builds sort in memory. */
const BULK_MAINTENANCE_WORK_MEM = '512MB';
/**
 * Its work_mem (PostgreSQL's memory, per sort or hash step) for the rest of the merge transaction:
 * the insert's sort of a million staged rows by row number (440 MB), the hash joins of its
 * triggers' statements, and the foreign keys' checks when they are added back stay in memory,
 * not on disk.
 */
const BULK_WORK_MEM = '1GB';
/** Progress callbacks: every this many rows read. */
const PROGRESS_EVERY = 5000;

export type ImportPhase = 'reading' | 'checking' | 'merging' | 'done';

export interface RunOptions {
  dryRun?: boolean;
  /** Called as the import moves: phase and rows read so far. */
  onProgress?: (phase: ImportPhase, rows: number) => void;
  /** Called once with every problem, by row, when there are any (before the staging table goes). */
  onProblems?: (problems: AsyncIterable<ImportProblem>, count: number) => Promise<void>;
  /** Check the rows on a worker thread (large files: the file is read and parsed here meanwhile): the importer's name and config. */
  stagingWorker?: StagingWorkerOptions;
  /** The fewest rows written that make a bulk load (BulkMerge); BULK_MIN_ROWS unless a test says. */
  bulkLoadFrom?: number;
}

/** The database's answer to a file the checks passed but the database refused (a race with another writer). */
export class ImportWriteError extends Error {
  readonly code = 'IMPORT_WRITE_FAILED';
}

/**
 * How an entity merges a load that is large against its table (BULK_MIN_ROWS, BULK_SHARE): the
 * merge transaction takes the table in ACCESS EXCLUSIVE mode, drops its secondary indexes and
 * foreign keys, runs `merge` and adds them again before it commits, so the load stays all or
 * nothing. Readers of the table wait for that transaction (minutes for a million new rows on the
 * 2-core machine); a dry run never takes this path.
 */
export interface BulkMerge {
  table: string;
  /** One row, `n`: how many staged rows the merge would write (none: no merge statement runs at all). */
  pending: string;
  /** As SheetImport.merge, correct without the table's secondary indexes while no one else writes it. */
  merge: readonly string[];
}

/** A value shown in a problem: anything PostgreSQL's jsonb cannot hold (U+0000, lone surrogates) becomes U+FFFD. */
const shown = (value: string) => value.replace(/\u0000/g, '\uFFFD').toWellFormed();

/**
 * One sheet row under check: its cells, helpers that read them under the template's rules, and
 * every problem found (all of a row's problems are reported, not just the first).
 */
export class RowCheck {
  readonly problems: ImportProblem[] = [];
  /** The row's key within the file (set by `once`); duplicates are found in SQL once every row is staged. */
  key: string | null = null;
  keyValue = '';
  keyRule: { column: string; same: string } | null = null;

  constructor(
    private readonly sheetRow: SheetRow,
    private readonly personal: ReadonlySet<string>,
  ) {}

  get row(): number {
    return this.sheetRow.row;
  }

  cell(column: string): string {
    return (this.sheetRow.cells[column] ?? '').trim();
  }

  private shownValue(column: string): string {
    return this.personal.has(column) ? '(hidden)' : shown(this.cell(column));
  }

  problem(column: string, message: string): void {
    this.problems.push({ row: this.row, column, value: this.shownValue(column), message });
  }

  /** A text cell: required (non-empty) unless `optional`, at most `max` characters; empty optional → null. */
  text(column: string, max: number): string;
  text(column: string, max: number, optional: 'optional'): string | null;
  text(column: string, max: number, optional?: 'optional'): string | null {
    const value = this.cell(column);
    if (optional && !value) return null;
    if (!value || value.length > max) this.problem(column, optional ? `不超过 ${max} 个字` : `${column}不能为空，且不超过 ${max} 个字`);
    return value;
  }

  /** An enum value through its label table (src/modules/*\/*.enums.ts); the enum's own name is accepted too. */
  label<E extends string>(column: string, labels: Record<E, string>): E {
    const value = fromLabel(labels, this.cell(column));
    if (!value) this.problem(column, `应为 ${Object.values(labels).join('、')} 之一`);
    return value as E;
  }

  /**
   * The row's key within the import: a key an earlier row of the file already gave is a problem
   * on this row (`same` says what the two rows share, e.g. "为同一人（身份证号相同）"). Checked
   * set-based in SQL over the staged rows, so memory does not grow with the file.
   */
  once(column: string, key: string, same: string): void {
    this.key = shown(key);
    this.keyValue = this.shownValue(column);
    this.keyRule = { column, same };
  }
}

/** One value in COPY's text format: \N for null, backslash escapes for the characters COPY reads specially. */
function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '\\N';
  return String(value).replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

/** The staging table of an import: session-local (gone with the connection), one per connection. */
const STAGE = 'import_stage';

/**
 * The generic part of every spreadsheet import (talents, organizations, service points), for the
 * CLI (scripts/import.ts) and the import mutations alike. In constant memory, whatever the file's
 * size:
 * 1. READING: rows streamed from the file; the header checked once; every row checked by the
 *    entity's `check` (all problems reported, personal values hidden); each row, good or bad,
 *    COPYed into a temporary staging table (a bad row as its problems only);
 * 2. CHECKING: keys given twice in the file found set-based in SQL (`RowCheck.once`);
 * 3. MERGING: unless any row had a problem, the entity's `merge` statements from the staging
 *    table in ONE transaction: plain INSERT/UPDATE statements (the analytics triggers fire) that
 *    touch a row only when it differs, so importing the same file twice changes nothing. A dry
 *    run runs the same transaction and rolls it back: its counts are what a real run would write.
 *
 * An entity's importer (the extension point) is a subclass giving: `columns` (the template's
 * headers), optionally `optionalColumns` and `personalColumns`, `lookups` (small reference data
 * read once), `check` (one row → the record), `staging` + `stage` (the record as staging columns)
 * and `merge` (statements from `import_stage`, each returning `inserted boolean` per row written).
 */
export abstract class SheetImport<Row, Lookups> {
  /** The template's columns, key → header as departments write it (seeds/templates/README.md). */
  abstract readonly columns: Readonly<Record<string, string>>;
  /** Headers a file may leave out (their cells are optional). */
  protected readonly optionalColumns: ReadonlySet<string> = new Set();
  /** Columns whose values never appear in a report. */
  readonly personalColumns: ReadonlySet<string> = new Set();
  /** The staging table's entity columns: name → SQL type, in the order `stage` gives values. */
  protected abstract readonly staging: Readonly<Record<string, string>>;
  /**
   * The merge, run in one transaction: statements reading `import_stage` (every row there is good
   * by then), each returning one `inserted boolean` per row it wrote (true = new, false = updated;
   * null for bookkeeping rows that are not the entity's, such as a history step, counted as none).
   */
  protected abstract readonly merge: readonly string[];
  /** The merge for large loads, where the entity has one. */
  protected readonly bulk: BulkMerge | null = null;
  /** The entity's own explanation (in Chinese, for the department) of a merge the database refused, where it has one. */
  protected writeRefusal(_error: unknown): string | null {
    return null;
  }

  constructor(protected readonly em: EntityManager) {}

  /** What every row's check needs from the database, read once per import (small tables only). */
  protected abstract lookups(): Promise<Lookups>;
  /** One row, as the record to write; its problems go to `r.problem` (the row is then dropped). */
  protected abstract check(r: RowCheck, lookups: Lookups): Row;
  /** A checked row as the staging table's values, in `staging`'s order. */
  protected abstract stage(row: Row): unknown[];

  async run(rows: AsyncIterable<SheetRow> | Iterable<SheetRow>, options: RunOptions = {}): Promise<ImportReport> {
    const dryRun = options.dryRun ?? false;
    const progress = options.onProgress ?? (() => {});
    const lookups = await this.lookups();
    const knex = this.em.getConnection().getKnex();
    const client = (await knex.client.acquireConnection()) as ClientBase;
    try {
      // Long statements by design (one COPY for the file, one merge): no request timeout here.
      await client.query('set statement_timeout = 0');
      // The duplicate check and the merge join every staged row at once: hash them in memory.
      await client.query(`set work_mem = '${MERGE_WORK_MEM}'`);
      await client.query(`drop table if exists ${STAGE}`);
      const columns = Object.entries(this.staging).map(([name, type]) => `"${name}" ${type}`);
      await client.query(`create temp table ${STAGE} (row int not null, key text, key_value text, problems jsonb, ${columns.join(', ')})`);
      const worker = options.stagingWorker ? new StagingWorker(options.stagingWorker, lookups) : null;
      const { count, keyRule } = await this.copyRows(client, rows, lookups, progress, worker).finally(() => worker?.close());
      progress('checking', count);
      // Temporary tables are never analyzed by autovacuum: without statistics the planner takes the
      // staged rows for a handful and joins them row by row.
      await client.query(`analyze ${STAGE}`);
      if (keyRule) await this.findDuplicates(client, keyRule);
      const problemCount = Number((await client.query(`select count(*) as n from ${STAGE} where problems is not null`)).rows[0].n);
      const report: ImportReport = { dryRun, rows: count, written: false, inserted: 0, updated: 0, unchanged: 0, problemCount, problems: [] };
      if (problemCount) {
        report.problems = await this.firstProblems(client);
        if (options.onProblems) await options.onProblems(this.allProblems(client), problemCount);
        return report;
      }
      progress('merging', count);
      const { inserted, updated } = await this.mergeStaged(client, dryRun, options.bulkLoadFrom ?? BULK_MIN_ROWS);
      Object.assign(report, { inserted, updated, unchanged: count - inserted - updated, written: !dryRun });
      progress('done', count);
      return report;
    } finally {
      await client.query(`drop table if exists ${STAGE}`).catch(() => {});
      await client.query('reset statement_timeout').catch(() => {});
      await client.query('reset work_mem').catch(() => {});
      await knex.client.releaseConnection(client);
    }
  }

  /** READING: every row checked and COPYed into the staging table, in batches, as it is read. */
  private async copyRows(client: ClientBase, rows: AsyncIterable<SheetRow> | Iterable<SheetRow>, lookups: Lookups, progress: NonNullable<RunOptions['onProgress']>, worker: StagingWorker | null) {
    const names = ['row', 'key', 'key_value', 'problems', ...Object.keys(this.staging)].map((n) => `"${n}"`).join(', ');
    const copy = client.query(copyFrom(`copy ${STAGE} (${names}) from stdin`));
    const finished = new Promise<void>((resolve, reject) => copy.on('finish', resolve).on('error', reject));
    const stage = (batch: SheetRow[]) => (worker ? worker.stage(batch) : Promise.resolve(this.stageLines(batch, lookups)));
    let count = 0;
    let keyRule: RowCheck['keyRule'] = null;
    let batch: SheetRow[] = [];
    // Batches being checked, in file order; at most STAGED_IN_FLIGHT wait, so memory stays flat.
    const staged: Promise<StagedLines>[] = [];
    const write = async (text: string) => {
      if (!copy.write(text)) await new Promise<void>((resolve, reject) => copy.once('drain', resolve).once('error', reject));
    };
    const drain = async (keep: number) => {
      while (staged.length > keep) {
        const lines = await staged.shift()!;
        keyRule ??= lines.keyRule;
        await write(lines.text);
      }
    };
    const send = () => {
      const lines = stage(batch);
      lines.catch(() => {}); // awaited in order by drain; a failure surfaces there
      staged.push(lines);
      batch = [];
    };
    try {
      progress('reading', 0);
      for await (const sheetRow of rows) {
        if (count === 0) {
          const missing = this.missingHeaders(sheetRow);
          if (missing.length) {
            const problems = missing.map((column) => [column, '', '表头缺少该列（列名须与模板一致）']);
            await write(`1\t\\N\t\\N\t${copyValue(JSON.stringify(problems))}${'\t\\N'.repeat(Object.keys(this.staging).length)}\n`);
            break;
          }
        }
        count++;
        batch.push(sheetRow);
        if (batch.length >= COPY_BATCH) {
          send();
          // Checked here, a batch is written at once: only a worker's batches are worth waiting for.
          await drain(worker ? STAGED_IN_FLIGHT : 0);
        }
        if (count % PROGRESS_EVERY === 0) progress('reading', count);
      }
      if (batch.length) send();
      await drain(0);
    } catch (e) {
      copy.destroy(e as Error);
      await finished.catch(() => {});
      throw e;
    }
    copy.end();
    await finished;
    progress('reading', count);
    return { count, keyRule };
  }

  /**
   * Rows checked and turned into COPY lines (text format): a bad row as its problems only, a good
   * one as the record to write. Pure (no database): runs on this thread or a StagingWorker's.
   */
  stageLines(rows: readonly SheetRow[], lookups: Lookups): StagedLines {
    let keyRule: RowCheck['keyRule'] = null;
    const lines: string[] = [];
    const empty = '\t\\N'.repeat(Object.keys(this.staging).length);
    for (const sheetRow of rows) {
      const r = new RowCheck(sheetRow, this.personalColumns);
      // Files reach here without the request's text check (the CLI): the same rule, per cell.
      for (const [column, value] of Object.entries(sheetRow.cells)) {
        if (!isStorableText(value)) r.problem(column, '含有无法保存的字符（U+0000 或不成对的代理项）');
      }
      const checked = this.check(r, lookups);
      keyRule ??= r.keyRule;
      const head = `${r.row}\t${copyValue(r.key)}\t${copyValue(r.key === null ? null : r.keyValue)}`;
      if (r.problems.length) {
        const problems = r.problems.map((p) => [p.column, p.value, p.message]);
        lines.push(`${head}\t${copyValue(JSON.stringify(problems))}${empty}\n`);
      } else {
        lines.push(`${head}\t\\N\t${this.stage(checked).map(copyValue).join('\t')}\n`);
      }
    }
    return { text: lines.join(''), keyRule };
  }

  /** CHECKING: a key an earlier row gave is a problem on every later row with it. */
  private async findDuplicates(client: ClientBase, rule: { column: string; same: string }) {
    await client.query(
      `with keyed as (select row, min(row) over (partition by key) as first from ${STAGE} where key is not null)
       update ${STAGE} s
          set problems = coalesce(s.problems, '[]'::jsonb) || jsonb_build_array(jsonb_build_array($1::text, s.key_value, '与第 ' || k.first || ' 行' || $2::text))
         from keyed k
        where k.row = s.row and k.first < k.row`,
      [rule.column, rule.same],
    );
  }

  private async firstProblems(client: ClientBase): Promise<ImportProblem[]> {
    const first: ImportProblem[] = [];
    for await (const problem of this.allProblems(client)) {
      if (first.length === REPORTED_PROBLEMS) break;
      first.push(problem);
    }
    return first;
  }

  /** Every problem, by row, read a page at a time (keyset on the row number). */
  private async *allProblems(client: ClientBase): AsyncIterable<ImportProblem> {
    let after = 0;
    for (;;) {
      const page = await client.query(
        `select s.row, p->>0 as "column", p->>1 as value, p->>2 as message
           from (select row, problems from ${STAGE} where problems is not null and row > $1 order by row limit 1000) s
           cross join lateral jsonb_array_elements(s.problems) with ordinality as e(p, n) order by s.row, e.n`,
        [after],
      );
      if (!page.rows.length) return;
      for (const p of page.rows as ImportProblem[]) yield p;
      after = page.rows[page.rows.length - 1].row;
    }
  }

  /** MERGING: the entity's statements in one transaction; a dry run rolls it back. */
  private async mergeStaged(client: ClientBase, dryRun: boolean, bulkLoadFrom: number): Promise<{ inserted: number; updated: number }> {
    let inserted = 0;
    let updated = 0;
    await client.query('begin');
    try {
      const pending = this.bulk ? ((await client.query(this.bulk.pending)).rows[0].n as number) : null;
      const rebuild = dryRun || pending === null ? null : await this.startBulkLoad(client, pending, bulkLoadFrom);
      // Nothing differs (a file imported again): no statement to run.
      const statements = pending === 0 ? [] : rebuild ? this.bulk!.merge : this.merge;
      for (const statement of statements) {
        const { rows } = await client.query(
          `with written as (${statement}) select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from written`,
        );
        inserted += rows[0].inserted;
        updated += rows[0].updated;
      }
      if (rebuild) {
        for (const statement of rebuild) await client.query(statement);
        // A table that just grew by a quarter or more: the planner's statistics, before others read it.
        await client.query(`analyze ${this.bulk!.table}`);
      }
      await client.query(dryRun ? 'rollback' : 'commit');
    } catch (e) {
      await client.query('rollback').catch(() => {});
      throw new ImportWriteError(this.writeRefusal(e) ?? '导入写入时被数据库拒绝（可能与同时进行的其他写入冲突），未写入任何行：请重试', { cause: e });
    }
    return { inserted, updated };
  }

  /**
   * Inside the merge transaction: when the load (`writes` rows) is large against the table and the table's
   * exclusive lock comes within BULK_LOCK_WAIT, drops the table's secondary indexes (all but the
   * primary key, which other tables reference and which grows in order anyway) and its foreign
   * keys, and returns the statements that add them again; otherwise null (the merge goes row by
   * row, beside readers).
   */
  private async startBulkLoad(client: ClientBase, writes: number, minRows: number): Promise<string[] | null> {
    const { table } = this.bulk!;
    if (writes < minRows) return null;
    const held = (await client.query(`select count(*)::int as n from ${table}`)).rows[0].n as number;
    if (writes < held * BULK_SHARE) return null;
    await client.query('savepoint bulk_lock');
    try {
      await client.query(`set local lock_timeout = '${BULK_LOCK_WAIT}'`);
      await client.query(`lock table ${table} in access exclusive mode`);
      await client.query('set local lock_timeout = 0');
    } catch {
      // Readers held the table: this load merges row by row, without blocking them.
      await client.query('rollback to savepoint bulk_lock');
      return null;
    }
    await client.query(`set local maintenance_work_mem = '${BULK_MAINTENANCE_WORK_MEM}'`);
    await client.query(`set local work_mem = '${BULK_WORK_MEM}'`);
    // Its secondary indexes (constraints among them) and its foreign keys, each checked again
    // once, by one join, when it is added back.
    const dropped = await client.query<{ name: string; constraint: boolean; definition: string }>(
      `select coalesce(c.conname, i.relname) as name, c.oid is not null as "constraint",
              case when c.oid is null then pg_get_indexdef(x.indexrelid) else pg_get_constraintdef(c.oid) end as definition
         from pg_index x
         join pg_class i on i.oid = x.indexrelid
         left join pg_constraint c on c.conindid = x.indexrelid and c.conrelid = x.indrelid
        where x.indrelid = $1::regclass and not x.indisprimary
       union all
       select conname, true, pg_get_constraintdef(oid) from pg_constraint where conrelid = $1::regclass and contype = 'f'
       order by 2, 1`,
      [table],
    );
    const rebuild: string[] = [];
    for (const { name, constraint, definition } of dropped.rows) {
      if (constraint) {
        await client.query(`alter table ${table} drop constraint "${name}"`);
        rebuild.push(`alter table ${table} add constraint "${name}" ${definition}`);
      } else {
        await client.query(`drop index "${name}"`);
        rebuild.push(definition);
      }
    }
    return rebuild;
  }

  /** The mutation's rows (fields named by column key) as sheet rows: row = 1-based position. */
  sheetRows(inputs: readonly object[]): SheetRow[] {
    return inputs.map((input, i) => ({
      row: i + 1,
      cells: Object.fromEntries(Object.entries(this.columns).map(([key, header]) => [header, String((input as Record<string, unknown>)[key] ?? '')])),
    }));
  }

  private missingHeaders({ cells }: SheetRow): string[] {
    return Object.values(this.columns).filter((header) => !this.optionalColumns.has(header) && !(header in cells));
  }
}
