import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { initOrm, migrate } from '../../src/shared/orm';

/**
 * The PostgreSQL server tests create databases on: the run's (set by global setup), else
 * DATABASE_URL, else the machine's local server, so unit-level suites need no global setup.
 */
export function serverUrl(): string {
  return process.env.TEST_ADMIN_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function onServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** An empty database of its own (the test decides the schema), dropped when the test is done. */
export async function createBlankDatabase(prefix = 'huigu_test'): Promise<ScratchDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await onServer((client) => client.query(`create database "${name}"`));
  return {
    url: withDatabase(serverUrl(), name),
    drop: () => onServer((client) => client.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}

/**
 * A fresh, migrated, empty database of its own, for tests that craft their data (a MikroORM
 * habit: a database per test file that needs one).
 */
export async function createScratchDatabase(prefix = 'huigu_test'): Promise<ScratchDatabase> {
  const database = await createBlankDatabase(prefix);
  const orm = await initOrm({ clientUrl: database.url, poolMax: 2 });
  try {
    await migrate(orm);
  } finally {
    await orm.close();
  }
  return database;
}
