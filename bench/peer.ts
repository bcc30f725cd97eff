import { execFileSync, fork } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { RunningApp } from './harness';

/**
 * The peer (issue 13): PostGraphile 4.14.1 with connection-filter (and many-to-many, for a
 * talent's platforms) serving the same database, for the TalentSearch comparison. Bench only:
 * installed on first use into bench/.peer (ignored by git), never a dependency of the app.
 */
const PEER_DIR = join(__dirname, '.peer');
const PEER_PACKAGES = {
  postgraphile: '4.14.1',
  'postgraphile-plugin-connection-filter': '2.3.0',
  '@graphile-contrib/pg-many-to-many': '1.0.2',
};

function ensureInstalled(log: (line: string) => void): void {
  if (existsSync(join(PEER_DIR, 'node_modules', 'postgraphile', 'package.json'))) return;
  log(`installing the peer (${Object.entries(PEER_PACKAGES).map(([n, v]) => `${n}@${v}`).join(', ')}) into bench/.peer`);
  mkdirSync(PEER_DIR, { recursive: true });
  writeFileSync(join(PEER_DIR, 'package.json'), JSON.stringify({ name: 'huigu-bench-peer', private: true, dependencies: PEER_PACKAGES }, null, 2));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--save-exact'], { cwd: PEER_DIR, stdio: 'inherit' });
}

/** PostGraphile in a process of its own on a loopback port (as the API runs in bench/serve.ts). */
export async function startPeer(databaseUrl: string, log: (line: string) => void): Promise<RunningApp> {
  ensureInstalled(log);
  const child = fork(__filename, [], { execArgv: ['-r', '@swc-node/register'], env: { ...process.env, PEER_SERVE: databaseUrl, NODE_ENV: 'production' } });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { baseUrl: string }).baseUrl));
    child.once('exit', (code) => reject(new Error(`peer exited with ${code} before listening`)));
  });
  return { baseUrl, close: () => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM'))) };
}

/** The peer's TalentSearch: the same page, order, nested fields (ciphertexts: it cannot decrypt). */
export const PEER_TALENT_SEARCH = `query TalentSearch($filter: TalentFilter, $first: Int) {
  allTalents(first: $first, orderBy: [INTRODUCED_AT_DESC, ID_DESC], filter: $filter) {
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id name gender birthYear education professionalTitle talentType tier industry engagement overseasExperience introducedAt idNumberCipher phoneCipher
        organizationByOrganizationId { id name kind industry regionByTownCode { code name } }
        platformsByPlatformMembershipTalentIdAndPlatformId(filter: { archivedAt: { isNull: true } }, orderBy: ID_ASC) { nodes { id name type level } }
        awardsByTalentId(orderBy: [YEAR_DESC, ID_ASC]) { nodes { id program amount year } }
      }
    }
  }
}`;

/** Our TalentFilter as the peer's filter: active talents of active employers, the same conditions. */
export function peerFilter(filter: Record<string, unknown>): Record<string, unknown> {
  const organization: Record<string, unknown> = { archivedAt: { isNull: true } };
  const talent: Record<string, unknown> = { archivedAt: { isNull: true }, organizationByOrganizationId: organization };
  const columns: Record<string, string> = { tiers: 'tier', educations: 'education', industries: 'industry' };
  for (const [key, value] of Object.entries(filter)) {
    if (key in columns) talent[columns[key]] = { in: value };
    else if (key === 'orgKinds') organization.kind = { in: value };
    else if (key === 'townCodes') organization.townCode = { in: value };
    else throw new Error(`peerFilter: no mapping for ${key}`);
  }
  return talent;
}

if (process.env.PEER_SERVE) {
  const peerRequire = createRequire(join(PEER_DIR, 'package.json'));
  const { postgraphile } = peerRequire('postgraphile');
  const middleware = postgraphile(process.env.PEER_SERVE, 'public', {
    appendPlugins: [peerRequire('postgraphile-plugin-connection-filter'), peerRequire('@graphile-contrib/pg-many-to-many')],
    graphileBuildOptions: { connectionFilterRelations: true },
    disableQueryLog: true,
    retryOnInitFail: false,
    setofFunctionsContainNulls: false,
  });
  const server = createServer(middleware);
  server.listen(0, '127.0.0.1', () => process.send!({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
}
