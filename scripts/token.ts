import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/config';
import { DevTokenRefused, mintDevelopmentToken } from '../src/shared/auth/dev-token';

/**
 * `npm run token -- --role ANALYST [--sub alice] [--ttl 1h]` (ORG_MANAGER also `--org 12`, the id of
 * the organization it manages): prints a development bearer token
 * (HS256 under JWT_SECRET, or the development default outside production). Use it as
 * `Authorization: Bearer $(npm run -s token -- --role ANALYST)`.
 */
async function main() {
  const { values } = parseArgs({
    options: { role: { type: 'string' }, sub: { type: 'string' }, ttl: { type: 'string' }, org: { type: 'string' } },
    strict: true,
  });
  if (!values.role) throw new DevTokenRefused('usage: npm run token -- --role DASHBOARD|ANALYST|ADMIN|ORG_MANAGER [--org 12] [--sub alice] [--ttl 1h]');
  if (process.env.NODE_ENV?.trim() === 'production') {
    throw new DevTokenRefused('refusing to mint a token with NODE_ENV=production: production tokens come from the identity provider');
  }
  const config = loadConfig();
  const token = await mintDevelopmentToken(config, { role: values.role, sub: values.sub, ttl: values.ttl, org: values.org });
  if (config.auth.jwtSecretIsDevelopmentDefault) {
    process.stderr.write('note: signed with the built-in development secret (JWT_SECRET is unset); valid only for a server without JWT_SECRET outside production\n');
  }
  process.stdout.write(`${token}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof DevTokenRefused || error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
});
