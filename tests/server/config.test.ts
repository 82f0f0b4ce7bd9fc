import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';

describe('loadConfig', () => {
  it('has defaults for a fresh machine', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: undefined, logLevel: 'info', seedDemo: true });
    expect(c.dataDir).toMatch(/data$/);
  });
  it('limits what an import file may expand to (4 × the 512 MiB upload limit) and its values, unless set', () => {
    expect(loadConfig({})).toMatchObject({ importMaxExpandedBytes: 2 * 1024 ** 3, importMaxValueChars: 1_000_000 });
    expect(loadConfig({ IMPORT_MAX_EXPANDED_BYTES: '1073741824', IMPORT_MAX_VALUE_CHARS: '32767' })).toMatchObject({ importMaxExpandedBytes: 1024 ** 3, importMaxValueChars: 32767 });
  });
  it('reads every variable', () => {
    const c = loadConfig({ PORT: '8080', HOST: '0.0.0.0', DATABASE_URL: 'postgres://u@h:5432/d', DATA_DIR: 'memory://', LOG_LEVEL: 'warn', SEED_DEMO: 'false', WORKER_THREADS: '2' });
    expect(c).toMatchObject({ port: 8080, host: '0.0.0.0', databaseUrl: 'postgres://u@h:5432/d', dataDir: 'memory://', logLevel: 'warn', seedDemo: false, workerThreads: 2 });
  });
  it.each([
    ['PORT', 'abc', /PORT: expected an integer, got "abc"/],
    ['PORT', '70000', /PORT: expected 0..65535, got 70000/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL: expected one of/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL: expected postgres:/],
    ['SEED_DEMO', 'maybe', /SEED_DEMO: expected true or false/],
    ['IMPORT_MAX_EXPANDED_BYTES', '2GB', /IMPORT_MAX_EXPANDED_BYTES: expected an integer, got "2GB"/],
    ['IMPORT_MAX_EXPANDED_BYTES', '1000', /IMPORT_MAX_EXPANDED_BYTES: expected 1048576\.\.1099511627776, got 1000/],
    ['IMPORT_MAX_VALUE_CHARS', '10', /IMPORT_MAX_VALUE_CHARS: expected 1000\.\.100000000, got 10/],
  ])('rejects a bad %s with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
