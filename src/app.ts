import type { Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import compression from 'compression';
import express, { type Express } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import type { AppConfig } from './config';
import { createContext, type RequestContext } from './context';
import { createAnalyticsShared } from './modules/analytics/analytics.factory';
import { disclosureExtensionPlugin } from './modules/analytics/disclosure.plugin';
import { auditPlugin } from './modules/audit/audit.plugin';
import { buildHubSchema } from './schema';
import { cacheControlPlugin } from './shared/cache-control';
import { createErrorFormatter } from './shared/error-formatting';
import { explorerLandingPage, mountExplorer } from './shared/explorer';
import { PUBLIC_VIEWER, type Viewer } from './shared/auth/viewer';
import { authenticateRequest } from './shared/auth/viewer-from-request';
import { clientRequestIdOf, createHealth, requestIdMiddleware, requestIdOf, type Health } from './shared/health';
import { createTokenVerifier } from './shared/auth/token-verifier';
import { accessLog, createLogger, currentRequest, keepRequestContext, type Logger } from './shared/logger';
import { createOutageLog, serviceUnavailablePlugin } from './shared/outage';
import { derivePurposeKey, keyringFromConfig } from './shared/pii/keyring';
import type { Orm } from './shared/orm';
import { persistedQueryOptions, persistedQuerySizePlugin } from './shared/persisted-queries';
import { querySafety } from './shared/query-safety';
import { stringifyWithRawJson } from './shared/raw-json';
import { closeSharedRedis, createSharedRedis } from './shared/redis';
import { readYourWritesPlugin, ReplicaSet } from './shared/replicas';
import { httpDrainMs } from './shared/shutdown';
import { textInputPlugin } from './shared/text-input';
import { importUploadRouter } from './modules/imports/import-upload';
import { callerKey, createRateLimiter } from './shared/rate-limit';

export const GRAPHQL_PATH = '/graphql';

export interface HubApp {
  app: Express;
  apollo: ApolloServer<RequestContext>;
  logger: Logger;
  /** Readiness; `startDraining()` turns /readyz to 503 before shutdown. */
  health: Health;
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
  // One Redis connection per replica for all it shares with the others (REDIS_URL), or none.
  const outageLogIntervalMs = config.outageLogIntervalSeconds * 1000;
  const redis = config.redisUrl ? createSharedRedis(config.redisUrl, logger, outageLogIntervalMs) : null;
  // Database outages: logged when they start, counted per interval, and closed by a probe.
  const databaseOutage = createOutageLog(logger, 'database', { intervalMs: outageLogIntervalMs, probe: () => orm.em.getConnection().execute('select 1') });
  const analytics = createAnalyticsShared(config, logger, redis);
  const verifier = createTokenVerifier(config.auth);
  const keyring = keyringFromConfig(config.pii);
  const safety = querySafety(config);
  const limiter = createRateLimiter(config, { redis, keySecret: derivePurposeKey(keyring, 'rate-limit') });
  // Read replicas: checked from now on; each request's reads are routed when its context is made.
  const replicas = new ReplicaSet(orm, config.replicas, redis, { keySecret: derivePurposeKey(keyring, 'read-your-writes'), logger });
  await replicas.start();
  const health = createHealth(orm, { cacheMs: config.readinessCacheMs, replicas: replicas.enabled ? () => replicas.status() : undefined });
  const closeOnStop = (close: () => Promise<unknown>): ApolloServerPlugin<RequestContext> => ({
    serverWillStart: async () => ({ serverWillStop: async () => void (await close()) }),
  });

  const apollo = new ApolloServer<RequestContext>({
    schema: schema ?? (await buildHubSchema()),
    formatError: createErrorFormatter(
      (error) => logger.error('unexpected error', { error }),
      () => databaseOutage.failed(),
    ),
    // Compact JSON: Apollo pretty-prints by default, which costs time and bytes on every response.
    // Documents serialized once (GeoJSON layers) are written in as they are.
    stringifyResult: stringifyWithRawJson,
    // Limits on what a request may ask (SECURITY.md): CSRF prevention, introspection, tokens,
    // batching, schema details in errors; the validation rules and plugins below do the rest.
    ...safety.apolloOptions,
    validationRules: safety.validationRules,
    // Mobile transport (docs/service-map.md): automatic persisted queries, shared through Redis
    // when REDIS_URL is set; GET for queries (Apollo's default) with CSRF prevention kept on, so
    // a GET needs an `apollo-require-preflight` or `x-apollo-operation-name` header.
    persistedQueries: persistedQueryOptions(redis, logger, config.limits),
    // main.ts owns SIGINT/SIGTERM: one shutdown path, which stops Apollo once (src/shared/shutdown.ts).
    stopOnTerminationSignals: false,
    plugins: [
      // Cache-Control from the @cacheControl hints an operation selects (unhinted: maxAge 0, hence
      // `no-store`), worked out once per document instead of Apollo's hook on every resolved field.
      ApolloServerPluginCacheControlDisabled(),
      cacheControlPlugin<RequestContext>(),
      ...(safety.plugins as ApolloServerPlugin<RequestContext>[]),
      persistedQuerySizePlugin(config.limits.persistedQueryMaxBytes),
      serviceUnavailablePlugin<RequestContext>(),
      // The access-log line names the operations (never their variables).
      { requestDidStart: async () => ({ didResolveOperation: async ({ operationName }) => void currentRequest()?.operations.push(operationName ?? '(anonymous)') }) },
      textInputPlugin() as ApolloServerPlugin<RequestContext>,
      auditPlugin<RequestContext>({
        em: () => orm.em.fork() as EntityManager,
        onError: (error) => logger.error('audit write failed; personal data withheld', { error }),
      }),
      disclosureExtensionPlugin(),
      readYourWritesPlugin<RequestContext>(replicas, logger),
      closeOnStop(() => replicas.stop()),
      closeOnStop(() => closeSharedRedis(redis)),
      closeOnStop(async () => databaseOutage.close()),
      config.explorer ? explorerLandingPage() : ApolloServerPluginLandingPageDisabled(),
      ...(httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: httpDrainMs(config.shutdown) })] : []),
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  // No ETag: it hashes every response body. GraphQL POSTs are never cached, and GET responses
  // that may be carry Cache-Control max-age (src/shared/cache-control.ts).
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  app.use(health.closeConnectionsWhileDraining);
  app.use(requestIdMiddleware());
  app.use(accessLog(logger, requestIdOf));
  app.use(health.router);
  // File imports (POST /imports/:entity): the body streams to disk, uncompressed, before any parser.
  app.use(importUploadRouter({ orm, config, verifier, logger }));
  app.use(compression());
  if (config.explorer) mountExplorer(app, GRAPHQL_PATH);
  app.use(
    GRAPHQL_PATH,
    ...safety.expressMiddleware,
    keepRequestContext(),
    expressMiddleware(apollo, {
      // Authentication and rate limits run here, not in a plugin: errors thrown here keep their
      // HTTP status (401, 429) and headers (WWW-Authenticate, Retry-After).
      context: async ({ req, res }) => {
        let viewer: Viewer;
        try {
          viewer = await authenticateRequest(req.headers.authorization, verifier);
        } catch (error) {
          await limiter.enforce(callerKey(PUBLIC_VIEWER, req.ip)); // bad tokens count against the address
          throw error;
        }
        const logged = currentRequest();
        if (logged) logged.role = viewer.role;
        const caller = callerKey(viewer, req.ip);
        await limiter.enforce(caller, Array.isArray(req.body) ? req.body.length : 1);
        const reads = await replicas.route(viewer, caller);
        return createContext(orm, config, analytics, { viewer, keyring, requestId: requestIdOf(res), clientRequestId: clientRequestIdOf(res), reads });
      },
    }),
  );
  return { app, apollo, logger, health };
}
