/**
 * The map page in a real browser: the app is built in-process on an embedded database with the
 * demo data, the built web client (web/dist) is served by it, and headless Chromium loads it.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';

const CHROMIUM = '/usr/bin/chromium';
const ADMIN_PASSWORD = 'e2e-admin-password';
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const OUTPUT_DIR = path.join(REPO, 'test-output');
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium && process.env.CI === 'true') {
  throw new Error(`Browser tests need Chromium at ${CHROMIUM} on CI (apt-get install chromium)`);
}
if (!hasChromium) {
  console.warn(`Skipping the browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium to run them)`);
}

interface Rendered {
  cells: number;
  technologies: string[];
  clusters: number;
  reportPoints: number;
  areaLine: number;
  districts: number;
}

/** What the map has drawn in the current view, per layer. */
function rendered(page: Page): Promise<Rendered> {
  return page.evaluate(() => {
    const map = window.__coverageMap;
    if (!map) throw new Error('window.__coverageMap is not set');
    const q = (layer: string) => map.queryRenderedFeatures({ layers: [layer] });
    const cells = q('cells-fill');
    return {
      cells: cells.length,
      technologies: [...new Set(cells.map((f) => String(f.properties.technology)))].sort(),
      clusters: q('reports-clusters').length,
      reportPoints: q('reports-point').length,
      areaLine: q('area-line').length,
      districts: q('districts-fill').length,
    };
  });
}

/** Signs in through the page's form: a wrong password first, which must be refused. */
async function signIn(page: Page): Promise<void> {
  const dialog = page.getByTestId('sign-in-dialog');
  await dialog.waitFor({ state: 'visible', timeout: 60_000 });
  await page.getByTestId('sign-in-username').fill('admin');
  await page.getByTestId('sign-in-password').fill('not-the-password');
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('sign-in-error').waitFor({ state: 'visible' });
  expect(await page.getByTestId('sign-in-error').textContent()).toBe('用户名或密码错误');
  await page.getByTestId('sign-in-password').fill(ADMIN_PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await dialog.waitFor({ state: 'detached' });
}

async function waitForMapReady(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.mapReady === 'true', null, { timeout: 60_000 });
}

/** Waits until the map has finished drawing after a change made by the test. */
async function waitForMapIdle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = window.__coverageMap!;
        map.once('idle', () => resolve());
        map.triggerRepaint();
      }),
  );
}

