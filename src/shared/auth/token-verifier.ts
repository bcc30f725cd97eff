import { createPublicKey, type KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { AuthConfig } from '../../config';
import { UnauthenticatedError, type TokenRejection } from './errors';
import { jose } from './jose';
import { organizationClaim } from './organization-scope';
import { auditsPersonalReads, isOrganizationScoped, isTokenRole } from './roles';
import type { Viewer } from './viewer';

/** Seconds of clock skew accepted on exp/nbf/iat between the identity provider and us. */
export const CLOCK_TOLERANCE_SECONDS = 5;
/** Longest token accepted before any parsing: a cheap guard against oversized headers. */
export const MAX_TOKEN_LENGTH = 8192;
const MAX_SUBJECT_LENGTH = 256;

export type VerificationMethod = 'HS256 shared secret' | 'public key' | 'JWKS';

export interface TokenVerifier {
  readonly method: VerificationMethod;
  /** The only algorithms a token may use: one family per method, never `none`, never HS with a public key. */
  readonly algorithms: readonly string[];
  /** The viewer a token stands for; throws UnauthenticatedError on any failed check. */
  verify(token: string): Promise<Viewer>;
}

type VerificationKey = Uint8Array | KeyObject | ReturnType<ReturnType<typeof jose>['createRemoteJWKSet']>;

function keyFor(auth: AuthConfig): { method: VerificationMethod; algorithms: string[]; key: VerificationKey } {
  if (auth.jwtJwksUrl) {
    const jwks = jose().createRemoteJWKSet(new URL(auth.jwtJwksUrl), {
      timeoutDuration: 5000,
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
    });
    return { method: 'JWKS', algorithms: ['RS256', 'ES256'], key: jwks };
  }
  if (auth.jwtPublicKey && auth.jwtPublicKeyAlgorithm) {
    return { method: 'public key', algorithms: [auth.jwtPublicKeyAlgorithm], key: createPublicKey(auth.jwtPublicKey) };
  }
  if (auth.jwtSecret) {
    return { method: 'HS256 shared secret', algorithms: ['HS256'], key: new TextEncoder().encode(auth.jwtSecret.reveal()) };
  }
  throw new Error('No token verification method is configured (JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS_URL)');
}

const REJECTIONS: Record<string, TokenRejection> = {
  ERR_JWT_EXPIRED: 'expired',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'bad_signature',
  ERR_JWKS_NO_MATCHING_KEY: 'bad_signature',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'bad_signature',
  ERR_JOSE_ALG_NOT_ALLOWED: 'algorithm_not_allowed',
  ERR_JOSE_NOT_SUPPORTED: 'algorithm_not_allowed',
  ERR_JWS_INVALID: 'malformed_token',
  ERR_JWT_INVALID: 'malformed_token',
  ERR_JWKS_TIMEOUT: 'unverifiable',
  ERR_JWKS_INVALID: 'unverifiable',
};

const MESSAGES: Record<TokenRejection, string> = {
  malformed_header: 'The Authorization header must be "Bearer <token>"',
  malformed_token: 'The bearer token is not a well-formed JWT',
  bad_signature: 'The bearer token signature does not verify',
  algorithm_not_allowed: 'The bearer token uses an algorithm this API does not accept',
  expired: 'The bearer token has expired',
  not_yet_valid: 'The bearer token is not valid yet',
  wrong_issuer: 'The bearer token was issued by an unexpected issuer',
  wrong_audience: 'The bearer token is meant for another audience',
  missing_claim: 'The bearer token lacks a required claim',
  unknown_role: 'The bearer token carries no role this API knows (DASHBOARD, ANALYST, ADMIN, ORG_MANAGER)',
  unverifiable: 'The bearer token could not be verified right now',
};

export function rejectToken(reason: TokenRejection, cause?: unknown): UnauthenticatedError {
  return new UnauthenticatedError(reason, MESSAGES[reason], { cause });
}

/** jose's error, named by the check that failed; anything unknown is a failure all the same. */
function rejectionOf(error: unknown): TokenRejection {
  const { code, claim, reason } = (error ?? {}) as { code?: string; claim?: string; reason?: string };
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    if (reason === 'missing') return 'missing_claim';
    if (claim === 'iss') return 'wrong_issuer';
    if (claim === 'aud') return 'wrong_audience';
    if (claim === 'nbf' || claim === 'iat') return 'not_yet_valid';
    return 'malformed_token';
  }
  if (code && REJECTIONS[code]) return REJECTIONS[code];
  // Any other jose error is about the token; anything else (fetching the JWKS) is on our side.
  return code?.startsWith('ERR_J') ? 'malformed_token' : 'unverifiable';
}

