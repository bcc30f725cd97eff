import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import type { AppConfig } from '../../config';
import { costLimitPlugin, DEFAULT_COST_MODEL, type CostModel } from './cost';
import { QueryLimitError, QuerySafetyCode } from './errors';
import { graphqlHttpMiddleware } from './http';
import { limitCodesPlugin } from './limit-codes.plugin';
import { maxRepeatedFieldsRule } from './repeated-fields';

export { QueryLimitError, QuerySafetyCode } from './errors';
export { isStatementTimeout, poolTimeoutOptions } from './statement-timeout';

export interface QuerySafetyOptions {
  allowBatchedHttpRequests: boolean;
  introspection: boolean;
  hideSchemaDetailsFromClientErrors: boolean;
  includeStacktraceInErrorResponses: false;
  csrfPrevention: true;
  parseOptions: { maxTokens: number };
}

export interface QuerySafety {
  plugins: ApolloServerPlugin<BaseContext>[];
  validationRules: ValidationRule[];
  /** Spread into `new ApolloServer({ ... })`. */
  apolloOptions: QuerySafetyOptions;
  /** Mount on the GraphQL path before Apollo's middleware (they replace `express.json()`). */
  expressMiddleware: Array<RequestHandler | ErrorRequestHandler>;
}

/** armor reports "Syntax Error: …" with BAD_USER_INPUT; report our own code instead. */
const rejectWith =
  (code: QuerySafetyCode) =>
  (context: ValidationContext | null, error: GraphQLError) =>
    context?.reportError(new QueryLimitError(code, error.message.replace(/^Syntax Error: /, '')));

/**
 * Every limit on what a request may ask, from configuration (see SECURITY.md for defaults):
 * - graphql-armor (maintained, made for Apollo): depth, aliases, directives, field suggestions
 *   (blocked in production, with Apollo's hideSchemaDetailsFromClientErrors);
 *   its cost rule is off (it does not multiply by `first:`) and so is its token plugin (it
 *   throws from a hook where Apollo answers 500), replaced by graphql-js's own
 *   `parseOptions.maxTokens`;
 * - graphql-query-complexity with a list-multiplying estimator, run per operation and variables;
 * - a repeated-field rule (armor has none); circular fragments are graphql-js's NoFragmentCyclesRule;
 * - batch size, body size and response size at the HTTP layer; CSRF prevention; introspection off in
 *   production unless INTROSPECTION=true; schema details hidden from errors in production.
 */
export function querySafety(config: Pick<AppConfig, 'env' | 'limits' | 'introspection'>, costModel: CostModel = DEFAULT_COST_MODEL): QuerySafety {
  const { limits } = config;
  const production = config.env === 'production';
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true, ignoreIntrospection: true, propagateOnRejection: false, onReject: [rejectWith(QuerySafetyCode.QUERY_TOO_DEEP)] },
    // armor exempts aliases named `__typename` and aliases of `__typename` by default: neither
    // is free (`__typename: serviceMapGeoJSON` is a layer; 600 `t: __typename` are 600 values).
    maxAliases: { n: limits.maxAliases, allowList: [], propagateOnRejection: false, onReject: [rejectWith(QuerySafetyCode.TOO_MANY_ALIASES)] },
    maxDirectives: { n: limits.maxDirectives, propagateOnRejection: false, onReject: [rejectWith(QuerySafetyCode.TOO_MANY_DIRECTIVES)] },
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    // "Did you mean …?" helps analysts outside production; in production it maps the schema.
    blockFieldSuggestion: { enabled: production },
  }).protect();
  return {
    plugins: [...armor.plugins, limitCodesPlugin(), costLimitPlugin({ maxCost: limits.maxCost, model: costModel })],
    validationRules: [...armor.validationRules, maxRepeatedFieldsRule(limits.maxRepeatedFields)],
    apolloOptions: {
      allowBatchedHttpRequests: limits.maxBatchSize > 1,
      introspection: config.introspection,
      hideSchemaDetailsFromClientErrors: production,
      includeStacktraceInErrorResponses: false,
      csrfPrevention: true,
      parseOptions: { maxTokens: limits.maxTokens },
    },
    expressMiddleware: graphqlHttpMiddleware({ maxBodyBytes: limits.maxBodyBytes, maxBatchSize: limits.maxBatchSize, maxResponseBytes: limits.maxResponseBytes }),
  };
}
