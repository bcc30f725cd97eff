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
  /** Smallest count a published aggregate cell may show to callers who cannot read records. */
  suppressionThreshold: number;
  redisUrl: string | null;
  logLevel: LogLevel;
}

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
    suppressionThreshold: integer(env, 'SUPPRESSION_K', 5, 2, 100, problems),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:'], problems),
    logLevel: oneOf(env, 'LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'] as const, nodeEnv === 'test' ? 'warn' : 'info', problems),
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}
