import type { AppConfig } from '../../config';
import { jose } from './jose';
import { organizationClaim } from './organization-scope';
import { isOrganizationScoped, isTokenRole, TOKEN_ROLES, type TokenRole } from './roles';

export class DevTokenRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DevTokenRefused';
  }
}

export interface DevTokenRequest {
  role: string;
  sub?: string;
  /** jose time span: 30m, 1h, 2d (at most 7 days). */
  ttl?: string;
  /** The `org` claim: required for ORG_MANAGER, refused for other roles. */
  org?: string | number;
}

const TTL = /^(\d+)\s*(s|m|h|d)$/;
const SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;
const MAX_TTL_SECONDS = 7 * 86400;

/**
 * An HS256 token for development and tests, signed with JWT_SECRET (or the development default
 * outside production), carrying the configured issuer and audience. Refused in production and
 * whenever tokens are verified with a public key: there, tokens come from the identity provider.
 */
export async function mintDevelopmentToken(config: Pick<AppConfig, 'env' | 'auth'>, request: DevTokenRequest): Promise<string> {
  if (config.env === 'production') throw new DevTokenRefused('refusing to mint a token with NODE_ENV=production: production tokens come from the identity provider');
  const secret = config.auth.jwtSecret;
  if (!secret) throw new DevTokenRefused('tokens are verified with JWT_PUBLIC_KEY or JWT_JWKS_URL here: no development secret to sign with');
  if (!isTokenRole(request.role)) throw new DevTokenRefused(`--role must be one of ${TOKEN_ROLES.join(', ')}, got "${request.role}"`);
  const role: TokenRole = request.role;
  const ttl = TTL.exec(request.ttl ?? '1h');
  if (!ttl) throw new DevTokenRefused(`--ttl must look like 30m, 1h or 2d, got "${request.ttl}"`);
  const seconds = Number(ttl[1]) * SECONDS[ttl[2] as keyof typeof SECONDS];
  if (seconds < 1 || seconds > MAX_TTL_SECONDS) throw new DevTokenRefused('--ttl must be between 1 s and 7 d');
  const sub = request.sub ?? `dev-${role.toLowerCase()}`;
  const claims: Record<string, unknown> = { role };
  if (isOrganizationScoped(role)) {
    const org = organizationClaim(request.org);
    if (org === null) throw new DevTokenRefused(`--org must be the id of the organization the ${role} token manages, got "${request.org ?? ''}"`);
    claims.org = org;
  } else if (request.org !== undefined) {
    throw new DevTokenRefused(`--org is only for ${TOKEN_ROLES.filter(isOrganizationScoped).join(', ')}`);
  }
  let token = new (jose().SignJWT)(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(`${seconds}s`);
  if (config.auth.issuer) token = token.setIssuer(config.auth.issuer);
  if (config.auth.audience) token = token.setAudience(config.auth.audience);
  return token.sign(new TextEncoder().encode(secret.reveal()));
}
