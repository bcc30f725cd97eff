import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import fc from 'fast-check';
import { astFromValue, buildSchema, getNamedType, isObjectType, print, type GraphQLArgument, type GraphQLField } from 'graphql';
import { Client } from 'pg';
import request from 'supertest';
import type { TestApp } from './helpers/app';
import { argumentsOf, forgedCursors, selectionOf } from './helpers/hostile-values';
import { createScratchHub } from './helpers/scratch-hub';

/**
 * Schema-driven fuzzing (issue 12): hostile values for every argument of every root Query and
 * Mutation field, as every role, generated from the committed schema alone, so a new field or
 * argument is fuzzed without anyone listing it. Each case must get data or coded errors (never
 * INTERNAL_SERVER_ERROR), leak nothing (stack, SQL, paths), write nothing when refused, and
 * leave the server answering.
 *
 * `npm test` runs a bounded, reproducible run (FUZZ_RUNS cases in all, default 2,500, seed 12);
 * `npm run fuzz` a longer one with a fresh seed. The seed is printed: FUZZ_SEED=<seed> replays it.
 */
const LONG = process.env.FUZZ_MODE === 'long';
const RUNS = Number(process.env.FUZZ_RUNS ?? (LONG ? 30_000 : 2_500));
const SEED = Number(process.env.FUZZ_SEED ?? (LONG ? Date.now() % 2 ** 31 : 12));

const schema = buildSchema(readFileSync(join(__dirname, '..', 'schema', 'schema.graphql'), 'utf8'));
const mutationType = schema.getMutationType()!;
const FIELDS = [schema.getQueryType()!, mutationType].flatMap((root) => Object.values(root.getFields()).map((field) => ({ root, field })));
const ROLES = ['PUBLIC', 'DASHBOARD', 'ANALYST', 'ADMIN', 'ORG_MANAGER'] as const;
type FuzzRole = (typeof ROLES)[number];
const RUNS_PER_FIELD = Math.max(1, Math.ceil(RUNS / FIELDS.length));

/** `$name: Type = default` for each argument, so an omitted variable behaves as an omitted argument. */
function variableDefinition(arg: GraphQLArgument): string {
  const fallback = arg.defaultValue === undefined ? null : astFromValue(arg.defaultValue, arg.type);
  return `$${arg.name}: ${String(arg.type)}${fallback ? ` = ${print(fallback)}` : ''}`;
}

function operationOf(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const definitions = field.args.map(variableDefinition).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  return `${kind} Fuzz${definitions ? `(${definitions})` : ''} { ${field.name}${args ? `(${args})` : ''} ${selectionOf(field.type)} }`;
}

const LEAKS: [string, RegExp][] = [
  ['a stack trace', /\n\s+at\s|stacktrace|\bat (async )?[\w.<>]+ \(/i],
  ['a file path', /node_modules|\/work\/|\/src\/|\/home\/|\/tmp\/|\.(ts|js):\d+/],
  ['SQL', /\bselect\b|\binsert\b|\bupdate\s+"?\w+"?\s+set\b|\bdelete\s+from\b|sqlstate|violates|relation "|syntax error at or near/i],
];

interface Body {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: unknown } }[];
}

/** What is wrong with a response, if anything. */
function problemsOf(status: number, body: Body): string[] {
  const problems: string[] = [];
  if (status >= 500) problems.push(`HTTP ${status}`);
  if (!body || (body.data === undefined && !body.errors?.length)) problems.push('neither data nor errors');
  for (const error of body?.errors ?? []) {
    const code = error.extensions?.code;
    if (typeof code !== 'string') problems.push(`an error without a code: ${error.message.slice(0, 200)}`);
    else if (code === 'INTERNAL_SERVER_ERROR') problems.push(`INTERNAL_SERVER_ERROR: ${error.message.slice(0, 200)}`);
  }
  const errors = JSON.stringify(body?.errors ?? []);
  for (const [what, pattern] of LEAKS) if (pattern.test(errors)) problems.push(`${what} in the errors: ${errors.slice(0, 300)}`);
  return problems;
}

