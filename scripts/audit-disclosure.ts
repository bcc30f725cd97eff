import { ApolloServer } from '@apollo/server';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppConfig } from '../src/config';
import { createContext, type RequestContext } from '../src/context';
import { createAnalyticsShared } from '../src/modules/analytics/analytics.factory';
import { Role } from '../src/shared/auth/roles';
import type { Viewer } from '../src/shared/auth/viewer';
import { createLogger } from '../src/shared/logger';
import type { Orm } from '../src/shared/orm';
import { keyringFromConfig } from '../src/shared/pii/keyring';
import { buildHubSchema } from '../src/schema';
import { describeAttack, runDisclosureAttack, type Ask } from './disclosure-attack';
import { runScript } from './run-script';

/**
 * `npm run audit:disclosure [scale]`: our attacker (scripts/disclosure-attack.ts) against the
 * current database, larger than the test's run (scale 3 unless given), through the API's own
 * schema and services in this process: PUBLIC and DASHBOARD attack, ANALYST scores. Reads only.
 */
runScript(async (orm, config) => {
  const scale = Number(process.argv[2] ?? 3);
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`scale must be a whole number of at least 1, got "${process.argv[2]}"`);
  const apollo = new ApolloServer<RequestContext>({ schema: await buildHubSchema() });
  await apollo.start();
  try {
    await audit(orm, config, apollo, scale);
  } finally {
    await apollo.stop();
  }
});

async function audit(orm: Orm, config: AppConfig, apollo: ApolloServer<RequestContext>, scale: number): Promise<void> {
  const analytics = createAnalyticsShared(config, createLogger('warn'), null);
  const keyring = keyringFromConfig(config.pii);
  const as =
    (viewer: Viewer): Ask =>
    async (query, variables) => {
      const contextValue = createContext(orm, config, analytics, { viewer, keyring });
      const response = await apollo.executeOperation({ query, variables }, { contextValue });
      if (response.body.kind !== 'single') throw new Error('the attack sends no incremental operations');
      (contextValue.em as EntityManager).clear();
      return response.body.singleResult as Awaited<ReturnType<Ask>>;
    };
  const started = Date.now();
  let turn = 0;
  const [publicApp, dashboard] = [as({ role: Role.PUBLIC, subject: null }), as({ role: Role.DASHBOARD, subject: 'disclosure-audit' })];
  const report = await runDisclosureAttack({
    ask: (query, variables) => (turn++ % 2 ? dashboard : publicApp)(query, variables),
    askExact: as({ role: Role.ANALYST, subject: 'disclosure-audit' }),
    threshold: config.disclosure.threshold,
    minPopulation: config.disclosure.minTablePopulation,
    scale,
    log: (line) => console.log(line),
  });
  const { threshold, maxNoise, variance } = config.disclosure;
  console.log(`\ndisclosure audit at scale ${scale}, k = ${threshold}, D = ${maxNoise}, V = ${variance}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const line of describeAttack(report)) console.log(line);
}
