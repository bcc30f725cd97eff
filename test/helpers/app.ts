import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { loadConfig, type AppConfig } from '../../src/config';
import { initOrm, type Orm } from '../../src/shared/orm';
import { mintDevelopmentToken } from '../../src/shared/auth/dev-token';
import { isOrganizationScoped, type Role, type TokenRole } from '../../src/shared/auth/roles';

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
  /** A query through HTTP, as PUBLIC or, with `as`, with a development token of that role (ORG_MANAGER: of organization `org`, default 1). */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, options?: { as?: `${TokenRole}`; sub?: string; org?: number }): Promise<GraphQLResponse<T>>;
  /** `Authorization` header value for a role. */
  bearer(role: `${TokenRole}`, sub?: string, org?: number): Promise<string>;
  close(): Promise<void>;
}

/** The real app over HTTP (supertest), on the run's seeded database unless told otherwise. */
export async function createTestApp(options: { databaseUrl?: string; env?: Record<string, string> } = {}): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? process.env.TEST_DATABASE_URL!;
  // One caller runs the whole suite: the rate limit is tested on its own (test/rate-limit.test.ts).
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: databaseUrl, RATE_LIMIT_MAX: '1000000', ...options.env });
  const statements: string[] = [];
  const orm = await initOrm({ clientUrl: databaseUrl, poolMax: 4, timeouts: config.limits, onQuery: (sql) => statements.push(sql), replicaUrls: config.replicas.urls });
  const { app, apollo } = await createApp({ orm, config });
  const bearer = async (role: `${TokenRole}`, sub = `test-${role.toLowerCase()}`, org?: number) =>
    `Bearer ${await mintDevelopmentToken(config, { role, sub, ...(isOrganizationScoped(role as Role) ? { org: org ?? 1 } : {}) })}`;
  return {
    app,
    orm,
    config,
    statements,
    resetStatements: () => void statements.splice(0),
    bearer,
    async gql(query, variables, { as, sub, org } = {}) {
      const call = request(app).post('/graphql').set('content-type', 'application/json');
      if (as) call.set('authorization', await bearer(as, sub, org));
      const response = await call.send({ query, variables });
      return response.body;
    },
    async close() {
      await apollo.stop();
      await orm.close();
    },
  };
}
