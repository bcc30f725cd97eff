/** What an error, or one it wraps, may carry: node-postgres's SQLSTATE `code`, a message, and the wrapped error. */
export type Cause = { code?: unknown; message?: unknown; cause?: unknown; previous?: unknown };

/** Whether the error or one of its causes (MikroORM and graphql-js wrap errors, as `cause` or `previous`) matches. */
export function someCause(error: unknown, test: (e: Cause) => boolean): boolean {
  for (let e = error as Cause | undefined, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if (test(e)) return true;
    e = (e.cause ?? e.previous) as Cause | undefined;
  }
  return false;
}

/** Whether PostgreSQL failed the statement with this SQLSTATE, however the driver and ORM wrapped it. */
export const hasSqlState = (error: unknown, sqlState: string): boolean => someCause(error, (e) => e.code === sqlState);