/**
 * Verifies bearer tokens with jose: signature under the one configured method with its pinned
 * algorithms, `exp` required, `iss`/`aud` when configured (production requires both), and a
 * `role` claim of DASHBOARD, ANALYST, ADMIN or ORG_MANAGER. ADMIN tokens must name their `sub`:
 * every clear read of personal data is audited under it. ORG_MANAGER tokens must name their
 * organization (`org`, an organization id); other roles' `org` claims are ignored.
 */
export function createTokenVerifier(auth: AuthConfig): TokenVerifier {
  const { method, algorithms, key } = keyFor(auth);
  const options = {
    algorithms,
    requiredClaims: ['exp'],
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    ...(auth.issuer ? { issuer: auth.issuer } : {}),
    ...(auth.audience ? { audience: auth.audience } : {}),
  };
  const verified = new VerifiedTokens();
  return {
    method,
    algorithms: Object.freeze([...algorithms]),
    async verify(token: string): Promise<Viewer> {
      if (token.length > MAX_TOKEN_LENGTH) throw rejectToken('malformed_token');
      const known = verified.get(token);
      if (known) return known;
      let payload: Record<string, unknown>;
      try {
        // One call per key kind keeps jose's overloads (a key, or a JWKS function) typed.
        payload =
          typeof key === 'function'
            ? (await jose().jwtVerify(token, key, options)).payload
            : (await jose().jwtVerify(token, key, options)).payload;
      } catch (error) {
        throw rejectToken(rejectionOf(error), error);
      }
      // jose checks `iat` only against a maximum age; a token issued in the future is refused here.
      if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS) throw rejectToken('not_yet_valid');
      const viewer = viewerOf(payload);
      verified.set(token, viewer, (payload.exp as number) * 1000);
      return viewer;
    },
  };
}

/** The viewer a verified token's claims stand for; throws on a claim this API does not accept. */
function viewerOf({ role, sub, org }: Record<string, unknown>): Viewer {
  if (!isTokenRole(role)) throw rejectToken('unknown_role');
  if (sub !== undefined && (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_SUBJECT_LENGTH)) {
    throw rejectToken('malformed_token');
  }
  if (auditsPersonalReads(role) && sub === undefined) throw rejectToken('missing_claim');
  if (!isOrganizationScoped(role)) return Object.freeze({ role, subject: sub ?? null });
  if (org === undefined) throw rejectToken('missing_claim');
  const organizationId = organizationClaim(org);
  if (organizationId === null) throw rejectToken('malformed_token');
  return Object.freeze({ role, subject: sub ?? null, organizationId });
}

/** Verified tokens remembered at most this long, so a key withdrawn from the JWKS stops working within it. */
export const VERIFIED_TOKEN_TTL_MS = 60_000;
const VERIFIED_TOKENS_MAX = 10_000;

/**
 * Tokens that verified, with their viewer, until the token's `exp` or VERIFIED_TOKEN_TTL_MS,
 * whichever comes first: a dashboard sends the same token with every request, and an ES256
 * verification costs ~150-200 µs of CPU. Only successes are kept (a failure is recomputed, so
 * garbage tokens cannot fill it), least recently used first out past VERIFIED_TOKENS_MAX.
 * Per process and only an optimisation: every replica verifies a token at least once.
 */
class VerifiedTokens {
  // Expiry on the wall clock, like the tokens' own `exp` (lru-cache reads performance.now by default).
  private readonly entries = new LRUCache<string, Viewer>({ max: VERIFIED_TOKENS_MAX, perf: { now: () => Date.now() }, ttlResolution: 0 });

  get(token: string): Viewer | undefined {
    return this.entries.get(token);
  }

  set(token: string, viewer: Viewer, expiresAtMs: number): void {
    const ttl = Math.min(expiresAtMs - Date.now(), VERIFIED_TOKEN_TTL_MS);
    if (ttl > 0) this.entries.set(token, viewer, { ttl });
  }
}
