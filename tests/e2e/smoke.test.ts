/**
 * A short browser smoke test (also run under the next Node LTS in CI): sign in, the map draws the
 * demo network, the summary and the management dashboard's coverage figures show, and the page logs
 * no error and asks nothing of another host.
 */
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoverageFigures } from '../../web/src/api/types.ts';
import { formatPercent } from '../../web/src/i18n/index.ts';
import {
  api,
  CHROMIUM,
  hasChromium,
  launchBrowser,
  mapPixels,
  signIn,
  startApp,
  waitForMapReady,
  type Browser,
  type Running,
} from './support/browser.ts';

if (!hasChromium && process.env.CI === 'true') {
  throw new Error(`Browser tests need Chromium at ${CHROMIUM} on CI (apt-get install chromium)`);
}
if (!hasChromium) console.warn(`Skipping the browser smoke test: no Chromium at ${CHROMIUM}`);

describe.skipIf(!hasChromium)(`browser smoke test on Node ${process.versions.node}`, () => {
  let server: Running;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startApp();
    browser = await launchBrowser(server.baseUrl);
    page = browser.page;
  }, 240_000); // seeding the demo area and starting Chromium, on a busy two-core machine

  afterAll(async () => {
    await browser?.context.close();
    await server?.app.close();
    if (browser?.profileDir) rmSync(browser.profileDir, { recursive: true, force: true });
  });

  it('signs in, draws the map, shows the figures, with a clean console', async () => {
    await page.goto(`${server.baseUrl}/#area=ranghulu`);
    await signIn(page);
    await waitForMapReady(page);
    expect(Number((await page.getByTestId('stat-cells').textContent())?.replace(/,/g, ''))).toBeGreaterThan(50);
    const pixels = await mapPixels(page);
    const colours = new Set<string>();
    for (let y = 0; y < pixels.height; y += 20) for (let x = 0; x < pixels.width; x += 20) colours.add(pixels.at(x, y).join(','));
    expect(colours.size).toBeGreaterThan(10);

    await page.getByTestId('nav-dashboard').click();
    const figures = page.getByTestId('dash-figures');
    await figures.waitFor({ timeout: 240_000 });
    const gsm = await api<CoverageFigures>(server, 'GET', '/areas/ranghulu/coverage?technology=GSM');
    expect(await figures.innerText()).toContain(formatPercent('zh-CN', gsm.coveragePct, 2));
    expect(browser.problems).toEqual([]);
  }, 300_000); // the demo's first coverage computations, on a busy two-core machine
});
