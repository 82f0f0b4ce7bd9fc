import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';

describe('loadConfig', () => {
  it('has defaults for a fresh machine', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      logLevel: 'info',
      seedDemo: true,
      coverageKernel: 'wasm',
    });
    expect(c.dataDir).toMatch(/data$/);
  });
  it('limits what an import file may expand to (4 × the 512 MiB upload limit) and its values, unless set', () => {
    expect(loadConfig({})).toMatchObject({ importMaxExpandedBytes: 2 * 1024 ** 3, importMaxValueChars: 1_000_000 });
    expect(loadConfig({ IMPORT_MAX_EXPANDED_BYTES: '1073741824', IMPORT_MAX_VALUE_CHARS: '32767' })).toMatchObject({
      importMaxExpandedBytes: 1024 ** 3,
      importMaxValueChars: 32767,
    });
  });
  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u@h:5432/d',
      DATA_DIR: 'memory://',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      WORKER_THREADS: '2',
      COVERAGE_KERNEL: 'js',
    });
    expect(c).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u@h:5432/d',
      dataDir: 'memory://',
      logLevel: 'warn',
      seedDemo: false,
      workerThreads: 2,
      coverageKernel: 'js',
    });
  });
  it('reads the limits, the public URL and the trusted proxies', () => {
    expect(loadConfig({})).toMatchObject({
      expensiveConcurrencyPerUser: 4,
      planTimeLimitMaxS: 30,
      publicUrl: undefined,
      trustProxy: false,
    });
    const c = loadConfig({
      EXPENSIVE_CONCURRENCY_PER_USER: '2',
      PLAN_TIME_LIMIT_MAX_S: '60',
      PUBLIC_URL: 'https://gis.example.com/coverage/',
      TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1',
    });
    expect(c).toMatchObject({
      expensiveConcurrencyPerUser: 2,
      planTimeLimitMaxS: 60,
      publicUrl: 'https://gis.example.com/coverage',
      trustProxy: ['127.0.0.1', '10.0.0.0/8', '::1'],
    });
    expect(loadConfig({ PUBLIC_URL: 'http://localhost:3000', TRUST_PROXY: 'true' })).toMatchObject({
      publicUrl: 'http://localhost:3000',
      trustProxy: true,
    });
  });
  it.each([
    ['PORT', 'abc', /PORT: expected an integer, got "abc"/],
    ['PORT', '70000', /PORT: expected 0..65535, got 70000/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL: expected one of/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL: expected postgres:/],
    ['SEED_DEMO', 'maybe', /SEED_DEMO: expected true or false/],
    ['COVERAGE_KERNEL', 'fast', /COVERAGE_KERNEL: expected wasm or js, got "fast"/],
    ['EXPENSIVE_CONCURRENCY_PER_USER', '0', /EXPENSIVE_CONCURRENCY_PER_USER: expected 1..1000, got 0/],
    ['PLAN_TIME_LIMIT_MAX_S', '121', /PLAN_TIME_LIMIT_MAX_S: expected 1..120, got 121/],
    ['PUBLIC_URL', 'gis.example.com', /PUBLIC_URL: expected a URL like https:\/\/host/],
    [
      'PUBLIC_URL',
      'ftp://gis.example.com',
      /PUBLIC_URL: expected http\(s\):\/\/host\[:port\]\[\/path\] without credentials, query or fragment, got "ftp:\/\/gis.example.com"/,
    ],
    ['PUBLIC_URL', 'https://gis.example.com/?x=1', /PUBLIC_URL: .*without credentials, query or fragment/],
    ['PUBLIC_URL', 'https://user:pw@gis.example.com', /PUBLIC_URL: .*without credentials/],
    [
      'TRUST_PROXY',
      'proxy.example',
      /TRUST_PROXY: expected true, false or IP addresses \/ CIDR ranges separated by commas, got "proxy.example"/,
    ],
    ['TRUST_PROXY', '10.0.0.0/33', /TRUST_PROXY: .*got "10.0.0.0\/33"/],
    ['IMPORT_MAX_EXPANDED_BYTES', '2GB', /IMPORT_MAX_EXPANDED_BYTES: expected an integer, got "2GB"/],
    ['IMPORT_MAX_EXPANDED_BYTES', '1000', /IMPORT_MAX_EXPANDED_BYTES: expected 1048576\.\.1099511627776, got 1000/],
    ['IMPORT_MAX_VALUE_CHARS', '10', /IMPORT_MAX_VALUE_CHARS: expected 1000\.\.100000000, got 10/],
    ['IMPORT_MAX_DOCUMENT_BYTES', '1000', /IMPORT_MAX_DOCUMENT_BYTES: expected 1048576\.\.4294967296, got 1000/],
  ])('rejects a bad %s with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
