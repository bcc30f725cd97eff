import type { EntityManager } from '@mikro-orm/postgresql';
import { fromLabel } from '../../shared/labels';
import { isStorableText } from '../../shared/text-input';
import type { SheetRow } from './read-rows';

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
  inserted: number;
  updated: number;
  unchanged: number;
  problems: ImportProblem[];
}

/** What one chunk's statements did: rows inserted and rows actually rewritten. */
export interface ChunkResult {
  inserted: number;
  updated: number;
}

/** Statement size: rows per insert … select from jsonb_to_recordset. */
export const CHUNK = 5000;

/**
 * One sheet row under check: its cells, helpers that read them under the template's rules, and
 * every problem found (all of a row's problems are reported, not just the first).
 */
export class RowCheck {
  readonly problems: ImportProblem[] = [];

  constructor(
    private readonly sheetRow: SheetRow,
    private readonly personal: ReadonlySet<string>,
    /** Keys already taken by earlier rows of the same import, → their row number. */
    private readonly seen: Map<string, number>,
  ) {}

  get row(): number {
    return this.sheetRow.row;
  }

  cell(column: string): string {
    return (this.sheetRow.cells[column] ?? '').trim();
  }

  problem(column: string, message: string): void {
    this.problems.push({ row: this.row, column, value: this.personal.has(column) ? '(hidden)' : this.cell(column), message });
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
   * The row's key within the import: a key an earlier row already gave is a problem on this row
   * (`same` says what the two rows share, e.g. "为同一人（身份证号相同）").
   */
  once(column: string, key: string, same: string): void {
    const earlier = this.seen.get(key);
    if (earlier !== undefined) this.problem(column, `与第 ${earlier} 行${same}`);
    else this.seen.set(key, this.row);
  }
}

/**
 * The generic part of every spreadsheet import (talents, organizations, service points), for the
 * CLI (scripts/import.ts) and the import mutations alike: the file's header checked once, every
 * row checked by the entity's `check` (all problems reported, personal values hidden), then —
 * unless a dry run or any problem — all rows written in ONE transaction, CHUNK rows per statement,
 * by the entity's `writeChunk`: plain INSERT/UPDATE statements (so the analytics triggers fire)
 * that touch a row only when it differs. Importing the same file twice changes nothing.
 */
export abstract class SheetImport<Row, Lookups> {
  /** The template's columns, key → header as departments write it (seeds/templates/README.md). */
  abstract readonly columns: Readonly<Record<string, string>>;
  /** Headers a file may leave out (their cells are optional). */
  protected readonly optionalColumns: ReadonlySet<string> = new Set();
  /** Columns whose values never appear in a report. */
  protected readonly personalColumns: ReadonlySet<string> = new Set();

  constructor(protected readonly em: EntityManager) {}

  /** What every row's check needs from the database, read once per import. */
  protected abstract lookups(): Promise<Lookups>;
  /** One row, as the record to write; its problems go to `r.problem` (the row is then dropped). */
  protected abstract check(r: RowCheck, lookups: Lookups): Row;
  /** One chunk of checked rows, inside the import's transaction. */
  protected abstract writeChunk(em: EntityManager, rows: Row[]): Promise<ChunkResult>;

  async run(rows: AsyncIterable<SheetRow> | Iterable<SheetRow>, options: { dryRun?: boolean } = {}): Promise<ImportReport> {
    const dryRun = options.dryRun ?? false;
    const lookups = await this.lookups();
    const problems: ImportProblem[] = [];
    const good: Row[] = [];
    const seen = new Map<string, number>();
    let count = 0;
    for await (const sheetRow of rows) {
      if (count === 0) {
        const missing = this.missingHeaders(sheetRow);
        if (missing.length) {
          problems.push(...missing.map((column) => ({ row: 1, column, value: '', message: '表头缺少该列（列名须与模板一致）' })));
          break;
        }
      }
      count++;
      const r = new RowCheck(sheetRow, this.personalColumns, seen);
      // Files reach here without the request's text check (the CLI): the same rule, per cell.
      for (const [column, value] of Object.entries(sheetRow.cells)) {
        if (!isStorableText(value)) r.problem(column, '含有无法保存的字符（U+0000 或不成对的代理项）');
      }
      const checked = this.check(r, lookups);
      if (r.problems.length) problems.push(...r.problems);
      else good.push(checked);
    }
    const report: ImportReport = { dryRun, rows: count, written: false, inserted: 0, updated: 0, unchanged: 0, problems };
    if (dryRun || problems.length) return report;
    await this.em.transactional(async (em) => {
      for (let i = 0; i < good.length; i += CHUNK) {
        const { inserted, updated } = await this.writeChunk(em, good.slice(i, i + CHUNK));
        report.inserted += inserted;
        report.updated += updated;
      }
    });
    report.unchanged = good.length - report.inserted - report.updated;
    report.written = true;
    return report;
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

/** One statement over a chunk passed as ONE jsonb parameter (jsonb_to_recordset), in the import's transaction. */
export function executeChunk<T>(em: EntityManager, sql: string, rows: object[]): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, [JSON.stringify(rows)], 'all', em.getTransactionContext());
}

/** Rows returned by an upsert's `returning (xmax = 0) as inserted`, counted. */
export function countUpserts(result: { inserted: boolean }[]): ChunkResult {
  const inserted = result.filter((r) => r.inserted).length;
  return { inserted, updated: result.length - inserted };
}
