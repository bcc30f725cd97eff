/**
 * The Redis tests may use: TEST_REDIS_URL, set by global setup (CI exports db 15 of the
 * machine's server; else the same default), which probes it once. Tests that need it are
 * skipped visibly, with the reason in their name and a warning, when it does not answer
 * (never passed vacuously).
 */
export const testRedisUrl = process.env.TEST_REDIS_URL!;

/** Why Redis tests cannot run, as found by global setup; null when Redis answered. */
export const redisMissing: string | null = process.env.TEST_REDIS_MISSING || null;

function skipped<T extends (name: string, ...rest: any[]) => unknown>(run: T, skip: T): T {
  if (!redisMissing) return run;
  return ((name: string, ...rest: any[]) => {
    console.warn(`skipped "${name}": ${redisMissing}`);
    return skip(`${name} [skipped: ${redisMissing}]`, ...rest);
  }) as T;
}

/** `describe` / `it` for tests that need Redis: skipped, saying why, when it is not reachable. */
export const describeWithRedis = skipped(describe, describe.skip);
export const itWithRedis = skipped(it, it.skip);
