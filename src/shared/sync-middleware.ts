import { dirname, join } from 'node:path';
import { AuthenticationError, AuthorizationError, type ResolverData } from 'type-graphql';

/**
 * type-graphql (2.0.0-rc.4) runs a resolver's middlewares, its `@Authorized` check first, as a
 * chain of async functions: every field resolver with a role or a middleware makes about ten
 * promises per call even when each step is synchronous. A nested TalentSearch page calls such
 * resolvers six times a row (idNumber, phone, organization, platforms, awards, organization.town),
 * and those promises, their microtasks, the logger's async-context hook on each (Node 20) and the
 * garbage they leave were the largest share of the API's CPU per row (issue 13's profile).
 *
 * This swaps the two pieces for equivalents that stay synchronous while every step is, and turn
 * into promises only where a step returns one: the dispatcher (`applyMiddlewares`) and the auth
 * middleware. Same order, same checks (the app's one authChecker), same errors
 * (AuthenticationError, AuthorizationError, "next() called multiple times"), same result rule (a
 * middleware's own result unless undefined, then the next one's). A middleware written `async`
 * still works; it just keeps its promise. Middlewares that want the fast path return
 * `next()`'s value as it is when it is not a promise (see PersonalField).
 *
 * type-graphql reads both through its module objects at call time (`helpers_1.applyMiddlewares`)
 * and build time (`auth_middleware_1.AuthMiddleware`), so replacing the exports before
 * buildSchema is enough. They are internal: `installSyncMiddlewareChain` checks that they are
 * where this version keeps them and throws at startup otherwise, so an upgrade cannot silently
 * drop the fast path or break authorization.
 */

/** What a middleware's `next` returns here: the value itself when everything below was synchronous. */
export type SyncAwareNext = () => unknown;

export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

type Middleware = ((action: ResolverData, next: SyncAwareNext) => unknown) & { prototype?: unknown };
type AuthChecker = ((action: ResolverData, roles: unknown[]) => unknown) & { prototype?: unknown };
interface Container {
  getInstance(target: unknown, action: ResolverData): unknown;
}

function applyMiddlewares(container: Container, resolverData: ResolverData, middlewares: Middleware[], handler: () => unknown): unknown {
  if (middlewares.length === 0) return handler();
  let middlewaresIndex = -1;
  const dispatch = (currentIndex: number): unknown => {
    if (currentIndex <= middlewaresIndex) throw new Error('next() called multiple times');
    middlewaresIndex = currentIndex;
    if (currentIndex === middlewares.length) return handler();
    const middleware = middlewares[currentIndex];
    let nextResult: unknown;
    const next = () => {
      const value = dispatch(currentIndex + 1);
      if (isPromiseLike(value)) return Promise.resolve(value).then((settled) => (nextResult = settled));
      return (nextResult = value);
    };
    const run = (fn: Middleware) => {
      const result = fn(resolverData, next);
      return isPromiseLike(result) ? Promise.resolve(result).then((settled) => (settled !== undefined ? settled : nextResult)) : result !== undefined ? result : nextResult;
    };
    if (middleware.prototype === undefined) return run(middleware);
    // A middleware class: type-graphql's container makes (or finds) its instance.
    const instance = container.getInstance(middleware, resolverData);
    const use = (found: unknown) => run(((found as { use: Middleware }).use as Middleware).bind(found));
    return isPromiseLike(instance) ? Promise.resolve(instance).then(use) : use(instance);
  };
  // A throw anywhere in the chain leaves here as it is: graphql-js makes a resolver's synchronous
  // throw the same field error, at the same path, as type-graphql's rejected promise.
  return dispatch(0);
}

function AuthMiddleware(authChecker: AuthChecker, container: Container, authMode: 'error' | 'null', roles: unknown[]): Middleware {
  return (action, next) => {
    const decide = (granted: unknown) => {
      if (!granted) {
        if (authMode === 'null') return null;
        if (authMode === 'error') throw roles.length === 0 ? new AuthenticationError() : new AuthorizationError();
      }
      return next();
    };
    let granted: unknown;
    if (authChecker.prototype) {
      const instance = container.getInstance(authChecker, action);
      const check = (found: unknown) => (found as { check: AuthChecker }).check(action, roles);
      granted = isPromiseLike(instance) ? Promise.resolve(instance).then(check) : check(instance);
    } else {
      granted = authChecker(action, roles);
    }
    return isPromiseLike(granted) ? Promise.resolve(granted).then(decide) : decide(granted);
  };
}

let installed = false;

/** Puts the synchronous-while-possible chain in place; call before buildSchema (idempotent). */
export function installSyncMiddlewareChain(): void {
  if (installed) return;
  // Internal modules of type-graphql's CommonJS build, outside its `exports` map: reached by path.
  const root = dirname(require.resolve('type-graphql'));
  const helpers = require(join(root, 'resolvers', 'helpers.js')) as Record<string, unknown>;
  const auth = require(join(root, 'helpers', 'auth-middleware.js')) as Record<string, unknown>;
  if (typeof helpers.applyMiddlewares !== 'function' || helpers.applyMiddlewares.length !== 4 || typeof auth.AuthMiddleware !== 'function' || auth.AuthMiddleware.length !== 4) {
    throw new Error('type-graphql internals moved (resolvers/helpers applyMiddlewares, helpers/auth-middleware AuthMiddleware): review src/shared/sync-middleware.ts for this version');
  }
  helpers.applyMiddlewares = applyMiddlewares;
  auth.AuthMiddleware = AuthMiddleware;
  installed = true;
}
