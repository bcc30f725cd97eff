import { createPublicKey, type KeyObject } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { perturbationProblems } from './modules/analytics/perturbation';
import type { LogLevel } from './shared/logger';

/**
 * Environment, read and validated once. Every bad value is reported together, with what was
 * expected, so an operator fixes a deployment in one go instead of one crash at a time.
 */
export interface AppConfig {
  env: 'development' | 'test' | 'production';
  port: number;
  /** Null means: start the embedded PostgreSQL the project owns. */
  databaseUrl: string | null;
  embeddedPostgres: { dataDir: string; port: number };
  seedTalents: number;
  /** Largest page a connection serves; larger `first` values are refused, not truncated. */
  maxPageSize: number;
  /** How aggregates are published to callers who cannot read records (src/modules/analytics/perturbation.ts). */
  disclosure: DisclosureConfig;
  redisUrl: string | null;
  /** Aggregate results kept in process (without REDIS_URL); 0 turns the aggregate cache off. */
  analyticsCacheSize: number;
  logLevel: LogLevel;
  /** How often a dependency's ongoing outage is logged (one line with the failures counted meanwhile). */
  outageLogIntervalSeconds: number;
  auth: AuthConfig;
  pii: PiiConfig;
  limits: LimitsConfig;
  /** Schema introspection: on outside production, off in production unless INTROSPECTION=true. */
  introspection: boolean;
  /** Express `trust proxy`: which proxies' X-Forwarded-For names the client (rate limits key on it). */
  trustProxy: boolean | number | string;
  /** GraphiQL on GET /graphql: on outside production, off in production unless GRAPHQL_EXPLORER=true. */
  explorer: boolean;
  shutdown: ShutdownConfig;
  /** How long /readyz answers from its last check instead of asking the database again. */
  readinessCacheMs: number;
  /** Read replicas (streaming standbys of DATABASE_URL's primary); none by default. */
  replicas: ReplicaConfig;
  /** File imports over HTTP (POST /imports/:entity, src/modules/imports). */
  imports: ImportsConfig;
}

export interface ImportsConfig {
  /** Largest file one upload may send; larger ones get 413 LIMIT_EXCEEDED. */
  maxUploadBytes: number;
  /** Where uploaded files wait for their job (deleted when it ends). */
  uploadDir: string;
  /** Jobs waiting their turn, across replicas, past which an upload gets 429 LIMIT_EXCEEDED. */
  maxQueuedJobs: number;
  /** Days a finished job keeps its problems and problem report (its counts stay). */
  retentionDays: number;
  /**
   * Whether a large file may be checked on a worker thread when a core is free. Off by default:
   * at 1,000,000 rows it saved about 6 s and cost about 110 MB of peak RSS, past the 400 MB an
   * import may take (bench/RESULTS-issue-15.md).
   */
  stagingWorker: boolean;
}

/** SIGTERM/SIGINT: how long the process may take to stop, and how long it keeps serving first. */
export interface ShutdownConfig {
  /** From the signal to the exit, whatever is still running; past it the process exits with 1. */
  graceMs: number;
  /** New requests are still served this long (with /readyz at 503) so a load balancer polling readiness stops sending first. */
  delayMs: number;
}

export interface DisclosureConfig {
  /** k: no published count lies in 1..k−1. */
  threshold: number;
  /** D: no published count differs from the true one by more. */
  maxNoise: number;
  /** V: the noise's variance for counts clear of the small range. */
  variance: number;
  /** A table whose filtered population is smaller is withheld whole, zeros included. */
  minTablePopulation: number;
  /** Award amounts are published only where no single recipient's awards exceed this share of the cell's sum. */
  dominanceShare: number;
  /** Published amounts move by at most this fraction. */
  amountNoise: number;
}

/**
 * A value that never prints: JSON.stringify and console.log show `[redacted]`, so a logged config
 * or error cannot leak a key. Read it with `reveal()` where it is used.
 */
export class Secret<T> {
  readonly #value: T;
  constructor(value: T) {
    this.#value = value;
  }
  reveal(): T {
    return this.#value;
  }
  toJSON(): string {
    return '[redacted]';
  }
  toString(): string {
    return '[redacted]';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'Secret([redacted])';
  }
}

