import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import request from 'supertest';
import { loadConfig, type AppConfig } from '../src/config';
import { createErrorFormatter } from '../src/shared/error-formatting';
import { querySafety } from '../src/shared/query-safety';

// A tiny schema of our own, shaped like the hub's: Relay connections with `first`, plain lists.
const typeDefs = `#graphql
  scalar JSONObject
  type Query {
    hello: String!
    padding(kb: Int!): String!
    talents(first: Int, after: String): TalentConnection!
    talent(id: ID!): Talent
  }
  type TalentConnection { totalCount: Int! pageInfo: PageInfo! edges: [TalentEdge!]! }
  type TalentEdge { cursor: String! node: Talent! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type Talent {
    id: ID!
    name: String!
    colleagues(first: Int): TalentConnection!
    platforms: [Platform!]!
    tags: [String!]!
    profile: JSONObject
  }
  type Platform { id: ID! name: String! }
`;

const talent = (id: number) => ({ id, name: `talent ${id}`, tags: ['a'] });
const page = (first = 20) => ({
  totalCount: 1000,
  pageInfo: { hasNextPage: true, endCursor: 'c' },
  edges: Array.from({ length: Math.min(first, 3) }, (_, i) => ({ cursor: `c${i}`, node: talent(i + 1) })),
});
const resolvers = {
  Query: {
    hello: () => 'world',
    padding: (_: unknown, args: { kb: number }) => 'x'.repeat(args.kb * 1024),
    talents: (_: unknown, args: { first?: number }) => page(args.first),
    talent: (_: unknown, args: { id: string }) => talent(Number(args.id)),
  },
  Talent: {
    colleagues: (_: unknown, args: { first?: number }) => page(args.first),
    platforms: () => [{ id: 1, name: 'lab' }],
  },
};

async function serve(env: Record<string, string> = {}) {
  const config: AppConfig = loadConfig({ NODE_ENV: 'test', ...env });
  const safety = querySafety(config);
  const apollo = new ApolloServer({
    typeDefs,
    resolvers,
    ...safety.apolloOptions,
    plugins: safety.plugins,
    validationRules: safety.validationRules,
    formatError: createErrorFormatter(() => undefined),
  });
  await apollo.start();
  const app = express();
  app.use('/graphql', ...safety.expressMiddleware, expressMiddleware(apollo));
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    request(app).post('/graphql').set({ 'content-type': 'application/json', ...headers }).send(typeof body === 'string' ? body : JSON.stringify(body));
  return { app, apollo, config, post, query: (query: string, variables?: Record<string, unknown>) => post({ query, variables }) };
}

type Server = Awaited<ReturnType<typeof serve>>;
const codes = (body: { errors?: { extensions?: { code?: string } }[] }) => (body.errors ?? []).map((e) => e.extensions?.code);

/** Nested colleagues, `levels` deep. */
const nested = (levels: number, first = 1): string => {
  let inner = 'id';
  for (let i = 0; i < levels; i++) inner = `colleagues(first: ${first}) { edges { node { ${inner} } } }`;
  return `{ talent(id: 1) { ${inner} } }`;
};

