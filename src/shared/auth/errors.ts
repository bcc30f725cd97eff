import { GraphQLError } from 'graphql';
import { AppError, ErrorCode } from '../errors';

/** Why a token was refused; safe to show (it names the check, never the token's content). */
export type TokenRejection =
  | 'malformed_header'
  | 'malformed_token'
  | 'bad_signature'
  | 'algorithm_not_allowed'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'missing_claim'
  | 'unknown_role'
  | 'unverifiable';

/** A presented credential that failed a check. Never downgraded to PUBLIC. */
export class UnauthenticatedError extends AppError {
  constructor(
    readonly reason: TokenRejection,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(ErrorCode.UNAUTHENTICATED, message, { reason });
    if (options.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

/** The caller is known but its role may not see this. */
export class ForbiddenError extends AppError {
  constructor(message = 'Your role may not read this field', details: Record<string, unknown> = {}) {
    super(ErrorCode.FORBIDDEN, message, details);
  }
}

const HTTP_STATUS: Partial<Record<string, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
};

/**
 * An AppError raised outside a resolver (in the context function or a plugin hook), as the
 * GraphQLError Apollo needs there: Apollo otherwise wraps it as "Context creation failed" with
 * no code, and the formatter would turn it into INTERNAL_SERVER_ERROR. Carries the HTTP status
 * (401 with `WWW-Authenticate: Bearer` for UNAUTHENTICATED, RFC 6750).
 */
export function requestError(error: AppError): GraphQLError {
  const status = HTTP_STATUS[error.code] ?? 400;
  const headers = new Map<string, string>();
  if (error.code === ErrorCode.UNAUTHENTICATED) headers.set('www-authenticate', 'Bearer error="invalid_token"');
  return new GraphQLError(error.message, {
    originalError: error,
    extensions: { code: error.code, ...error.details, http: { status, headers } },
  });
}
