import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  DirectiveLocation,
  getDirectiveValues,
  getNamedType,
  getOperationAST,
  GraphQLBoolean,
  GraphQLDirective,
  GraphQLEnumType,
  GraphQLInt,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { Maybe } from 'graphql/jsutils/Maybe';

/**
 * Apollo Server's cache hints, declared so the schema is honest about them. `cacheControlPlugin`
 * (below) reads `@cacheControl` on fields and types, takes the most restrictive hint of every
 * field an operation selects, and sets the HTTP `Cache-Control` header from it:
 * `max-age=N, public` when every field allows caching, `no-store` otherwise.
 * The default maxAge is 0, so a field without a hint (every talent, organization, award …)
 * makes the whole response uncacheable: personal data is never cached by accident.
 */
export const CacheControlScope = new GraphQLEnumType({
  name: 'CacheControlScope',
  description: 'Who may cache a response: PUBLIC (shared caches, CDNs) or PRIVATE (the caller only)',
  values: { PUBLIC: {}, PRIVATE: {} },
});

export const cacheControlDirective = new GraphQLDirective({
  name: 'cacheControl',
  description: 'How long (seconds) and by whom a field or type may be cached; see docs/service-map.md',
  locations: [DirectiveLocation.FIELD_DEFINITION, DirectiveLocation.OBJECT, DirectiveLocation.INTERFACE, DirectiveLocation.UNION],
  args: {
    maxAge: { type: GraphQLInt },
    scope: { type: CacheControlScope },
    inheritMaxAge: { type: GraphQLBoolean },
  },
});

/** Public reference data (the service map): shared caches may keep it this long. */
export const PUBLIC_DATA_MAX_AGE_SECONDS = 300;

/** For a root field serving public data, with `@Directive(...)`. */
export const PUBLIC_CACHE_HINT = `@cacheControl(maxAge: ${PUBLIC_DATA_MAX_AGE_SECONDS}, scope: PUBLIC)`;

/**
 * For a type or a field returning an object type, with `@Directive(...)`: take the parent
 * field's hint instead of the default maxAge 0. Only on what public fields return.
 */
export const INHERIT_CACHE_HINT = '@cacheControl(inheritMaxAge: true)';

/** A response's cache policy: how long, and whether shared caches may keep it. */
export interface CachePolicy {
  maxAge: number;
  scope: 'PUBLIC' | 'PRIVATE';
}

interface Hint {
  maxAge?: number;
  scope?: 'PUBLIC' | 'PRIVATE';
  inheritMaxAge?: boolean;
}

const definedOnly = (hint: Hint | undefined): Hint => Object.fromEntries(Object.entries(hint ?? {}).filter(([, v]) => v !== undefined));

function hintOf(node: { astNode?: Maybe<{ directives?: readonly DirectiveNode[] }> } | null | undefined): Hint | undefined {
  return node?.astNode ? (getDirectiveValues(cacheControlDirective, node.astNode) as Hint | undefined) : undefined;
}

/**
 * The cache policy of an operation, read from the `@cacheControl` hints of every field it
 * selects, by the rules of Apollo's cache-control plugin (https://www.apollographql.com/docs/apollo-server/performance/caching):
 * a field's own hint wins over its type's; root fields and fields of a composite type without a
 * hint get maxAge 0 unless they (or their type) say `inheritMaxAge`, then they take the parent's;
 * leaf fields take the parent's. The policy is the smallest maxAge and the narrowest scope.
 *
 * Apollo's plugin finds the same by hooking every field as it resolves, which costs each
 * response time in proportion to its size; this reads the document once (callers memoize it),
 * and over every field the document could select, so it is never less strict than Apollo's.
 */
export function cachePolicyOf(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): CachePolicy {
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return { maxAge: 0, scope: 'PUBLIC' };
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  let maxAge = Infinity;
  let scope: CachePolicy['scope'] = 'PUBLIC';
  const visited = new Set<string>();

  const walk = (type: GraphQLNamedType, selectionSet: SelectionSetNode, parentMaxAge: number | null) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (condition) walk(condition, selection.selectionSet, parentMaxAge);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        const condition = fragment && schema.getType(fragment.typeCondition.name.value);
        // Each fragment once per parent policy: spreads repeat, cycles are refused by validation anyway.
        const key = `${selection.name.value}@${parentMaxAge}`;
        if (fragment && condition && !visited.has(key)) {
          visited.add(key);
          walk(condition, fragment.selectionSet, parentMaxAge);
        }
        continue;
      }
      if (selection.name.value.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
      const field = type.getFields()[selection.name.value];
      if (!field) continue;
      const returns = getNamedType(field.type);
      const composite = isCompositeType(returns);
      // Apollo's order: the type's hint, then whatever the field's own hint sets on top of it.
      const hint = { ...(composite ? hintOf(returns) : undefined), ...definedOnly(hintOf(field)) };
      const inherits = (hint?.inheritMaxAge || !composite) && parentMaxAge !== null;
      const own = hint?.maxAge ?? (inherits ? parentMaxAge : 0);
      maxAge = Math.min(maxAge, own);
      if (hint?.scope === 'PRIVATE') scope = 'PRIVATE';
      if (selection.selectionSet && composite) walk(returns, selection.selectionSet, own);
    }
  };
  walk(root, operation.selectionSet, null);
  return { maxAge: maxAge === Infinity ? 0 : maxAge, scope };
}

/** The `Cache-Control` header of a policy: cacheable for its maxAge, else never stored. */
export function cacheControlHeader({ maxAge, scope }: CachePolicy): string {
  return maxAge > 0 ? `max-age=${maxAge}, ${scope.toLowerCase()}` : 'no-store';
}

/**
 * Sets `Cache-Control` on every GraphQL response from `cachePolicyOf` its operation, memoized
 * per parsed document (Apollo hands the same DocumentNode to every request with the same query
 * text). Responses with errors, batched requests (their operations share one header) and requests
 * that never reached an operation are `no-store`.
 * Replaces Apollo's own plugin, which must then be disabled (ApolloServerPluginCacheControlDisabled).
 */
export function cacheControlPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  const policies = new WeakMap<DocumentNode, Map<string, string>>();
  const headerFor = (schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined) => {
    let byOperation = policies.get(document);
    if (!byOperation) policies.set(document, (byOperation = new Map()));
    const key = operationName ?? '';
    let header = byOperation.get(key);
    if (header === undefined) byOperation.set(key, (header = cacheControlHeader(cachePolicyOf(schema, document, operationName))));
    return header;
  };
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, document, schema, operationName, errors, requestIsBatched }) {
          const body = response.body;
          const failed = errors?.length || (body.kind === 'single' && body.singleResult.errors?.length);
          // A batch's operations share one response head: any of them may hold personal data.
          const header = !document || failed || requestIsBatched ? 'no-store' : headerFor(schema, document, operationName);
          response.http.headers.set('cache-control', header);
        },
      };
    },
  };
}
