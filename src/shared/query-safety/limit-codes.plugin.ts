import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { QueryLimitError, QuerySafetyCode } from './errors';

/** graphql-js's own message when `parseOptions.maxTokens` stops the parser (16.x spells it "more that"). */
const TOKEN_LIMIT = /Document contains more tha[nt] (\d+) tokens/;

/**
 * Apollo labels every validation error GRAPHQL_VALIDATION_FAILED and every parse error
 * GRAPHQL_PARSE_FAILED. For the limits, a client (and a test) needs to know which one refused:
 * this puts the QueryLimitError's own code back, and names the token limit, before formatting.
 */
export function limitCodesPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const original = error.originalError;
            if (original instanceof QueryLimitError) {
              (error.extensions as Record<string, unknown>).code = original.code;
            } else if (error.extensions?.code === 'GRAPHQL_PARSE_FAILED' && original instanceof GraphQLError) {
              const limit = TOKEN_LIMIT.exec(original.message)?.[1];
              if (limit) {
                (error.extensions as Record<string, unknown>).code = QuerySafetyCode.TOO_MANY_TOKENS;
                error.message = `The document has more than ${limit} tokens, the limit; parsing stopped there`;
              }
            }
          }
        },
      };
    },
  };
}
