import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config.ts';

describe('access and security configuration', () => {
  it('defaults: no admin password, CORS off, plain http, 10 logins and 60 expensive calls a minute', () => {
    expect(loadConfig({})).toMatchObject({
      adminPassword: undefined,
      corsOrigins: [],
      behindHttps: false,
      loginRateLimitPerMinute: 10,
      expensiveRateLimitPerMinute: 60,
      cspOrigins: [],
    });
  });

  it('reads every variable', () => {
    const c = loadConfig({
      ADMIN_PASSWORD: 'a-long-admin-password',
      CORS_ORIGIN: 'https://gis.example.com, http://10.1.2.3:8080',
      BEHIND_HTTPS: 'true',
      LOGIN_RATE_LIMIT_PER_MINUTE: '5',
      EXPENSIVE_RATE_LIMIT_PER_MINUTE: '120',
      CSP_EXTRA_ORIGINS: 'https://tiles.example.com',
    });
    expect(c).toMatchObject({
      adminPassword: 'a-long-admin-password',
      corsOrigins: ['https://gis.example.com', 'http://10.1.2.3:8080'],
      behindHttps: true,
      loginRateLimitPerMinute: 5,
      expensiveRateLimitPerMinute: 120,
      cspOrigins: ['https://tiles.example.com'],
    });
  });

  it.each([
    ['ADMIN_PASSWORD', 'short', /ADMIN_PASSWORD: must be at least 10 characters$/],
    ['CORS_ORIGIN', '*', /CORS_ORIGIN: expected origins like https:\/\/host:port/],
    ['CORS_ORIGIN', 'https://gis.example.com/', /CORS_ORIGIN: .*got "https:\/\/gis.example.com\/"/],
    ['BEHIND_HTTPS', 'perhaps', /BEHIND_HTTPS: expected true or false/],
    ['LOGIN_RATE_LIMIT_PER_MINUTE', '0', /LOGIN_RATE_LIMIT_PER_MINUTE: expected 1\.\.100000/],
    ['CSP_EXTRA_ORIGINS', 'tiles.example.com', /CSP_EXTRA_ORIGINS/],
  ])('rejects a bad %s naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('never echoes the admin password in the error', () => {
    expect(() => loadConfig({ ADMIN_PASSWORD: 'secret99' })).toThrow(/^(?!.*secret99)/);
  });
});
