import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Express } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { AppConfig } from './config';
import { createContext, type RequestContext } from './context';
import { buildHubSchema } from './schema';
import { createErrorFormatter } from './shared/error-formatting';
import { explorerLandingPage, mountExplorerAssets } from './shared/explorer';
import { authenticateRequest } from './shared/auth/viewer-from-request';
import { createTokenVerifier } from './shared/auth/token-verifier';
import { createLogger, type Logger } from './shared/logger';
import { keyringFromConfig } from './shared/pii/keyring';
import type { Orm } from './shared/orm';

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
  const verifier = createTokenVerifier(config.auth);
  const keyring = keyringFromConfig(config.pii);
  const apollo = new ApolloServer<RequestContext>({
    schema: schema ?? (await buildHubSchema()),
    formatError: createErrorFormatter((error) => logger.error('unexpected error', { error })),
    includeStacktraceInErrorResponses: false,
    plugins: [
      explorerLandingPage(GRAPHQL_PATH),
      ...(httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer })] : []),
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  mountExplorerAssets(app);
  app.use(
    GRAPHQL_PATH,
    express.json({ limit: '256kb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) =>
        createContext(orm, config, { viewer: await authenticateRequest(req.headers.authorization, verifier), keyring }),
    }),
  );
  return { app, apollo, logger };
}
