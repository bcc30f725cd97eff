import { DirectiveLocation, GraphQLBoolean, GraphQLDirective, GraphQLEnumType, GraphQLInt } from 'graphql';

/**
 * Apollo Server's cache hints, declared so the schema is honest about them. Apollo's cache
 * control plugin (always on) reads `@cacheControl` on fields and types, takes the most
 * restrictive hint of every field a response resolved, and sets the HTTP `Cache-Control`
 * header from it: `max-age=N, public` when every field allows caching, `no-store` otherwise.
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
