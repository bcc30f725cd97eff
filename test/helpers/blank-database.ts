import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * The PostgreSQL server a test may create databases on: the run's (set by global setup), else
 * DATABASE_URL, else the machine's local server. Needs nothing from global setup.
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

export interface BlankDatabase {
  url: string;
  drop(): Promise<void>;
}

/** An empty database of its own (no migrations: the test decides the schema), dropped afterwards. */
export async function createBlankDatabase(prefix: string): Promise<BlankDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await onServer((client) => client.query(`create database "${name}"`));
  return {
    url: withDatabase(serverUrl(), name),
    drop: () => onServer((client) => client.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}
