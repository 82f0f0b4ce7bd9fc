/**
 * Helpers of the browser tests: the app on an embedded database, headless Chromium, sign-in, map
 * waits, and reading what the map has drawn (rendered features and screenshot pixels).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { buildApp } from '../../../server/app.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const ADMIN_PASSWORD = 'e2e-admin-password';
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const OUTPUT_DIR = path.join(REPO, 'test-output');
export const hasChromium = existsSync(CHROMIUM);

export interface Running {
  app: FastifyInstance;
  baseUrl: string;
  /** Session cookie of the admin, for API calls made by the test itself. */
  cookie: string;
  csrf: string;
}

/** The app with the demo area on an in-memory database, listening on a free port, and an admin session. */
export async function startApp(): Promise<Running> {
  if (!existsSync(path.join(REPO, 'web/dist/index.html'))) {
    throw new Error('web/dist is missing: run `npm run build:web` first (npm test does)');
  }
  const app = await buildApp({
    dataDir: 'memory://',
    seedDemo: true,
    logLevel: 'silent',
    adminPassword: ADMIN_PASSWORD,
    // The tests click through a day's planning in a few minutes.
    expensiveRateLimitPerMinute: 1000,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`login answered ${login.status}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { app, baseUrl, cookie, csrf: csrfToken };
}

/** GET (or a write, with the CSRF token) on the API as the admin. */
export async function api<T>(r: Running, method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${r.baseUrl}/api/v1${route}`, {
    method,
    headers: { cookie: r.cookie, 'x-csrf-token': r.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  profileDir: string;
  /** Page errors, console errors and remote requests seen so far. */
  problems: string[];
  /** Console errors matching one of these are expected (the test provoked them). */
  expected: RegExp[];
}

/** Headless Chromium that may only talk to `baseUrl`: anything else is recorded as a problem and refused. */
export async function launchBrowser(baseUrl: string): Promise<Browser> {
  const profileDir = mkdtempSync(path.join(tmpdir(), 'coverage-planner-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 860 },
    locale: 'zh-CN',
    acceptDownloads: true,
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
  const page = context.pages()[0] ?? (await context.newPage());
  const browser: Browser = { context, page, profileDir, problems: [], expected: [/status of 401 \(Unauthorized\)/] };
  page.on('pageerror', (err) => browser.problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !browser.expected.some((re) => re.test(msg.text()))) browser.problems.push(`console: ${msg.text()}`);
  });
  await context.route(
    (url) => !url.href.startsWith(baseUrl),
    (route) => {
      browser.problems.push(`remote request: ${route.request().url()}`);
      return route.abort();
    },
  );
  return browser;
}

/**
 * Signs in through the page's form, as the admin unless another user is given; with `wrongFirst`,
 * a wrong password first, which must be refused.
 */
export async function signIn(page: Page, options: { wrongFirst?: boolean; username?: string; password?: string } = {}): Promise<void> {
  const dialog = page.getByTestId('sign-in-dialog');
  await dialog.waitFor({ state: 'visible', timeout: 60_000 });
  await page.getByTestId('sign-in-username').fill(options.username ?? 'admin');
  if (options.wrongFirst) {
    await page.getByTestId('sign-in-password').fill('not-the-password');
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('sign-in-error').waitFor({ state: 'visible' });
  }
  await page.getByTestId('sign-in-password').fill(options.password ?? ADMIN_PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await dialog.waitFor({ state: 'detached' });
}

export async function waitForMapReady(page: Page, timeout = 90_000): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.mapReady === 'true', null, { timeout });
}

/** Waits until a map layer has drawn at least one feature (results that come after the first map: gaps, ranked candidates). */
export async function waitForRendered(page: Page, layer: string, timeout = 120_000): Promise<void> {
  await page.waitForFunction((id) => (window.__coverageMap?.queryRenderedFeatures({ layers: [id] }).length ?? 0) > 0, layer, { timeout });
}

/** The page's start marks (web/src/lib/timing.ts), by name, in milliseconds after navigation. */
export function startMarks(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() =>
    Object.fromEntries(
      performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('cp:'))
        .map((m) => [m.name.slice(3), Math.round(m.startTime)]),
    ),
  );
}

/** Waits until the map has finished drawing (every tile, raster ones included) after a change made by the test. */
export async function waitForMapIdle(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(() => window.__coverageMap?.loaded() === true, null, { timeout });
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = window.__coverageMap!;
        map.once('idle', () => resolve());
        map.triggerRepaint();
      }),
  );
}

/** Number of features each map layer has drawn in the current view. */
export function renderedCounts(page: Page, layers: string[]): Promise<Record<string, number>> {
  return page.evaluate((ids) => {
    const map = window.__coverageMap!;
    return Object.fromEntries(ids.map((id) => [id, map.getLayer(id) ? map.queryRenderedFeatures({ layers: [id] }).length : 0]));
  }, layers);
}

export type Rgb = [number, number, number];

/** The pixels of the map as drawn on screen (a screenshot of the map element), row by row. */
export async function mapPixels(
  page: Page,
  file?: string,
): Promise<{ width: number; height: number; at: (x: number, y: number) => Rgb; count: (test: (c: Rgb) => boolean) => number }> {
  const png = PNG.sync.read(await page.getByTestId('map').screenshot({ path: file }));
  const at = (x: number, y: number): Rgb => {
    const i = (Math.round(y) * png.width + Math.round(x)) * 4;
    return [png.data[i], png.data[i + 1], png.data[i + 2]];
  };
  const count = (test: (c: Rgb) => boolean) => {
    let n = 0;
    for (let i = 0; i < png.data.length; i += 4) if (test([png.data[i], png.data[i + 1], png.data[i + 2]])) n++;
    return n;
  };
  return { width: png.width, height: png.height, at, count };
}

/** Screen position, relative to the map element, of [lon, lat]. */
export function project(page: Page, lonLat: [number, number]): Promise<{ x: number; y: number }> {
  return page.evaluate((ll) => {
    const p = window.__coverageMap!.project(ll);
    return { x: p.x, y: p.y };
  }, lonLat);
}

/** Page coordinates (for mouse clicks) of [lon, lat]. */
export function pagePoint(page: Page, lonLat: [number, number]): Promise<{ x: number; y: number }> {
  return page.evaluate((ll) => {
    const map = window.__coverageMap!;
    const p = map.project(ll);
    const rect = map.getCanvas().getBoundingClientRect();
    return { x: rect.left + p.x, y: rect.top + p.y };
  }, lonLat);
}