/**
 * How bearer tokens are verified: exactly one method. HS256 with a shared secret is for
 * development; production verifies an identity provider's RS256/ES256 tokens with a public key
 * or a JWKS URL, and checks issuer and audience.
 */
export interface AuthConfig {
  /** HS256 shared secret; null when an asymmetric method is configured. */
  jwtSecret: Secret<string> | null;
  /** True when jwtSecret is DEVELOPMENT_JWT_SECRET because nothing was configured (never in production). */
  jwtSecretIsDevelopmentDefault: boolean;
  /** PEM (SPKI) public key, RSA ≥ 2048 bits (RS256) or EC P-256 (ES256). */
  jwtPublicKey: string | null;
  /** The algorithm the public key verifies, derived from its type. */
  jwtPublicKeyAlgorithm: 'RS256' | 'ES256' | null;
  jwtJwksUrl: string | null;
  issuer: string | null;
  audience: string | null;
}

/** Keys for personal fields (ID numbers, phones): AES-256-GCM for values, HMAC-SHA256 for lookup. */
export interface PiiConfig {
  /** Encrypts every new value; 32 bytes. */
  encryptionKey: Secret<Buffer>;
  /** Earlier keys, still able to decrypt values written under them (rotation). */
  previousKeys: Secret<Buffer>[];
  /** Keyed-hash key; null means derived from encryptionKey (allowed only while no rotation happened). */
  hashKey: Secret<Buffer> | null;
  usingDevelopmentKey: boolean;
}

/** Every request-shape and resource limit, each with its environment variable (see SECURITY.md). */
export interface LimitsConfig {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxRepeatedFields: number;
  maxDirectives: number;
  maxTokens: number;
  /** Operations in one batched HTTP request; 1 turns batching off. */
  maxBatchSize: number;
  maxBodyBytes: number;
  /** Bytes one HTTP request's response (a batch's together) may hold. */
  maxResponseBytes: number;
  /** Longest query an automatic persisted query may register, in bytes. */
  persistedQueryMaxBytes: number;
  /** Registered persisted queries kept at once; the oldest registration gives way. */
  persistedQueryMaxCount: number;
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
  /** Operations a caller may send per window. */
  rateLimitMax: number;
  rateLimitWindowSeconds: number;
}

/** Used only outside production when JWT_SECRET is unset, so `npm run token` works out of the box. */
export const DEVELOPMENT_JWT_SECRET = 'development-only-jwt-secret-never-valid-in-production';
/** Base64 of the 32 ASCII bytes `development-only-pii-key-32bytes`; refused in production. */
export const DEVELOPMENT_PII_ENCRYPTION_KEY = Buffer.from('development-only-pii-key-32bytes').toString('base64');

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T, problems: string[]): T {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return fallback;
  }
  return raw as T;
}

function url(env: Env, name: string, protocols: string[], problems: string[]): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  try {
    const parsed = new URL(raw);
    if (!protocols.includes(parsed.protocol)) {
      problems.push(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}, got "${parsed.protocol}//…"`);
    }
  } catch {
    problems.push(`${name} is not a valid URL`);
  }
  return raw;
}

function flag(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  problems.push(`${name} must be true or false, got "${env[name]}"`);
  return fallback;
}

function text(env: Env, name: string): string | null {
  return env[name]?.trim() || null;
}

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** A 32-byte key given in base64 (standard or URL-safe). Never echoes the value in a problem. */
function key32(raw: string, name: string, problems: string[]): Buffer | null {
  const value = raw.trim();
  const bytes = BASE64.test(value) ? Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64') : null;
  if (!bytes || bytes.length !== 32) {
    problems.push(`${name} must be 32 random bytes in base64 (e.g. \`openssl rand -base64 32\`), got ${bytes ? `${bytes.length} bytes` : 'something that is not base64'}`);
    return null;
  }
  return bytes;
}

