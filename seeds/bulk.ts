import type { QueryResult } from 'pg';

/** The part of node-pg's client the seed uses: one connection, so a transaction spans its statements. */
export interface SqlClient {
  query(text: string, values?: unknown[]): Promise<QueryResult>;
}

/** PostgreSQL element type of a column's array parameter. */
export type ColumnType = 'int' | 'smallint' | 'text' | 'date' | 'float8' | 'bool' | 'numeric' | 'timestamptz';

/** A column of a bulk insert: SQL name, element type, value of a row. */
export interface Column<R> {
  name: string;
  type: ColumnType;
  value: (row: R) => unknown;
  /** What is written from the unnested parameter `x."name"`, when not the parameter itself (e.g. an array built from text). */
  select?: string;
}

/**
 * The columns of a table from a row type's properties, in the order given: `idNumber: 'text'`
 * writes row.idNumber to id_number. Properties left out (generator-only facts) are not written.
 */
export function columns<R extends object>(types: { [K in keyof R]?: ColumnType }): Column<R>[] {
  return (Object.entries(types) as [keyof R & string, ColumnType][]).map(([key, type]) => ({
    name: key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
    type,
    value: (row: R) => row[key] ?? null,
  }));
}

export interface BulkInsert {
  text: string;
  values: unknown[];
}

/**
 * `insert into table (cols) select … from unnest($1::t1[], $2::t2[], …) as x(cols) <tail>`: one
 * array parameter a column, so a batch of tens of thousands of rows is one statement (and one
 * round trip) whatever its size. Money goes in as text and is cast to numeric in SQL, never
 * through a float. `tail` carries the `where` / `on conflict` clauses; it may refer to `x`.
 */
export function bulkInsert<R>(table: string, columns: readonly Column<R>[], rows: readonly R[], tail = 'on conflict do nothing'): BulkInsert {
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const selected = columns.map((c) => c.select ?? `"${c.name}"`).join(', ');
  const arrays = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  const values = columns.map((c) => rows.map((row) => c.value(row)));
  return { text: `insert into "${table}" (${names}) select ${selected} from unnest(${arrays}) as x(${names}) ${tail}`, values };
}

/** Points the table's id sequence past the largest id, so later inserts through the ORM do not collide. */
export async function advanceSequence(client: SqlClient, table: string): Promise<void> {
  await client.query(`select setval(pg_get_serial_sequence('"${table}"', 'id'), coalesce((select max(id) from "${table}"), 0) + 1, false)`);
}

/** Runs `work` in a transaction on the client: all of it lands, or none. */
export async function inTransaction<T>(client: SqlClient, work: () => Promise<T>): Promise<T> {
  await client.query('begin');
  try {
    const result = await work();
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

/** Rows per statement of writeTable: large enough to amortise round trips, small enough to keep memory flat. */
const BATCH = 20_000;

/**
 * Writes the rows in batches, in one transaction; then, for tables with a serial id, moves the
 * sequence past the largest id. Returns the number of rows inserted (conflicts are skipped).
 */
export async function writeTable<R>(
  client: SqlClient,
  table: string,
  columns: readonly Column<R>[],
  rows: readonly R[],
  { tail, serial = true }: { tail?: string; serial?: boolean } = {},
): Promise<number> {
  return inTransaction(client, async () => {
    let count = 0;
    for (let from = 0; from < rows.length; from += BATCH) {
      const statement = bulkInsert(table, columns, rows.slice(from, from + BATCH), tail);
      count += (await client.query(statement.text, statement.values)).rowCount ?? 0;
    }
    if (serial) await advanceSequence(client, table);
    return count;
  });
}
