import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/plan.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: 'memory://', DATABASE_URL: '' },
    timeout: 60_000,
  });

describe('npm run plan', () => {
  it('explains bad arguments with exit code 2', () => {
    const r = run('--area', 'ranghulu', '--technology', 'WIMAX', '--max-sites', '3');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--technology: expected one of GSM, CDMA/);
    expect(r.stderr).toMatch(/usage: npm run plan/);
    const sites = run('--area', 'ranghulu', '--technology', 'GSM', '--max-sites', 'many');
    expect(sites.status).toBe(2);
    expect(sites.stderr).toMatch(/--max-sites: expected a whole number/);
  });
  it('names an unknown area with exit code 1', () => {
    const r = run('--area', 'nowhere', '--technology', 'GSM', '--max-sites', '2');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/area "nowhere" not found/);
  });
});