/** A PEM public key; `\n` escapes are accepted because env files often cannot hold newlines. */
function publicKey(raw: string, problems: string[]): { pem: string; algorithm: 'RS256' | 'ES256' } | null {
  const pem = raw.replace(/\\n/g, '\n').trim();
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    problems.push('JWT_PUBLIC_KEY must be a PEM public key (-----BEGIN PUBLIC KEY-----)');
    return null;
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) >= 2048) return { pem, algorithm: 'RS256' };
  if (key.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1') return { pem, algorithm: 'ES256' };
  problems.push(`JWT_PUBLIC_KEY must be an RSA key of at least 2048 bits (RS256) or an EC P-256 key (ES256), got ${key.asymmetricKeyType}`);
  return null;
}

function loadAuth(env: Env, production: boolean, problems: string[]): AuthConfig {
  const secret = text(env, 'JWT_SECRET');
  const pem = text(env, 'JWT_PUBLIC_KEY');
  const jwksUrl = url(env, 'JWT_JWKS_URL', production ? ['https:'] : ['https:', 'http:'], problems);
  const methods = [secret && 'JWT_SECRET', pem && 'JWT_PUBLIC_KEY', jwksUrl && 'JWT_JWKS_URL'].filter(Boolean);
  if (methods.length > 1) {
    problems.push(`set one token verification method, not ${methods.join(' and ')}: a shared secret must never verify tokens where a public key is meant to`);
  }
  if (secret !== null && Buffer.byteLength(secret) < 32) {
    problems.push(`JWT_SECRET must be at least 32 bytes (HS256 needs a key as long as its hash), got ${Buffer.byteLength(secret)}`);
  }
  if (production) {
    if (secret !== null) {
      problems.push('JWT_SECRET (HS256) is for development: in production set JWT_JWKS_URL or JWT_PUBLIC_KEY (RS256/ES256) of the identity provider');
    } else if (!pem && !jwksUrl) {
      problems.push('production needs JWT_JWKS_URL or JWT_PUBLIC_KEY to verify bearer tokens');
    }
    if (!text(env, 'JWT_ISSUER')) problems.push('production needs JWT_ISSUER (the identity provider\'s `iss`)');
    if (!text(env, 'JWT_AUDIENCE')) problems.push('production needs JWT_AUDIENCE (this API\'s `aud`)');
  }
  const parsedKey = pem ? publicKey(pem, problems) : null;
  const useDevelopmentSecret = !production && methods.length === 0;
  return {
    jwtSecret: secret ? new Secret(secret) : useDevelopmentSecret ? new Secret(DEVELOPMENT_JWT_SECRET) : null,
    jwtSecretIsDevelopmentDefault: useDevelopmentSecret,
    jwtPublicKey: parsedKey?.pem ?? null,
    jwtPublicKeyAlgorithm: parsedKey?.algorithm ?? null,
    jwtJwksUrl: jwksUrl,
    issuer: text(env, 'JWT_ISSUER'),
    audience: text(env, 'JWT_AUDIENCE'),
  };
}

