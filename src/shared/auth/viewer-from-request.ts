import { AppError } from '../errors';
import { requestError } from './errors';
import { MAX_TOKEN_LENGTH, rejectToken, type TokenVerifier } from './token-verifier';
import { PUBLIC_VIEWER, type Viewer } from './viewer';

/** RFC 6750 `Bearer` credentials: the scheme is case-insensitive, the token is a compact JWS. */
const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i;

/**
 * The caller of a request. No Authorization header (or an empty one) means PUBLIC. Anything
 * presented must verify: a malformed header, a bad signature, an expired token, a wrong issuer or
 * audience, `alg: none` or an unknown role throws UnauthenticatedError. Never a downgrade to PUBLIC.
 */
export async function viewerFromRequest(authorization: string | undefined, verifier: TokenVerifier): Promise<Viewer> {
  if (authorization === undefined || authorization.trim() === '') return PUBLIC_VIEWER;
  const header = authorization.trim();
  if (header.length > MAX_TOKEN_LENGTH + 16) throw rejectToken('malformed_token');
  const match = BEARER.exec(header);
  if (!match) throw rejectToken('malformed_header');
  return verifier.verify(match[1]);
}

/**
 * viewerFromRequest for Apollo's context function: a refusal becomes the GraphQLError Apollo
 * answers with as is (401, `WWW-Authenticate: Bearer`, code UNAUTHENTICATED); thrown as an
 * AppError it would surface as "Context creation failed" and INTERNAL_SERVER_ERROR.
 */
export async function authenticateRequest(authorization: string | undefined, verifier: TokenVerifier): Promise<Viewer> {
  try {
    return await viewerFromRequest(authorization, verifier);
  } catch (error) {
    throw error instanceof AppError ? requestError(error) : error;
  }
}