describe.skipIf(!hasChromium)('map page in Chromium', () => {
  let app: FastifyInstance;
  let context: BrowserContext;
  let page: Page;
  let baseUrl: string;
  let profileDir: string;
  let areaCode: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(path.join(REPO, 'web/dist/index.html'))) {
      throw new Error('web/dist is missing: run `npm run build:web` first (npm test does)');
    }
    app = await buildApp({ dataDir: 'memory://', seedDemo: true, logLevel: 'silent', adminPassword: ADMIN_PASSWORD });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const areasResponse = await fetch(`${baseUrl}/api/v1/areas`, { headers: { cookie } });
    expect(areasResponse.status).toBe(200);
    const areas = (await areasResponse.json()) as { items: { code: string }[] };
    expect(areas.items.length).toBeGreaterThan(0);
    areaCode = areas.items.find((a) => a.code === 'ranghulu')?.code ?? areas.items[0].code;

    profileDir = mkdtempSync(path.join(tmpdir(), 'coverage-planner-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 860 },
      locale: 'zh-CN',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      // The signed-out /auth/me and the wrong password are meant to get 401; Chromium logs them.
      if (msg.type() === 'error' && !/status of 401 \(Unauthorized\)/.test(msg.text())) pageErrors.push(`console: ${msg.text()}`);
    });
    // Anything but this server would be a remote fetch: the page must work offline.
    await context.route(
      (url) => !url.href.startsWith(baseUrl),
      (route) => {
        pageErrors.push(`remote request: ${route.request().url()}`);
        return route.abort();
      },
    );
    await page.goto(`${baseUrl}/`);
    await signIn(page);
    await waitForMapReady(page);
  }, 240_000); // seeding the demo area and starting Chromium, on a busy two-core machine

  afterAll(async () => {
    await context?.close();
    await app?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  it('draws the cells as wedges of both networks, the reports, the area and the districts', async () => {
    const r = await rendered(page);
    expect(r.cells).toBeGreaterThan(50);
    expect(r.technologies).toEqual(['CDMA', 'GSM']);
    expect(r.clusters + r.reportPoints).toBeGreaterThan(0);
    expect(r.areaLine).toBeGreaterThan(0);
    expect(r.districts).toBeGreaterThan(1);
    // Fitted to the area at load: the whole district is a few tens of km across.
    const zoom = await page.evaluate(() => window.__coverageMap!.getZoom());
    expect(zoom).toBeGreaterThan(7);
    expect(zoom).toBeLessThan(12);
  });

  it('shows the product name, the area picker and the summary in Chinese by default', async () => {
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.locator('.brand-name').textContent()).toBe('覆盖规划');
    expect(await page.getByTestId('area-picker').inputValue()).toBe(areaCode);
    expect(await page.getByTestId('user-name').textContent()).toBe('admin');
    const cells = await page.getByTestId('stat-cells').textContent();
    expect(Number(cells?.replace(/,/g, ''))).toBeGreaterThan(50);
  });

  it('reaches the header controls and the layer switches with the keyboard', async () => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const reached = new Set<string>();
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid);
      if (id) reached.add(id);
    }
    for (const id of ['panel-toggle', 'area-picker', 'language-switch', 'settings-button', 'sign-out', 'layer-toggle-gsm', 'layer-toggle-reports']) {
      expect(reached, id).toContain(id);
    }
  });

  it('renders a screenshot that is not blank', async () => {
    mkdirSync(OUTPUT_DIR, { recursive: true });
    const file = path.join(OUTPUT_DIR, 'map.png');
    const png = PNG.sync.read(await page.screenshot({ path: file }));
    const box = await page.getByTestId('map').boundingBox();
    expect(box).not.toBeNull();
    const colours = new Set<number>();
    let gsmLike = 0;
    let cdmaLike = 0;
    for (let y = Math.ceil(box!.y); y < Math.floor(box!.y + box!.height); y++) {
      for (let x = Math.ceil(box!.x); x < Math.floor(box!.x + box!.width); x++) {
        const i = (y * png.width + x) * 4;
        const [r, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]];
        colours.add((r << 16) | (g << 8) | b);
        if (b > 150 && b > r + 40 && b > g + 20) gsmLike++;
        if (g > 110 && g > r + 30 && g > b + 20) cdmaLike++;
      }
    }
    expect(colours.size).toBeGreaterThan(100);
    expect(gsmLike).toBeGreaterThan(20);
    expect(cdmaLike).toBeGreaterThan(20);
  });

  it('keeps the area, the layers and the position in the URL hash', async () => {
    await page.getByTestId('layer-toggle-gsm').uncheck();
    await waitForMapIdle(page);
    const hash = await page.evaluate(() => location.hash);
    expect(hash).toContain(`area=${areaCode}`);
    expect(hash).toMatch(/layers=[^&]*cdma/);
    expect(hash).not.toMatch(/layers=[^&]*gsm/);
    expect(hash).toMatch(/map=[\d.]+\/[\d.]+\/[\d.]+/);
    expect((await rendered(page)).technologies).toEqual(['CDMA']);

    await page.goto(`${baseUrl}/#area=${areaCode}&layers=gsm,reports&map=11/46.6500/124.8700`);
    await page.reload();
    await waitForMapReady(page);
    const view = await page.evaluate(() => {
      const m = window.__coverageMap!;
      return { zoom: m.getZoom(), lon: m.getCenter().lng, lat: m.getCenter().lat };
    });
    expect(view.zoom).toBeCloseTo(11, 5);
    expect(view.lon).toBeCloseTo(124.87, 4);
    expect(view.lat).toBeCloseTo(46.65, 4);
    expect(await page.getByTestId('layer-toggle-cdma').isChecked()).toBe(false);
    expect(await page.getByTestId('layer-toggle-districts').isChecked()).toBe(false);
    const r = await rendered(page);
    expect(r.technologies).toEqual(['GSM']);
    expect(r.districts).toBe(0);
  });

  it('opens an escaped popup with the cell details when a wedge is clicked', async () => {
    await page.goto(`${baseUrl}/#area=${areaCode}`);
    await page.reload();
    await waitForMapReady(page);
    // Reports are drawn above the cells: hide them so that the click can only land on a wedge.
    await page.getByTestId('layer-toggle-reports').uncheck();
    // Zoom to one site and click halfway along one of its wedges.
    await page.evaluate(() => {
      const m = window.__coverageMap!;
      const f = m.queryRenderedFeatures({ layers: ['cells-fill'] })[0];
      const ring = (f.geometry as GeoJSON.Polygon).coordinates[0];
      m.jumpTo({ center: [ring[0][0], ring[0][1]], zoom: 15 });
    });
    await waitForMapIdle(page);
    const target = await page.evaluate(() => {
      const m = window.__coverageMap!;
      const c = m.getCenter();
      const near = m
        .queryRenderedFeatures({ layers: ['cells-fill'] })
        .map((f) => ({ f, ring: (f.geometry as GeoJSON.Polygon).coordinates[0] }))
        .sort((a, b) => Math.hypot(a.ring[0][0] - c.lng, a.ring[0][1] - c.lat) - Math.hypot(b.ring[0][0] - c.lng, b.ring[0][1] - c.lat));
      const { ring } = near[0];
      const mid = ring[Math.floor(ring.length / 2)];
      const p = m.project([(ring[0][0] + mid[0]) / 2, (ring[0][1] + mid[1]) / 2]);
      const rect = m.getCanvas().getBoundingClientRect();
      return { x: rect.left + p.x, y: rect.top + p.y };
    });
    await page.mouse.click(target.x, target.y);
    const popup = page.locator('.maplibregl-popup');
    await popup.waitFor({ state: 'visible', timeout: 10_000 });
    const text = await popup.textContent();
    expect(text).toContain('方位角');
    expect(text).toContain('MHz');
    expect(await popup.locator('script, img, iframe').count()).toBe(0);
  });

  it('switches the whole page to English and back', async () => {
    await page.getByTestId('language-switch').click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('.brand-name').textContent()).toBe('Coverage Planner');
    expect(await page.getByTestId('side-panel').textContent()).toContain('Problem reports');
    const labelField = await page.evaluate(() => window.__coverageMap!.getLayoutProperty('district-labels', 'text-field'));
    expect(labelField).toEqual(['get', 'name_en']);
    // The choice is remembered across a reload.
    await page.reload();
    await waitForMapReady(page);
    expect(await page.locator('.brand-name').textContent()).toBe('Coverage Planner');
    await page.getByTestId('language-switch').click();
    expect(await page.locator('.brand-name').textContent()).toBe('覆盖规划');
  });

  it('made no remote request and logged no error', () => {
    expect(pageErrors).toEqual([]);
  });
});