function loadPii(env: Env, production: boolean, problems: string[]): PiiConfig {
  const raw = text(env, 'PII_ENCRYPTION_KEY');
  if (production && !raw) problems.push('production needs PII_ENCRYPTION_KEY (32 random bytes in base64) to encrypt ID numbers and phones');
  if (production && raw === DEVELOPMENT_PII_ENCRYPTION_KEY) problems.push('PII_ENCRYPTION_KEY is the development key: generate a real one for production');
  const encryptionKey = key32(raw ?? DEVELOPMENT_PII_ENCRYPTION_KEY, 'PII_ENCRYPTION_KEY', problems);
  const previousKeys = (text(env, 'PII_ENCRYPTION_KEYS') ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
    .map((k, i) => key32(k, `PII_ENCRYPTION_KEYS[${i}]`, problems))
    .filter((k): k is Buffer => k !== null);
  const hashRaw = text(env, 'PII_HMAC_KEY');
  const hashKey = hashRaw ? key32(hashRaw, 'PII_HMAC_KEY', problems) : null;
  if (previousKeys.length && !hashRaw) {
    problems.push('PII_ENCRYPTION_KEYS (rotation) needs PII_HMAC_KEY: lookup hashes must not change with the encryption key (see SECURITY.md, "Rotating keys")');
  }
  return {
    encryptionKey: new Secret(encryptionKey ?? Buffer.alloc(32)),
    previousKeys: previousKeys.map((k) => new Secret(k)),
    hashKey: hashKey ? new Secret(hashKey) : null,
    usingDevelopmentKey: !raw,
  };
}

function trustProxy(env: Env, problems: string[]): boolean | number | string {
  const raw = text(env, 'TRUST_PROXY');
  if (!raw || raw === 'false') return false;
  if (raw === 'true') {
    problems.push('TRUST_PROXY=true trusts any X-Forwarded-For (callers could pick their own rate-limit key): give a hop count or the proxies\' addresses');
    return false;
  }
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
}

function decimal(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    problems.push(`${name} must be a number from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return value;
}

function loadDisclosure(env: Env, problems: string[]): DisclosureConfig {
  const disclosure: DisclosureConfig = {
    threshold: integer(env, 'SUPPRESSION_K', 5, 2, 100, problems),
    maxNoise: integer(env, 'PERTURBATION_MAX_NOISE', 2, 1, 20, problems),
    variance: decimal(env, 'PERTURBATION_VARIANCE', 1.5, 0.01, 140, problems),
    minTablePopulation: integer(env, 'DISCLOSURE_MIN_POPULATION', 20, 1, 10_000, problems),
    dominanceShare: decimal(env, 'AWARD_DOMINANCE_SHARE', 0.5, 0.05, 1, problems),
    amountNoise: decimal(env, 'AWARD_AMOUNT_NOISE', 0.02, 0, 0.5, problems),
  };
  for (const problem of perturbationProblems(disclosure)) problems.push(`SUPPRESSION_K, PERTURBATION_MAX_NOISE, PERTURBATION_VARIANCE: ${problem}`);
  return disclosure;
}

function shutdown(env: Env, problems: string[]): ShutdownConfig {
  const graceMs = integer(env, 'SHUTDOWN_GRACE_SECONDS', 10, 1, 600, problems) * 1000;
  const delayMs = integer(env, 'SHUTDOWN_DELAY_SECONDS', 0, 0, 600, problems) * 1000;
  if (delayMs >= graceMs) problems.push(`SHUTDOWN_DELAY_SECONDS must be shorter than SHUTDOWN_GRACE_SECONDS (${graceMs / 1000}): the drain and the closing need time too`);
  return { graceMs, delayMs };
}

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'test', 'production'] as const, 'development', problems);
  const config: AppConfig = {
    env: nodeEnv,
    port: integer(env, 'PORT', 4000, 1, 65535, problems),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], problems),
    embeddedPostgres: {
      dataDir: env.EMBEDDED_PG_DIR?.trim() || '.data/postgres',
      port: integer(env, 'EMBEDDED_PG_PORT', 54329, 1024, 65535, problems),
    },
    seedTalents: integer(env, 'SEED_TALENTS', 20000, 0, 10_000_000, problems),
    maxPageSize: integer(env, 'MAX_PAGE_SIZE', 100, 1, 1000, problems),
    disclosure: loadDisclosure(env, problems),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:'], problems),
    analyticsCacheSize: integer(env, 'ANALYTICS_CACHE_SIZE', 2000, 0, 1_000_000, problems),
    logLevel: oneOf(env, 'LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'] as const, nodeEnv === 'test' ? 'warn' : 'info', problems),
    outageLogIntervalSeconds: integer(env, 'OUTAGE_LOG_INTERVAL_SECONDS', 60, 1, 3600, problems),
    auth: loadAuth(env, nodeEnv === 'production', problems),
    pii: loadPii(env, nodeEnv === 'production', problems),
    limits: {
      maxDepth: integer(env, 'GRAPHQL_MAX_DEPTH', 10, 2, 100, problems),
      maxCost: integer(env, 'GRAPHQL_MAX_COST', 10_000, 1, 10_000_000, problems),
      maxAliases: integer(env, 'GRAPHQL_MAX_ALIASES', 15, 0, 1000, problems),
      maxRepeatedFields: integer(env, 'GRAPHQL_MAX_REPEATED_FIELDS', 10, 1, 1000, problems),
      maxDirectives: integer(env, 'GRAPHQL_MAX_DIRECTIVES', 20, 0, 1000, problems),
      maxTokens: integer(env, 'GRAPHQL_MAX_TOKENS', 2000, 100, 100_000, problems),
      maxBatchSize: integer(env, 'GRAPHQL_MAX_BATCH', 10, 1, 100, problems),
      maxBodyBytes: integer(env, 'HTTP_MAX_BODY_KB', 256, 1, 10_240, problems) * 1024,
      maxResponseBytes: integer(env, 'HTTP_MAX_RESPONSE_KB', 8192, 64, 1_048_576, problems) * 1024,
      persistedQueryMaxBytes: integer(env, 'PERSISTED_QUERY_MAX_KB', 8, 1, 256, problems) * 1024,
      persistedQueryMaxCount: integer(env, 'PERSISTED_QUERY_MAX_COUNT', 5000, 1, 1_000_000, problems),
      statementTimeoutMs: integer(env, 'DB_STATEMENT_TIMEOUT_MS', 15_000, 100, 3_600_000, problems),
      idleInTransactionTimeoutMs: integer(env, 'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 30_000, 100, 3_600_000, problems),
      rateLimitMax: integer(env, 'RATE_LIMIT_MAX', 300, 1, 1_000_000, problems),
      rateLimitWindowSeconds: integer(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400, problems),
    },
    introspection: flag(env, 'INTROSPECTION', nodeEnv !== 'production', problems),
    trustProxy: trustProxy(env, problems),
    explorer: flag(env, 'GRAPHQL_EXPLORER', nodeEnv !== 'production', problems),
    shutdown: shutdown(env, problems),
    readinessCacheMs: integer(env, 'READYZ_CACHE_MS', 1000, 0, 60_000, problems),
    replicas: loadReplicas(env, problems),
    imports: {
      maxUploadBytes: integer(env, 'IMPORT_MAX_UPLOAD_MB', 256, 1, 4096, problems) * 1024 * 1024,
      uploadDir: env.IMPORT_UPLOAD_DIR?.trim() || join(tmpdir(), 'huigu-imports'),
      maxQueuedJobs: integer(env, 'IMPORT_MAX_QUEUED_JOBS', 8, 1, 1000, problems),
      retentionDays: integer(env, 'IMPORT_RETENTION_DAYS', 30, 1, 3650, problems),
      stagingWorker: flag(env, 'IMPORT_STAGING_WORKER', false, problems),
    },
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** Read replicas (src/shared/replicas.ts, docs/scaling.md). */
export interface ReplicaConfig {
  /** DATABASE_REPLICA_URLS, comma separated: standbys that replay the primary's WAL. */
  urls: string[];
  /** A standby further behind the primary leaves the rotation until it catches up. */
  maxLagMs: number;
  /** How often every standby's replay position (and the primary's WAL position) is read. */
  checkIntervalMs: number;
  /** A check that takes longer fails: the standby is out of rotation until one succeeds. */
  checkTimeoutMs: number;
}

function loadReplicas(env: Env, problems: string[]): ReplicaConfig {
  const urls = (env.DATABASE_REPLICA_URLS ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  urls.forEach((raw, i) => url({ [`DATABASE_REPLICA_URLS[${i + 1}]`]: raw }, `DATABASE_REPLICA_URLS[${i + 1}]`, ['postgres:', 'postgresql:'], problems));
  if (urls.length && !env.DATABASE_URL?.trim()) problems.push('DATABASE_REPLICA_URLS needs DATABASE_URL: the standbys replicate a primary of your own, not the embedded server');
  const checkIntervalMs = integer(env, 'REPLICA_CHECK_INTERVAL_MS', 250, 50, 60_000, problems);
  const checkTimeoutMs = integer(env, 'REPLICA_CHECK_TIMEOUT_MS', 500, 50, 60_000, problems);
  return { urls, maxLagMs: integer(env, 'REPLICA_MAX_LAG_MS', 5000, 100, 3_600_000, problems), checkIntervalMs, checkTimeoutMs };
}
