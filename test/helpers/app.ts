import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { loadConfig, type AppConfig } from '../../src/config';
import { initOrm, type Orm } from '../../src/shared/orm';

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface TestApp {
  app: Express;
  orm: Orm;
  config: AppConfig;
  /** Every SQL statement the ORM sent since the last `resetStatements()`. */
  statements: string[];
  resetStatements(): void;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** The real app over HTTP (supertest), on the run's seeded database unless told otherwise. */
export async function createTestApp(options: { databaseUrl?: string; env?: Record<string, string> } = {}): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? process.env.TEST_DATABASE_URL!;
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: databaseUrl, ...options.env });
  const statements: string[] = [];
  const orm = await initOrm({ clientUrl: databaseUrl, poolMax: 4, onQuery: (sql) => statements.push(sql) });
  const { app, apollo } = await createApp({ orm, config });
  return {
    app,
    orm,
    config,
    statements,
    resetStatements: () => void statements.splice(0),
    async gql(query, variables) {
      const response = await request(app).post('/graphql').set('content-type', 'application/json').send({ query, variables });
      return response.body;
    },
    async close() {
      await apollo.stop();
      await orm.close();
    },
  };
}
