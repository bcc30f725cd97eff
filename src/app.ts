import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import compression from 'compression';
import express, { type Express } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { AppConfig } from './config';
import { createContext, type RequestContext } from './context';
import { createAnalyticsCache } from './modules/analytics/analytics.cache';
import { buildHubSchema } from './schema';
import { createErrorFormatter } from './shared/error-formatting';
import { explorerLandingPage, mountExplorerAssets } from './shared/explorer';
import { createLogger, type Logger } from './shared/logger';
import type { Orm } from './shared/orm';
import { createPersistedQueries } from './shared/persisted-queries';

export const GRAPHQL_PATH = '/graphql';

export interface HubApp {
  app: Express;
  apollo: ApolloServer<RequestContext>;
  logger: Logger;
}

export interface CreateAppOptions {
  orm: Orm;
  config: AppConfig;
  /** The listening server, so shutdown drains in-flight requests before closing. */
  httpServer?: Server;
  schema?: GraphQLSchema;
}

/** The HTTP handler with everything mounted, not listening: tests drive it with supertest. */
export async function createApp({ orm, config, httpServer, schema }: CreateAppOptions): Promise<HubApp> {
  const logger = createLogger(config.logLevel);
  const persisted = createPersistedQueries(config.redisUrl, logger);
  const analytics = { cache: createAnalyticsCache(config, logger), logger };
  const apollo = new ApolloServer<RequestContext>({
    schema: schema ?? (await buildHubSchema()),
    formatError: createErrorFormatter((error) => logger.error('unexpected error', { error })),
    includeStacktraceInErrorResponses: false,
    // Mobile transport (docs/service-map.md): automatic persisted queries, shared through Redis
    // when REDIS_URL is set; GET for queries (Apollo's default) with CSRF prevention kept on, so
    // a GET needs an `apollo-require-preflight` or `x-apollo-operation-name` header.
    persistedQueries: persisted.options,
    csrfPrevention: true,
    plugins: [
      // Cache-Control from @cacheControl hints; unhinted fields are maxAge 0, hence `no-store`.
      ApolloServerPluginCacheControl({ defaultMaxAge: 0 }),
      { serverWillStart: async () => ({ serverWillStop: () => persisted.close() }) },
      { serverWillStart: async () => ({ serverWillStop: () => analytics.cache.close() }) },
      explorerLandingPage(GRAPHQL_PATH),
      ...(httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer })] : []),
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.use(compression());
  mountExplorerAssets(app);
  app.use(
    GRAPHQL_PATH,
    express.json({ limit: '256kb' }),
    expressMiddleware(apollo, { context: async () => createContext(orm, config, analytics) }),
  );
  return { app, apollo, logger };
}
