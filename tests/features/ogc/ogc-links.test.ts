import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../../server/app.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { createTestArea } from '../exports/fixtures.ts';

const PAGES = [
  '/ogc',
  '/ogc/collections',
  '/ogc/collections/ranghulu-reports',
  '/ogc/collections/ranghulu-reports/items?limit=2',
  '/ogc/collections/ranghulu-reports/items?limit=2&offset=2',
];

/** Every href of the OGC pages fetched with these headers (from this client address). */
async function hrefs(t: TestApp, headers: Record<string, string>, remoteAddress?: string): Promise<string[]> {
  const out: string[] = [];
  for (const url of PAGES) {
    const res = await t.app.inject({ method: 'GET', url, headers, ...(remoteAddress ? { remoteAddress } : {}) });
    expect(res.statusCode, url).toBe(200);
    const body = res.json();
    const collect = (links: Array<{ href: string }> = []) => links.forEach((l) => out.push(l.href));
    collect(body.links);
    for (const c of body.collections ?? []) collect(c.links);
  }
  return out;
}

/** Absolute links of OGC answers never echo the Host header: PUBLIC_URL, a trusted proxy's host, or the listen address. */
describe.each(TEST_DATABASES)('OGC links and the Host header ($name)', (target) => {
  const apps: TestApp[] = [];
  const app = async (config: Partial<AppConfig>) => {
    const t = await buildTestApp(target, { config });
    apps.push(t);
    await createTestArea(t.app);
    return t;
  };
  let plain: TestApp;
  beforeAll(async () => {
    plain = await app({});
  });
  afterAll(async () => {
    for (const t of apps) await t.close();
  });

  it('ignores Host: without PUBLIC_URL the links point at the listen address', async () => {
    const links = await hrefs(plain, { host: 'evil.example' });
    expect(links.length).toBeGreaterThan(20);
    expect(links.filter((h) => h.includes('evil.example'))).toEqual([]);
    expect(links.every((h) => h.startsWith('http://localhost/'))).toBe(true);
    // Nor X-Forwarded-Host without TRUST_PROXY.
    expect(
      (await hrefs(plain, { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' })).filter((h) => h.includes('evil.example')),
    ).toEqual([]);
    await plain.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = plain.app.server.address() as { port: number };
    const listening = await fetch(`http://127.0.0.1:${port}/ogc`, {
      headers: { authorization: `Bearer ${plain.adminToken}`, host: 'evil.example' },
    });
    expect(((await listening.json()) as { links: Array<{ href: string }> }).links.map((l) => l.href)).toContain(
      `http://127.0.0.1:${port}/ogc/collections`,
    );
  });

  it('builds every link from PUBLIC_URL (with its path) when set, and names it as the OpenAPI server', async () => {
    const t = await app({ publicUrl: 'https://gis.example.com/coverage' });
    const links = await hrefs(t, { host: 'evil.example', 'x-forwarded-host': 'evil.example' });
    expect(
      links.every((h) => h.startsWith('https://gis.example.com/coverage/')),
      links.join(' '),
    ).toBe(true);
    expect(links).toContain('https://gis.example.com/coverage/ogc/collections/ranghulu-reports/items?limit=2&offset=2');
    expect(links).toContain('https://gis.example.com/coverage/docs/json');
    const openapi = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(openapi.servers).toEqual([{ url: 'https://gis.example.com/coverage' }]);
  });

  it('with TRUST_PROXY, takes X-Forwarded-Host/-Proto from a trusted proxy only', async () => {
    const t = await app({ trustProxy: ['127.0.0.1', '10.0.0.0/8'] });
    const forwarded = { host: 'internal:3000', 'x-forwarded-host': 'maps.example.org', 'x-forwarded-proto': 'https' };
    expect((await hrefs(t, forwarded, '10.1.2.3')).every((h) => h.startsWith('https://maps.example.org/'))).toBe(true);
    const untrusted = await hrefs(t, { ...forwarded, host: 'evil.example', 'x-forwarded-host': 'evil.example' }, '192.0.2.7');
    expect(untrusted.every((h) => h.startsWith('http://localhost/'))).toBe(true);
    // A malformed forwarded host is not used.
    expect(
      (await hrefs(t, { 'x-forwarded-host': 'evil.example/"><script>' }, '127.0.0.1')).every((h) => h.startsWith('http://localhost/')),
    ).toBe(true);
  });
});
