import { GraphQLError } from 'graphql';

/** Codes of requests refused for their shape or size; each names the limit that refused it. */
export enum QuerySafetyCode {
  QUERY_TOO_DEEP = 'QUERY_TOO_DEEP',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  TOO_MANY_ALIASES = 'TOO_MANY_ALIASES',
  TOO_MANY_REPEATED_FIELDS = 'TOO_MANY_REPEATED_FIELDS',
  TOO_MANY_DIRECTIVES = 'TOO_MANY_DIRECTIVES',
  TOO_MANY_TOKENS = 'TOO_MANY_TOKENS',
  BATCH_TOO_LARGE = 'BATCH_TOO_LARGE',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  RESPONSE_TOO_LARGE = 'RESPONSE_TOO_LARGE',
  PERSISTED_QUERY_TOO_LARGE = 'PERSISTED_QUERY_TOO_LARGE',
  STATEMENT_TIMEOUT = 'STATEMENT_TIMEOUT',
}

/**
 * A refusal with its own code. Raised as a validation error, Apollo re-labels it
 * GRAPHQL_VALIDATION_FAILED; `limitCodesPlugin` puts this code back before formatting.
 */
export class QueryLimitError extends GraphQLError {
  constructor(
    readonly code: QuerySafetyCode,
    message: string,
    details: Record<string, number> = {},
  ) {
    super(message, { extensions: { code, ...details, http: { status: 400 } } });
    this.name = 'QueryLimitError';
  }
}

/** The JSON body of a refusal made before GraphQL runs (express middleware). */
export function errorBody(code: string, message: string, details: Record<string, unknown> = {}) {
  return { errors: [{ message, extensions: { code, ...details } }] };
}
