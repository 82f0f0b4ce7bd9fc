import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';

describe('loadConfig', () => {
  it('has defaults for a fresh machine', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: undefined, logLevel: 'info', seedDemo: true });
    expect(c.dataDir).toMatch(/data$/);
  });
  it('reads every variable', () => {
    const c = loadConfig({ PORT: '8080', HOST: '0.0.0.0', DATABASE_URL: 'postgres://u@h:5432/d', DATA_DIR: 'memory://', LOG_LEVEL: 'warn', SEED_DEMO: 'false', WORKER_THREADS: '2' });
    expect(c).toMatchObject({ port: 8080, host: '0.0.0.0', databaseUrl: 'postgres://u@h:5432/d', dataDir: 'memory://', logLevel: 'warn', seedDemo: false, workerThreads: 2 });
  });
  it('reads the limits on expensive requests and plans', () => {
    expect(loadConfig({})).toMatchObject({ expensiveConcurrencyPerUser: 2, planTimeLimitMaxS: 30 });
    expect(loadConfig({ EXPENSIVE_CONCURRENCY_PER_USER: '4', PLAN_TIME_LIMIT_MAX_S: '60' })).toMatchObject({ expensiveConcurrencyPerUser: 4, planTimeLimitMaxS: 60 });
  });
  it.each([
    ['PORT', 'abc', /PORT: expected an integer, got "abc"/],
    ['PORT', '70000', /PORT: expected 0..65535, got 70000/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL: expected one of/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL: expected postgres:/],
    ['SEED_DEMO', 'maybe', /SEED_DEMO: expected true or false/],
    ['EXPENSIVE_CONCURRENCY_PER_USER', '0', /EXPENSIVE_CONCURRENCY_PER_USER: expected 1..1000, got 0/],
    ['PLAN_TIME_LIMIT_MAX_S', '121', /PLAN_TIME_LIMIT_MAX_S: expected 1..120, got 121/],
  ])('rejects a bad %s with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
