import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { buildSchema } from 'graphql';
import { Pool, types } from 'pg';
import { maskIdNumber, maskPhone } from '../src/shared/personal-data';
import { createKeyring } from '../src/shared/pii/keyring';
import { decryptPersonal } from '../src/shared/pii/personal-data-cipher';
import { encodeCursor, keysetOrder } from '../src/shared/pagination/keyset';
import { toPositional, type ReadStatement } from '../src/shared/read-sql';
import type { RunningApp } from './harness';

/**
 * The floor beneath the API (issue 13), bench only: node:http + pg, no GraphQL, no ORM. For
 * TalentSearch request i it sends the API's own statements (built by the API's builders in the
 * bench process, handed over on start), prepared and with the same bind parameters, in the same
 * overlap (the page; then organizations with their towns, platforms and awards side by side), and
 * returns the JSON the API returns for the same query as an ANALYST (masked personal fields).
 */
export interface FloorStatements {
  /** The page statements of each filter, by page size. */
  pages: Record<number, ReadStatement[]>;
  /** Each takes one binding, an int[] literal of the keys. */
  organizations: string;
  platforms: string;
  awards: string;
  piiKey: string;
}

type Row = Record<string, any>;

/** A floor in a process of its own (as the API runs in bench/serve.ts), serving what it is handed. */
export async function startFloor(databaseUrl: string, statements: FloorStatements | StatementSets, options: { throughStack?: boolean } = {}): Promise<RunningApp> {
  const env = { ...process.env, FLOOR_SERVE: databaseUrl, NODE_ENV: 'production', ...(options.throughStack ? { FLOOR_STACK: '1' } : {}) };
  const child = fork(__filename, [], { execArgv: ['-r', '@swc-node/register'], env });
  child.send(statements);
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { baseUrl: string }).baseUrl));
    child.once('exit', (code) => reject(new Error(`floor exited with ${code} before listening`)));
  });
  return { baseUrl, close: () => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM'))) };
}

/**
 * The floor of the other lines (the service map, analytics): request i runs the statements of
 * set i (modulo the count), side by side as the API sends them, prepared, and answers
 * `{ "data": [rows of each] }`. Not the API's JSON (it skips the shaping: labels, coordinates,
 * cursors, disclosure), so it is a lower floor than TalentSearch's: a ratio to it is harder to meet.
 */
export interface StatementSets {
  sets: ReadStatement[][];
  /** Texts with their values inlined, sent in a simple query, as MikroORM's `execute` sends them (the aggregates). */
  simple?: boolean;
}

/** The `talents` connection of TalentSearch request i at page size `first`, as the API answers it. */
type TalentSearchAnswer = (i: number, first: number) => Promise<Row>;

function talentSearchAnswer(s: FloorStatements, pool: Pool): TalentSearchAnswer {
  const rows = (sql: string, bindings: unknown[]) => pool.query(toPositional({ sql, bindings })).then((r) => r.rows as Row[]);
  const order = keysetOrder([{ field: 'introducedAt', direction: 'desc' }]);
  const keyring = createKeyring({ currentKey: Buffer.from(s.piiKey, 'base64') });
  const by = <T>(list: Row[], key: string, map: (r: Row) => T) => list.reduce((m, r) => m.set(r[key], [...(m.get(r[key]) ?? []), map(r)]), new Map<unknown, T[]>());
  return async (i, first) => {
    const statement = s.pages[first][i % s.pages[first].length];
    const found = await rows(statement.sql, [...statement.bindings]);
    const page = found.slice(0, first);
    const ids = `{${page.map((t) => t.id).join(',')}}`;
    const [orgs, platforms, awards] = await Promise.all([
      rows(s.organizations, [`{${[...new Set(page.map((t) => t.organization))].join(',')}}`]),
      rows(s.platforms, [ids]),
      rows(s.awards, [ids]),
    ]);
    const org = new Map(orgs.map((o) => [o.id, { id: String(o.id), name: o.name, kind: o.kind, industry: o.industry, town: { code: o.town, name: o.townName } }]));
    const platformsOf = by(platforms, 'memberId', (p) => ({ id: String(p.id), name: p.name, type: p.type, level: p.level }));
    const awardsOf = by(awards, 'talent', (a) => ({ id: String(a.id), program: a.program, amount: a.amount, year: a.year }));
    const edges = page.map((t) => ({
      cursor: encodeCursor(order, [t.introducedAt, t.id]),
      node: {
        id: String(t.id), name: t.name, gender: t.gender, birthYear: t.birthYear, education: t.education, professionalTitle: t.professionalTitle, talentType: t.talentType,
        tier: t.tier, industry: t.industry, engagement: t.engagement, overseasExperience: t.overseasExperience, introducedAt: t.introducedAt,
        idNumber: maskIdNumber(decryptPersonal(keyring, 'idNumber', t.idNumberCipher)), phone: maskPhone(decryptPersonal(keyring, 'phone', t.phoneCipher)),
        organization: org.get(t.organization), platforms: platformsOf.get(t.id) ?? [], awards: awardsOf.get(t.id) ?? [],
      },
    }));
    return { pageInfo: { hasNextPage: found.length > first, endCursor: edges.at(-1)?.cursor ?? null }, edges };
  };
}

