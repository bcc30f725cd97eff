import { ConfigError, loadConfig } from '../src/config';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, databaseUrl: null, seedTalents: 20000, disclosure: expect.objectContaining({ threshold: 5, maxNoise: 2, minTablePopulation: 20 }), maxPageSize: 100 });
    expect(config).toMatchObject({ explorer: true, readinessCacheMs: 1000, shutdown: { graceMs: 10_000, delayMs: 0 } });
  });

  it('refuses a shutdown delay that leaves no time to drain within the grace', () => {
    expect(loadConfig({ SHUTDOWN_GRACE_SECONDS: '30', SHUTDOWN_DELAY_SECONDS: '5' }).shutdown).toEqual({ graceMs: 30_000, delayMs: 5000 });
    expect(() => loadConfig({ SHUTDOWN_GRACE_SECONDS: '5', SHUTDOWN_DELAY_SECONDS: '5' })).toThrow(/SHUTDOWN_DELAY_SECONDS must be shorter than SHUTDOWN_GRACE_SECONDS \(5\)/);
  });

  it('reports every bad value at once, each with what was expected', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SEED_TALENTS: '-1', NODE_ENV: 'staging' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems } = error as ConfigError;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/PORT must be a whole number from 1 to 65535, got "eighty"/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL must start with postgres:\/\/ or postgresql:\/\//);
    expect(problems.join('\n')).toMatch(/SEED_TALENTS must be a whole number/);
    expect(problems.join('\n')).toMatch(/NODE_ENV must be one of development, test, production/);
  });
});