describe('query safety: each attack refused with its own code, and the server answers the next request', () => {
  let server: Server;
  beforeAll(async () => {
    server = await serve({ GRAPHQL_MAX_COST: '5000', HTTP_MAX_RESPONSE_KB: '64' });
  });
  afterAll(() => server.apollo.stop());

  afterEach(async () => {
    const next = await server.query('{ hello }');
    expect(next.status).toBe(200);
    expect(next.body).toEqual({ data: { hello: 'world' } });
  });

  it('an ordinary analyst query passes every limit', async () => {
    const response = await server.query('query Search($n: Int) { talents(first: $n) { totalCount edges { node { id name platforms { id name } tags colleagues(first: 5) { totalCount } } } } }', { n: 20 });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.talents.edges).toHaveLength(3);
  });

  it('depth: refuses a query nested deeper than GRAPHQL_MAX_DEPTH (10) with QUERY_TOO_DEEP', async () => {
    expect((await server.query(nested(2))).body.errors).toBeUndefined(); // depth 8
    const response = await server.query(nested(4)); // depth 14
    expect(response.status).toBe(400);
    expect(codes(response.body)).toEqual(['QUERY_TOO_DEEP']);
    expect(response.body.errors[0].message).toMatch(/depth limit of 10 exceeded, found 14/);
    expect(response.body.data).toBeUndefined();
  });

  it('depth: fragments do not hide nesting', async () => {
    const query = `{ talent(id: 1) { ...A } }
      fragment A on Talent { colleagues { edges { node { ...B } } } }
      fragment B on Talent { colleagues { edges { node { ...C } } } }
      fragment C on Talent { colleagues { edges { node { ...D } } } }
      fragment D on Talent { colleagues { edges { node { id } } } }`;
    expect(codes((await server.query(query)).body)).toContain('QUERY_TOO_DEEP');
  });

  it('cost: first: 100 inside first: 100 costs 10,000 and is refused above GRAPHQL_MAX_COST with the cost and the limit', async () => {
    const response = await server.query('{ talents(first: 100) { edges { node { colleagues(first: 100) { edges { node { id } } } } } } }');
    expect(response.status).toBe(400);
    expect(codes(response.body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(response.body.errors[0].message).toBe(
      'Query cost 10000 exceeds the limit of 5000 (list sizes multiply: ask for smaller pages or fewer nested lists)',
    );
  });

  it('cost: judged per request with its variables, although Apollo caches validation per document', async () => {
    const query = 'query Q($outer: Int, $inner: Int) { talents(first: $outer) { edges { node { colleagues(first: $inner) { edges { node { id } } } } } } }';
    expect((await server.query(query, { outer: 10, inner: 10 })).body.errors).toBeUndefined();
    const big = await server.query(query, { outer: 100, inner: 100 });
    expect(codes(big.body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(big.body.errors[0].message).toMatch(/^Query cost 10000 /);
    expect((await server.query(query, { outer: 50, inner: 100 })).body.errors).toBeUndefined(); // 5000
    // Costs are remembered per document and variables: a repeat is judged the same, either way.
    expect(codes((await server.query(query, { outer: 100, inner: 100 })).body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect((await server.query(query, { outer: 10, inner: 10 })).body.errors).toBeUndefined();
  });

  it('cost: absent `first` counts as 20, plain lists of objects as 10, aliases add up', async () => {
    // 20 × 10 platforms = 200 per alias; 26 aliases would pass the cost but not the alias limit,
    // so use nesting: talents(default 20) × colleagues(first: 30) × platforms(10) = 6000.
    const response = await server.query('{ talents { edges { node { colleagues(first: 30) { edges { node { platforms { id } } } } } } } }');
    expect(response.body.errors[0].message).toMatch(/^Query cost 6000 /);
  });

  it('cost: a JSON document field (JSONObject) without its own price costs as a plain list of objects, not 0', async () => {
    // 100 × 10 colleagues × 10 for the document: over 5000. Priced 0 it would have cost 1000.
    const response = await server.query('{ talents(first: 100) { edges { node { colleagues(first: 10) { edges { node { profile } } } } } } }');
    expect(response.body.errors[0].message).toMatch(/^Query cost 10000 /);
  });

  it('cost: the operations of a batch share one budget; an operation that would exceed it is refused, the others run', async () => {
    const half = '{ talents(first: 50) { edges { node { colleagues(first: 50) { edges { node { id } } } } } } }'; // 2500
    const response = await server.post([{ query: half }, { query: half }, { query: half }]);
    const refused = (response.body as { errors?: { message: string; extensions: { code: string } }[] }[]).filter((r) => r.errors);
    expect(refused).toHaveLength(1);
    expect(refused[0].errors![0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(refused[0].errors![0].message).toBe('Query cost 2500 brings the batch to 7500, over the limit of 5000 per request (send fewer or smaller operations)');
    // The budget is per HTTP request: the next one starts afresh.
    expect((await server.post([{ query: half }, { query: half }])).body.every((r: { errors?: unknown }) => !r.errors)).toBe(true);
  });

  it('aliases: refuses more than GRAPHQL_MAX_ALIASES (15) with TOO_MANY_ALIASES', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: hello`).join(' ');
    const response = await server.query(`{ ${aliases} }`);
    expect(response.status).toBe(400);
    expect(codes(response.body)).toEqual(['TOO_MANY_ALIASES']);
  });

  it('aliases: an alias named __typename and aliases of __typename count (armor exempts both by default)', async () => {
    const typenames = await server.query(`{ ${Array.from({ length: 600 }, (_, i) => `t${i}: __typename`).join(' ')} }`);
    expect(typenames.status).toBe(400);
    expect(codes(typenames.body)).toEqual(['TOO_MANY_ALIASES']);
    const named = await server.query(`{ __typename: talents { totalCount } ${Array.from({ length: 15 }, (_, i) => `a${i}: hello`).join(' ')} }`);
    expect(codes(named.body)).toEqual(['TOO_MANY_ALIASES']);
  });

  it('response size: a response over HTTP_MAX_RESPONSE_KB is replaced by RESPONSE_TOO_LARGE (400), a batch counted whole', async () => {
    expect((await server.query('{ padding(kb: 60) }')).body.data.padding).toHaveLength(60 * 1024);
    const large = await server.query('{ padding(kb: 70) }');
    expect(large.status).toBe(400);
    expect(large.headers['cache-control']).toBe('no-store');
    expect(large.body).toEqual({
      errors: [{ message: `The response would exceed the limit of ${64 * 1024} bytes: ask for fewer or smaller fields, pages or layers`, extensions: { code: 'RESPONSE_TOO_LARGE', limit: 64 * 1024 } }],
    });
    const batch = await server.post([{ query: '{ padding(kb: 40) }' }, { query: '{ padding(kb: 40) }' }]);
    expect(codes(batch.body)).toEqual(['RESPONSE_TOO_LARGE']);
  });

  it('repeated fields: refuses a field repeated more than GRAPHQL_MAX_REPEATED_FIELDS (10) times with TOO_MANY_REPEATED_FIELDS', async () => {
    const response = await server.query(`{ ${'hello '.repeat(500)} }`);
    expect(response.status).toBe(400);
    expect(codes(response.body)).toContain('TOO_MANY_REPEATED_FIELDS');
    expect(response.body.errors.find((e: { extensions: { code: string } }) => e.extensions.code === 'TOO_MANY_REPEATED_FIELDS').message).toMatch(
      /Field "hello" is selected 500 times in one selection set; the limit is 10/,
    );
  });

  it('repeated fields: counted through inline fragments and fragment spreads too', async () => {
    const inline = `{ ${'... on Query { hello } '.repeat(11)} }`;
    expect(codes((await server.query(inline)).body)).toContain('TOO_MANY_REPEATED_FIELDS');
    const spreads = `{ talent(id: 1) { ${'...F '.repeat(11)} } } fragment F on Talent { id }`;
    expect(codes((await server.query(spreads)).body)).toContain('TOO_MANY_REPEATED_FIELDS');
    expect((await server.query(`{ talent(id: 1) { id ...F } } fragment F on Talent { id name }`)).body.errors).toBeUndefined();
  });

  it('directives: refuses more than GRAPHQL_MAX_DIRECTIVES (20) with TOO_MANY_DIRECTIVES', async () => {
    const response = await server.query(`{ hello ${'@include(if: true) '.repeat(21)} }`);
    expect(response.status).toBe(400);
    // graphql-js adds its own complaint about repeating @include at one location.
    expect(codes(response.body)[0]).toBe('TOO_MANY_DIRECTIVES');
    expect(response.body.errors[0].message).toMatch(/Directives limit of 20 exceeded, found 21/);
  });

  it('tokens: refuses a document of more than GRAPHQL_MAX_TOKENS (2000) tokens with TOO_MANY_TOKENS before parsing it whole', async () => {
    const response = await server.query(`{ ${Array.from({ length: 1500 }, (_, i) => `f${i}: hello`).join(' ')} }`);
    expect(response.status).toBe(400);
    expect(codes(response.body)).toEqual(['TOO_MANY_TOKENS']);
    expect(response.body.errors[0].message).toMatch(/more than 2000 tokens/);
  });

  it('circular fragments are refused by graphql-js (NoFragmentCyclesRule)', async () => {
    const response = await server.query('{ talent(id: 1) { ...A } } fragment A on Talent { colleagues { edges { node { ...B } } } } fragment B on Talent { ...A }');
    expect(response.status).toBe(400);
    expect(codes(response.body)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(response.body.errors.map((e: { message: string }) => e.message).join('\n')).toMatch(/Cannot spread fragment "A" within itself/);
  });

  it('batches: up to GRAPHQL_MAX_BATCH (10) operations run; more are refused with BATCH_TOO_LARGE', async () => {
    const ok = await server.post(Array.from({ length: 10 }, () => ({ query: '{ hello }' })));
    expect(ok.status).toBe(200);
    expect(ok.body).toHaveLength(10);
    const response = await server.post(Array.from({ length: 11 }, () => ({ query: '{ hello }' })));
    expect(response.status).toBe(400);
    expect(codes(response.body)).toEqual(['BATCH_TOO_LARGE']);
    expect(response.body.errors[0].message).toBe('A batched request may hold at most 10 operations, got 11');
  });

  it('body size: refuses bodies over HTTP_MAX_BODY_KB (256) with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await server.post({ query: '{ hello }', variables: { pad: 'x'.repeat(300 * 1024) } });
    expect(response.status).toBe(413);
    expect(codes(response.body)).toEqual(['PAYLOAD_TOO_LARGE']);
  });

  it('malformed JSON is a 400 with a JSON error, not an HTML page', async () => {
    const response = await server.post('{"query": "{ hello }"');
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/json/);
    expect(codes(response.body)).toEqual(['BAD_REQUEST']);
  });

  it('CSRF prevention: a simple cross-site GET without a preflight header is refused', async () => {
    const response = await request(server.app).get('/graphql').query({ query: '{ hello }' });
    expect(response.status).toBe(400);
    expect(response.text).toMatch(/CSRF/);
    const allowed = await request(server.app).get('/graphql').query({ query: '{ hello }' }).set('apollo-require-preflight', 'true');
    expect(allowed.body).toEqual({ data: { hello: 'world' } });
  });

  it('introspection is on outside production (analysts explore the schema)', async () => {
    expect((await server.query('{ __schema { queryType { name } } }')).body.data.__schema.queryType.name).toBe('Query');
  });

  it('a variable that does not coerce is an ordinary BAD_USER_INPUT, not a bypass of the cost limit', async () => {
    const response = await server.query('query Q($n: Int) { talents(first: $n) { totalCount } }', { n: 'many' });
    expect(codes(response.body)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('query safety in production', () => {
  let server: Server;
  const production = {
    NODE_ENV: 'production',
    JWT_JWKS_URL: 'https://idp.example/jwks',
    JWT_ISSUER: 'https://idp.example',
    JWT_AUDIENCE: 'huigu',
    PII_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
  };
  afterEach(() => server.apollo.stop());

  it('introspection is off unless INTROSPECTION=true', async () => {
    server = await serve(production);
    const response = await server.query('{ __schema { types { name } } }');
    expect(response.status).toBe(400);
    expect(codes(response.body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(response.body.errors[0].message).toMatch(/introspection is not allowed/);
    expect((await server.query('{ hello }')).body).toEqual({ data: { hello: 'world' } });
  });

  it('INTROSPECTION=true turns it on', async () => {
    server = await serve({ ...production, INTROSPECTION: 'true' });
    expect((await server.query('{ __schema { queryType { name } } }')).body.data).toBeTruthy();
  });

  it('errors give no field suggestions and no stack', async () => {
    server = await serve(production);
    const response = await server.query('{ talentz { totalCount } }');
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).not.toMatch(/Did you mean|talents|stacktrace/);
  });
});

describe('limits follow configuration', () => {
  it('GRAPHQL_MAX_* and GRAPHQL_MAX_BATCH=1 (batching off)', async () => {
    const server = await serve({ GRAPHQL_MAX_DEPTH: '3', GRAPHQL_MAX_ALIASES: '1', GRAPHQL_MAX_BATCH: '1' });
    try {
      expect(codes((await server.query(nested(1))).body)).toEqual(['QUERY_TOO_DEEP']);
      expect(codes((await server.query('{ a: hello b: hello }')).body)).toEqual(['TOO_MANY_ALIASES']);
      const batch = await server.post([{ query: '{ hello }' }, { query: '{ hello }' }]);
      expect(codes(batch.body)).toEqual(['BATCH_TOO_LARGE']);
    } finally {
      await server.apollo.stop();
    }
  });
});
