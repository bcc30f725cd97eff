import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { initOrm, migrate } from '../../src/shared/orm';

/** The server the test run owns: the machine's (DATABASE_URL) or an embedded one. */
export function adminUrl(): string {
  const url = process.env.TEST_ADMIN_DATABASE_URL;
  if (!url) throw new Error('TEST_ADMIN_DATABASE_URL is not set: run tests through jest (globalSetup)');
  return url;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
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

/**
 * A fresh, migrated, empty database of its own, for tests that craft their data (a MikroORM
 * habit: a database per test file that needs one), dropped when the test is done.
 */
export async function createScratchDatabase(prefix = 'huigu_test'): Promise<ScratchDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((client) => client.query(`create database "${name}"`));
  const url = withDatabase(adminUrl(), name);
  const orm = await initOrm({ clientUrl: url, poolMax: 2 });
  try {
    await migrate(orm);
  } finally {
    await orm.close();
  }
  return {
    url,
    drop: () => admin((client) => client.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}
