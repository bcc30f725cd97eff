import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';

/** Structured JSON logs, one line per event, for the district's log collector. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * What the log knows of the request being served: its id, stamped on every line logged while
 * serving it, and what the access-log line reports (filled in as the request is understood).
 */
export interface RequestLogContext {
  requestId: string;
  role?: string;
  operations: string[];
}

const requestContext = new AsyncLocalStorage<RequestLogContext>();

/** The request being served, if any: to add what the access-log line reports (role, operation). */
export function currentRequest(): RequestLogContext | undefined {
  return requestContext.getStore();
}

/** Runs `work` outside any request, so timers it starts do not stamp one request's id on later lines. */
export function outsideRequest<T>(work: () => T): T {
  return requestContext.exit(work);
}

/** Quoted strings and numbers: the values MikroORM writes into each statement it sends. */
const SQL_LITERALS = /'(?:[^']|'')*'|\b\d+(?:\.\d+)?(?:e[+-]?\d+)?\b|\b(?:true|false)\b/gi;

/**
 * A statement as a template: MikroORM inlines every parameter into the SQL it sends (and knex
 * puts that SQL into the error message), so names, birth years, ciphertexts and lookup hashes
 * would reach the log with a failed write. Literals become `?`; identifiers are kept.
 */
export function statementTemplate(sql: string): string {
  return sql.replace(SQL_LITERALS, '?').replace(/\?(?:, \?)+/g, '?, …').slice(0, 2000);
}

/**
 * A database error's message and detail may quote values (`Key (x)=(...)`, `invalid input
 * syntax for type integer: "..."`, the statement itself): only its class, SQLSTATE, the objects
 * it names and the statement's template (the message before ` - `) reach the log.
 */
function databaseError(error: Error & Record<string, unknown>): Record<string, unknown> {
  const cut = typeof error.message === 'string' ? error.message.lastIndexOf(' - ') : -1;
  const statement = cut > 0 ? statementTemplate(error.message.slice(0, cut)) : undefined;
  const named = Object.fromEntries(['table', 'constraint', 'column', 'routine'].filter((k) => typeof error[k] === 'string').map((k) => [k, error[k]]));
  return { name: error.name, code: error.sqlState ?? error.code, ...(statement ? { statement } : {}), ...named, stack: frames(error) };
}

/** The stack's frames without its first line, which repeats the message. */
function frames(error: Error): string | undefined {
  return error.stack?.split('\n').filter((line) => line.trimStart().startsWith('at ')).join('\n');
}

const isDatabaseError = (error: Error & Record<string, unknown>) => typeof error.sqlState === 'string' || typeof error.routine === 'string' || /Exception$/.test(error.name);

function serializable(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!(value instanceof Error)) out[key] = value;
    else if (isDatabaseError(value as Error & Record<string, unknown>)) out[key] = databaseError(value as Error & Record<string, unknown>);
    else out[key] = { name: value.name, message: value.message, stack: frames(value) };
  }
  return out;
}

export function createLogger(level: LogLevel): Logger {
  const write = (at: Exclude<LogLevel, 'silent'>) => (message: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[at] < ORDER[level]) return;
    const requestId = requestContext.getStore()?.requestId;
    const line = JSON.stringify({ time: new Date().toISOString(), level: at, message, ...(requestId ? { requestId } : {}), ...serializable(fields) });
    (at === 'error' || at === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/**
 * Serves the rest of the request inside its log context, and writes its one access-log line
 * when the response is finished: path (never the query string, which may hold variables),
 * operation names, role, status and duration. `requestId` reads the id already assigned.
 */
export function accessLog(logger: Logger, requestId: (res: Parameters<RequestHandler>[1]) => string): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const { method, path } = req; // read now: mounted routers rewrite req.url while they run
    const context: RequestLogContext = { requestId: requestId(res), operations: [] };
    res.locals.logContext = context;
    res.on('finish', () =>
      requestContext.run(context, () =>
        logger.info('request', {
          method,
          path,
          ...(context.operations.length ? { operations: context.operations } : {}),
          ...(context.role ? { role: context.role } : {}),
          status: res.statusCode,
          durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
        }),
      ),
    );
    requestContext.run(context, next);
  };
}

/**
 * Re-enters the request's log context: body parsing resumes in the socket's context, so a
 * middleware after it (before Apollo) puts the request's own back.
 */
export function keepRequestContext(): RequestHandler {
  return (_req, res, next) => {
    const context = res.locals.logContext as RequestLogContext | undefined;
    if (context) requestContext.run(context, next);
    else next();
  };
}