if (process.env.FLOOR_SERVE) {
  types.setTypeParser(1082, (date) => date); // dates as text, as MikroORM sets pg up for the API
  const pool = new Pool({ connectionString: process.env.FLOOR_SERVE, max: 10 });
  process.once('message', (message: FloorStatements | StatementSets) => {
    const throughStack = Boolean(process.env.FLOOR_STACK);
    if ('sets' in message) {
      const answer = statementSetsAnswer(message, pool);
      return void (throughStack ? serveThroughStack(STATEMENT_SETS_SDL, { floor: ({ i }: { i: number }) => answer(i) }) : servePlain(({ i }) => answer(i)));
    }
    const answer = talentSearchAnswer(message, pool);
    const talents = ({ i, first }: { i: number; first: number }) => answer(i, first);
    return void (throughStack ? serveThroughStack(TALENT_SEARCH_SDL, { talents }) : servePlain((variables) => talents(variables as never).then((page) => ({ talents: page }))));
  });
}

/** The plain floor: node:http answering `{ "data": … }` for the POSTed variables. */
function servePlain(answer: (variables: Record<string, number>) => Promise<unknown>): void {
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = JSON.stringify({ data: await answer(JSON.parse(Buffer.concat(chunks).toString()).variables) });
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
  server.listen(0, '127.0.0.1', () => process.send!({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
}

/**
 * The stack floor: the floor's statements and rows served through the API's stack (Express 5,
 * Apollo Server 5, graphql-js) with none of the API's own code: a schema of the answer's shape
 * whose one resolver returns the floor's answer, default resolvers below it, no plugins. What the
 * API costs above it is the API's own; what it costs above the floor, no API on this stack avoids.
 */
async function serveThroughStack(sdl: string, rootValue: Record<string, (args: never) => unknown>): Promise<void> {
  // Compact JSON, as the API writes it.
  const apollo = new ApolloServer({ schema: buildSchema(sdl), rootValue, stringifyResult: (value) => JSON.stringify(value) });
  await apollo.start();
  const app = express();
  app.use('/graphql', express.json(), expressMiddleware(apollo));
  const server = app.listen(0, '127.0.0.1', () => process.send!({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
}

/** TalentSearch's shape, asked by filter index and page size (STACK_FLOOR_QUERY in talents.ts). */
const TALENT_SEARCH_SDL = `
type Town { code: String name: String }
type Organization { id: ID name: String kind: String industry: String town: Town }
type Platform { id: ID name: String type: String level: String }
type Award { id: ID program: String amount: String year: Int }
type Talent {
  id: ID name: String gender: String birthYear: Int education: String professionalTitle: String talentType: String tier: String industry: String
  engagement: String overseasExperience: Boolean introducedAt: String idNumber: String phone: String
  organization: Organization platforms: [Platform!]! awards: [Award!]!
}
type TalentEdge { cursor: String! node: Talent! }
type PageInfo { hasNextPage: Boolean! endCursor: String }
type TalentConnection { pageInfo: PageInfo! edges: [TalentEdge!]! }
type Query { talents(i: Int!, first: Int!): TalentConnection! }`;

/** The other lines' rows, as one value (a scalar passes them through as they are). */
const STATEMENT_SETS_SDL = 'scalar Rows\ntype Query { floor(i: Int!): Rows }';

/** The stack floor's query for the other lines: `graphql(url, STACK_FLOOR_SETS_QUERY, (i) => ({ i }))`. */
export const STACK_FLOOR_SETS_QUERY = 'query Floor($i: Int!) { floor(i: $i) }';

/** The rows of each statement of set i (modulo the count), sent side by side. */
function statementSetsAnswer({ sets, simple }: StatementSets, pool: Pool): (i: number) => Promise<Row[][]> {
  return (i) => Promise.all(sets[i % sets.length].map((statement) => (simple ? pool.query(statement.sql) : pool.query(toPositional(statement))).then((r) => r.rows)));
}
