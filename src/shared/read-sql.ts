import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { readOn } from './replicas';

/**
 * THE choke point of every raw read statement the API sends (lists, nested loaders, counts, the
 * service map): one small function, so that where reads go (a replica, issue 16) is decided in
 * one place.
 *
 * A statement is written with knex-style `?` placeholders (as MikroORM's `execute` takes them;
 * `\?` is a literal question mark) and its values beside it. Unlike `execute`, which inlines the
 * values as escaped literals (every request is planned again), the values travel as bind
 * parameters (`$1`, `$2`, …) of a NAMED prepared statement: node-postgres parses it once per
 * connection, and PostgreSQL can reuse its plan (a generic plan after five executions, when it
 * is no worse). An array value is expanded into one parameter per element, as knex does for
 * `in (?)`; a list that must not change the text travels as one array literal (`= any(?::int[])`).
 *
 * The name is a hash of the text, so one name always means one text. At most
 * MAX_NAMED_STATEMENTS texts are named per process (so per connection): a text beyond that runs
 * unnamed, still with bind parameters, so no client can grow the server's memory by inventing
 * filter combinations.
 *
 * The connection comes from MikroORM's pool (`em.getConnection('read')`, the same pool, timeouts
 * and statement_timeout as everything else: the node src/shared/replicas.ts routes the request
 * to, with its failover to the primary), or the request's transaction when the EntityManager is
 * inside one. The statement is logged through MikroORM's logger like any other
 * (tests count statements with it).
 */
export interface ReadStatement {
  sql: string;
  bindings: readonly unknown[];
}

export const MAX_NAMED_STATEMENTS = 500;

/** What `toPositional` made of a text: the `$n` text and where each binding's values go. */
interface Prepared {
  text: string;
  name: string | undefined;
}

const named = new Map<string, string>();
const pieces = new Map<string, string[]>();

/** The text split at its placeholders, cached by text (a few hundred distinct texts). */
function split(sql: string): string[] {
  let parts = pieces.get(sql);
  if (!parts) {
    parts = [];
    let last = 0;
    for (const match of sql.matchAll(/\\\?|\?/g)) {
      if (match[0] !== '?') continue;
      parts.push(sql.slice(last, match.index).replace(/\\\?/g, '?'));
      last = match.index! + 1;
    }
    parts.push(sql.slice(last).replace(/\\\?/g, '?'));
    if (pieces.size < MAX_NAMED_STATEMENTS * 4) pieces.set(sql, parts);
  }
  return parts;
}

/**
 * `?` placeholders to `$n` bind parameters (arrays expanded into lists), and the statement's
 * name. Exported for the bench's floor, which must send exactly the same statements.
 */
export function toPositional(statement: ReadStatement): { text: string; values: unknown[]; name: string | undefined } {
  const parts = split(statement.sql);
  if (parts.length - 1 !== statement.bindings.length) {
    throw new Error(`read statement has ${parts.length - 1} placeholders and ${statement.bindings.length} bindings`);
  }
  const values: unknown[] = [];
  let text = parts[0];
  statement.bindings.forEach((binding, i) => {
    if (Array.isArray(binding)) {
      text += binding.map((value) => `$${values.push(value)}`).join(', ');
    } else {
      text += `$${values.push(binding)}`;
    }
    text += parts[i + 1];
  });
  return { values, ...prepared(text) };
}

function prepared(text: string): Prepared {
  let name = named.get(text);
  if (!name && named.size < MAX_NAMED_STATEMENTS) {
    name = `huigu_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    named.set(text, name);
  }
  return { text, name };
}

interface PgClient {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}
interface KnexClient {
  acquireConnection(): Promise<PgClient>;
  releaseConnection(connection: PgClient): Promise<unknown>;
}
/** The protected part of MikroORM's Connection that times and logs a statement. */
interface LoggingConnection {
  ensureConnection(): Promise<void>;
  executeQuery<T>(query: string, run: () => Promise<T>, context?: { query: string; params: unknown[] }): Promise<T>;
  getKnex(): { client: KnexClient };
}

/** The rows of one read statement, through the request's EntityManager (see the top of this file). */
export async function readRows<T>(em: EntityManager, statement: ReadStatement): Promise<T[]> {
  const { text, values, name } = toPositional(statement);
  const transaction = em.getTransactionContext() as { client: KnexClient } | undefined;
  const run = async (connection: LoggingConnection): Promise<T[]> => {
    await connection.ensureConnection();
    const client = (transaction ?? connection.getKnex()).client;
    return connection.executeQuery(
      text,
      async () => {
        const pg = await client.acquireConnection();
        try {
          return (await pg.query(name ? { name, text, values } : { text, values })).rows as T[];
        } finally {
          await client.releaseConnection(pg);
        }
      },
      { query: text, params: values },
    );
  };
  const connection = em.getConnection('read');
  // In a transaction the statement runs on the transaction's own connection, the primary's.
  if (transaction) return run(connection as unknown as LoggingConnection);
  return readOn(connection, (node) => run(node as unknown as LoggingConnection));
}
