import { describeAttack, runDisclosureAttack, type AttackReport } from '../scripts/disclosure-attack';
import { createTestApp, type TestApp } from './helpers/app';

/**
 * Our own attacker (scripts/disclosure-attack.ts), bounded, on the seeded test register: it asks
 * what PUBLIC and DASHBOARD may ask and tries to get small counts, profiles and award ledgers
 * back. `npm run audit:disclosure` runs a larger version on a real register.
 */
let hub: TestApp;
let report: AttackReport;

beforeAll(async () => {
  hub = await createTestApp();
  const { threshold, minTablePopulation } = hub.config.disclosure;
  let turn = 0;
  report = await runDisclosureAttack({
    // Half the questions come from the public app, half from a dashboard: they see the same.
    ask: (query, variables) => hub.gql(query, variables, turn++ % 2 ? { as: 'DASHBOARD' } : {}),
    askExact: (query, variables) => hub.gql(query, variables, { as: 'ANALYST' }),
    threshold,
    minPopulation: minTablePopulation,
    scale: 1,
    log: (line) => line.startsWith('differed') && console.log(line),
  });
  console.log(describeAttack(report).join('\n'));
}, 240_000);

afterAll(() => hub.close());

describe('an attacker with the whole public API', () => {
  it('tried enough small cells for the figures to mean something', () => {
    expect(report.all.smallTargets).toBeGreaterThan(150);
    for (const family of Object.values(report.families)) expect(family.smallTargets).toBeGreaterThanOrEqual(20);
  });

  it('recovers small cells by subtraction no more often than the naive guess: overall, and in every family tried often enough to tell', () => {
    expect(report.all.recovered).toBeLessThanOrEqual(report.all.naive);
    // Keys are drawn afresh with each seeded register: a family of a few dozen targets can tie by chance, one of 100 cannot.
    const large = Object.entries(report.families).filter(([, family]) => family.smallTargets >= 100);
    expect(large.length).toBeGreaterThanOrEqual(2);
    for (const [name, family] of large) expect({ name, recoveredAtMostNaive: family.recovered <= family.naive }).toEqual({ name, recoveredAtMostNaive: true });
  });

  it('profiles no group too small to publish', () => {
    expect(report.profiles.groups).toBeGreaterThan(0);
    expect(report.profiles.profiled).toBe(0);
  });

  it('gets no award ledger: record and status filters refused, no amount of a cell of fewer than k awards', () => {
    expect(report.awardFilters).toEqual({ tried: 5, answered: 0 });
    expect(report.smallAwardAmounts.cells).toBeGreaterThan(0);
    expect(report.smallAwardAmounts.shown).toBe(0);
  });

  it('never sees a count in 1..k−1, and the same records give the same value in every form', () => {
    expect(report.smallPublished).toBe(0);
    expect(report.consistency.sets).toBeGreaterThan(5);
    expect(report.consistency.mismatches).toBe(0);
  });
});
