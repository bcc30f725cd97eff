import { unwrapResolverError } from '@apollo/server/errors';
import type { ValidationError } from 'class-validator';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError, AuthorizationError, AuthenticationError } from 'type-graphql';
import { AppError, ErrorCode } from './errors';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable, SERVICE_UNAVAILABLE } from './outage';
import { isStatementTimeout, QuerySafetyCode } from './query-safety';

export const INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR';

/**
 * graphql-js stops coercing variables after 50 errors (a list of 101 nulls, say) and adds an
 * error of its own without a code; the errors before it are BAD_USER_INPUT, and so is it.
 */
const VARIABLE_ERROR_LIMIT = 'Too many errors processing variables, error limit reached. Execution aborted.';

/** Extension keys that name a limit or a wait, never the caller's input: passed through as they are. */
const SAFE_EXTENSIONS = ['retryAfterSeconds', 'reason', 'cost', 'maxCost', 'limit', 'count'] as const;

function safeExtensions(formatted: GraphQLFormattedError): Record<string, unknown> {
  return Object.fromEntries(SAFE_EXTENSIONS.filter((key) => formatted.extensions?.[key] !== undefined).map((key) => [key, formatted.extensions![key]]));
}

interface SafeValidationError {
  property: string;
  constraints?: Record<string, string>;
  children?: SafeValidationError[];
}

/** class-validator errors echo the input (`value`, `target`): keep only what names the problem. */
function withoutValues(errors: ValidationError[]): SafeValidationError[] {
  return errors.map((e) => ({
    property: e.property,
    ...(e.constraints ? { constraints: e.constraints } : {}),
    ...(e.children?.length ? { children: withoutValues(e.children) } : {}),
  }));
}

/**
 * The one place errors become what a client sees. Expected failures keep their code and
 * message; anything unexpected becomes INTERNAL_SERVER_ERROR with no internals (no stack, no
 * SQL, no file paths) and is handed to `logUnexpected`. A database that cannot be reached is
 * not unexpected: SERVICE_UNAVAILABLE (HTTP 503, see serviceUnavailablePlugin), reported to
 * `onUnavailable` (the outage log) instead of a stack trace per request.
 */
export function createErrorFormatter(logUnexpected: (error: unknown) => void, onUnavailable: () => void = () => undefined) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const { path, locations } = formatted;
    if (original instanceof AppError) {
      return { message: original.message, locations, path, extensions: { code: original.code, ...original.details } };
    }
    if (original instanceof ArgumentValidationError) {
      const details = withoutValues(original.extensions.validationErrors as ValidationError[]);
      const message = details.flatMap((d) => Object.values(d.constraints ?? {})).join('; ') || 'Invalid argument';
      return { message, locations, path, extensions: { code: ErrorCode.BAD_USER_INPUT, validationErrors: details } };
    }
    if (original instanceof AuthenticationError) {
      return { message: original.message, locations, path, extensions: { code: ErrorCode.UNAUTHENTICATED } };
    }
    if (original instanceof AuthorizationError) {
      return { message: original.message, locations, path, extensions: { code: ErrorCode.FORBIDDEN } };
    }
    // Errors graphql-js and Apollo raise about the request itself (parse, validation, variable
    // coercion, persisted queries) are the client's to fix and safe to show; they have a code.
    if (isDatabaseUnavailable(original)) {
      onUnavailable();
      return { message: 'The database is unavailable: retry shortly', locations, path, extensions: { code: SERVICE_UNAVAILABLE, retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS } };
    }
    if (isStatementTimeout(original)) {
      return { message: 'The query ran past the statement timeout: narrow the filter or ask for smaller pages', locations, path, extensions: { code: QuerySafetyCode.STATEMENT_TIMEOUT } };
    }
    const code = formatted.extensions?.code;
    if (original instanceof GraphQLError && typeof code === 'string' && code !== INTERNAL_SERVER_ERROR) {
      return { message: formatted.message, locations, path, extensions: { code, ...safeExtensions(formatted) } };
    }
    // Apollo's own refusals of a malformed request (e.g. a persisted-query hash that does not
    // match its query) carry a 4xx status but no code: the client's to fix, not an internal error.
    if (original instanceof GraphQLError && original.message === VARIABLE_ERROR_LIMIT) {
      return { message: formatted.message, locations, path, extensions: { code: ErrorCode.BAD_USER_INPUT } };
    }
    const status = (original instanceof GraphQLError ? (original.extensions?.http as { status?: number } | undefined)?.status : undefined) ?? 0;
    if (status >= 400 && status < 500) {
      return { message: formatted.message, locations, path, extensions: { code: ErrorCode.BAD_USER_INPUT } };
    }
    logUnexpected(original);
    return { message: 'Internal server error', locations, path, extensions: { code: INTERNAL_SERVER_ERROR } };
  };
}