/** Refused: an error and no result, or a payload listing field errors. */
function refused(body: Body, field: string): boolean {
  const result = body.data?.[field] as { errors?: unknown[] } | null | undefined;
  return result == null || (Array.isArray(result.errors) && result.errors.length > 0);
}

describe('fuzzing every root field from the schema', () => {
  let hub: TestApp;
  // One listening server for the run: supertest would otherwise open one per request.
  let server: Server;
  let db: Client;
  let checksumSql: string;
  const tokens = new Map<FuzzRole, string | undefined>();
  const cursors: string[] = [];

  const post = (document: string, variables: Record<string, unknown>, role: FuzzRole) => {
    const call = request(server).post('/graphql').set('content-type', 'application/json');
    const token = tokens.get(role);
    if (token) call.set('authorization', token);
    return call.send({ query: document, variables });
  };
  const checksum = async () => (await db.query<{ sum: string }>(checksumSql)).rows[0].sum;

  beforeAll(async () => {
    console.log(`fuzz: ${FIELDS.length} root fields × ${RUNS_PER_FIELD} cases, seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
    hub = await createScratchHub('huigu_fuzz');
    server = createServer(hub.app).listen(0, '127.0.0.1');
    db = new Client({ connectionString: hub.config.databaseUrl! });
    await db.connect();
    // Every table's rows, hashed in a stable order: a refused write must leave all of them alone.
    const { rows } = await db.query<{ name: string }>(
      `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'mikro_orm%' order by 1`,
    );
    checksumSql = `select md5(concat_ws('|', ${rows.map(({ name }) => `(select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) from "${name}" x)`).join(', ')})) as sum`;
    for (const role of ROLES) tokens.set(role, role === 'PUBLIC' ? undefined : await hub.bearer(role));
    // Cursors the API really issues, from every root connection: the raw material of forged ones.
    for (const { field } of FIELDS.filter(({ root }) => root !== mutationType)) {
      const type = getNamedType(field.type);
      if (!isObjectType(type) || !type.getFields().edges || field.args.some((a) => String(a.type).endsWith('!'))) continue;
      const response = await post(`{ ${field.name} { edges { cursor } } }`, {}, 'ADMIN');
      for (const edge of (response.body.data?.[field.name]?.edges ?? []).slice(0, 2)) cursors.push(edge.cursor);
    }
  }, 120_000);

  afterAll(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await db?.end();
    await hub?.close();
  });

  it('issues cursors to forge', () => {
    expect(cursors.length).toBeGreaterThan(0);
  });

  it.each(FIELDS.map(({ root, field }) => [`${root.name}.${field.name}`, root === mutationType, field] as const))(
    '%s: coded errors only, no leak, nothing written when refused, still answering',
    async (_name, isMutation, field) => {
      const document = operationOf(isMutation ? 'mutation' : 'query', field);
      const options = { cursors: cursors.length ? fc.oneof(...cursors.map((c) => fc.oneof(fc.constant(c), forgedCursors(c)))) : null };
      // The database as the previous case left it: only mutations write (besides audit rows of
      // queries, which run in other tests), so one checksum per case compares before and after.
      let before = isMutation ? await checksum() : null;
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...ROLES), argumentsOf(field.args, options), async (role, variables) => {
          const response = await post(document, variables, role);
          const problems = problemsOf(response.status, response.body);
          if (isMutation) {
            const after = await checksum();
            if (refused(response.body, field.name) && after !== before) problems.push('a refused mutation wrote to the database');
            before = after;
          }
          const alive = await post('{ __typename }', {}, 'PUBLIC');
          if (alive.status !== 200 || alive.body.data?.__typename !== 'Query') problems.push(`the server stopped answering (HTTP ${alive.status})`);
          if (problems.length) throw new Error(`${field.name} as ${role}: ${problems.join('; ')}`);
        }),
        { numRuns: RUNS_PER_FIELD, seed: SEED },
      );
    },
    LONG ? 3_600_000 : 60_000,
  );
});
