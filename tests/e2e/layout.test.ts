/**
 * The page on a phone, a tablet and paper, and the small things of the map's popups and previews:
 * - at 390×844 and 768×1024 the header folds into a menu (language, settings, sign-out), nothing
 *   scrolls sideways, the header's items do not overlap, and the map, panel and dashboard fit;
 * - the dashboard printed on A4 portrait and landscape (print media at the printable width, and a
 *   PDF printed by Chromium): every chart and table inside the page, titled with the area, the date
 *   and the scenarios compared;
 * - the scenario comparison readable in the panel at 1280 px, with the population change and the
 *   note on the combined network's reports; Escape closes a popup, a popup that grows stays on the
 *   map; servers named by site or candidate; a network switch drops the other network's tiles at
 *   once; a preview brings the candidate into view.
 * The file has its own app and Chromium; its one saved scenario is created before the first test.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Locale } from '../../web/src/i18n/index.ts';
import path from 'node:path';
import { api, OUTPUT_DIR, pagePoint, signIn, waitForMapIdle, waitForMapReady } from './support/browser.ts';
import { openCellPopup } from './support/cell-popup.ts';
import { waitForCharts } from './support/dashboard.ts';
import { NO_CHANGES, saveScenario } from './support/fixtures.ts';
import { AREA, browserTestsRun, FUQIANG_CANDIDATE, useBrowserSession } from './support/session.ts';

const SCENARIO = '富强村新站 Fuqiang site';
const DESKTOP = { width: 1400, height: 860 };
/** CSS pixels per millimetre (96 per inch). */
const PX_PER_MM = 96 / 25.4;
/** The page margin of the print style sheet, mm. */
const PRINT_MARGIN_MM = 12;

interface Box {
  id: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Bounding boxes of the visible elements matching `selector`, named by test id (or class). */
function boxes(page: Page, selector: string): Promise<Box[]> {
  return page.evaluate(
    (sel) =>
      [...document.querySelectorAll<HTMLElement>(sel)]
        .filter((el) => el.offsetParent !== null || getComputedStyle(el).position === 'fixed')
        .map((el) => {
          const r = el.getBoundingClientRect();
          return { id: el.dataset.testid ?? el.className, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
        })
        .filter((b) => b.right > b.left && b.bottom > b.top),
    selector,
  );
}

/** A candidate's name and [lon, lat], by code, through the API. */
async function candidateByCode(s: ReturnType<typeof useBrowserSession>, code: string): Promise<{ name: string; lonLat: [number, number] }> {
  const page = await api<{ features: { geometry: { coordinates: [number, number] }; properties: { code: string; name: string } }[] }>(
    s.server,
    'GET',
    `/areas/${AREA}/candidates?limit=1000`,
  );
  const found = page.features.find((f) => f.properties.code === code);
  if (!found) throw new Error(`no candidate ${code}`);
  return { name: found.properties.name, lonLat: found.geometry.coordinates };
}

const overlaps = (a: Box, b: Box) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;

/** Widths of the page and the window: the page must not be wider (no sideways scrolling). */
function pageWidths(page: Page): Promise<{ scroll: number; body: number; inner: number }> {
  return page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    body: document.body.scrollWidth,
    inner: window.innerWidth,
  }));
}

describe.skipIf(!browserTestsRun())('phones, tablets and paper in Chromium', () => {
  const s = useBrowserSession();

  beforeAll(async () => {
    await saveScenario(s.server, SCENARIO, { ...NO_CHANGES, addCandidates: [FUQIANG_CANDIDATE] });
  });

  const sizes: { width: number; height: number; locale: Locale; words: { settings: string; signOut: string; switchTo: string } }[] = [
    { width: 390, height: 844, locale: 'zh-CN', words: { settings: '设置', signOut: '退出登录', switchTo: 'en' } },
    { width: 768, height: 1024, locale: 'en', words: { settings: 'Settings', signOut: 'Sign out', switchTo: 'zh-CN' } },
  ];

  for (const size of sizes) {
    it(`folds the header into a menu at ${size.width}×${size.height} (${size.locale}), with no sideways scrolling`, async () => {
      const { page } = s;
      await page.setViewportSize({ width: size.width, height: size.height });
      try {
        await s.visit(`area=${AREA}`, { locale: size.locale });
        const widths = await pageWidths(page);
        expect(widths.scroll).toBeLessThanOrEqual(widths.inner);
        expect(widths.body).toBeLessThanOrEqual(widths.inner);

        // The header's own items: inside the window, none over another.
        const header = await boxes(
          page,
          '.app-header > .panel-toggle, .app-header .brand-mark, .app-header .brand-text, .app-header .view-link, .app-header > .header-menu-button',
        );
        expect(header.map((b) => b.id)).toEqual(expect.arrayContaining(['panel-toggle', 'nav-map', 'nav-dashboard', 'header-menu-button']));
        for (const b of header) {
          expect(b.left, b.id).toBeGreaterThanOrEqual(0);
          expect(b.right, b.id).toBeLessThanOrEqual(size.width);
        }
        for (let i = 0; i < header.length; i++)
          for (let j = i + 1; j < header.length; j++)
            expect(overlaps(header[i], header[j]), `${header[i].id} / ${header[j].id}`).toBe(false);

        // Language, settings and sign-out are in the menu: hidden until it opens, then inside the window.
        for (const id of ['language-switch', 'settings-button', 'sign-out']) expect(await page.getByTestId(id).isVisible(), id).toBe(false);
        const menuButton = page.getByTestId('header-menu-button');
        await menuButton.click();
        expect(await menuButton.getAttribute('aria-expanded')).toBe('true');
        const items = await boxes(page, '#header-menu button:not([hidden]), #header-menu select, #header-menu .user-name:not([hidden])');
        expect(items.map((b) => b.id)).toEqual(expect.arrayContaining(['language-switch', 'settings-button', 'sign-out', 'area-picker']));
        for (const b of items) {
          expect(b.left, b.id).toBeGreaterThanOrEqual(0);
          expect(b.right, b.id).toBeLessThanOrEqual(size.width);
          expect(b.bottom, b.id).toBeLessThanOrEqual(size.height);
        }
        for (let i = 0; i < items.length; i++)
          for (let j = i + 1; j < items.length; j++) expect(overlaps(items[i], items[j]), `${items[i].id} / ${items[j].id}`).toBe(false);
        expect(await page.getByTestId('settings-button').innerText()).toContain(size.words.settings);
        expect(await page.getByTestId('sign-out').innerText()).toBe(size.words.signOut);

        // Escape closes the menu; settings opens its dialog (and closes the menu).
        await page.keyboard.press('Escape');
        expect(await page.getByTestId('settings-button').isVisible()).toBe(false);
        await menuButton.click();
        await page.getByTestId('settings-button').click();
        const dialog = page.locator('dialog[open]');
        await dialog.waitFor();
        expect(await page.getByTestId('settings-button').isVisible()).toBe(false);
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' }).catch(() => dialog.waitFor({ state: 'hidden' }));

        // The language switch works from the menu.
        await menuButton.click();
        await page.getByTestId('language-switch').click();
        await page.waitForFunction((lang) => document.documentElement.lang === lang, size.words.switchTo);
        expect((await pageWidths(page)).scroll).toBeLessThanOrEqual(size.width);

        // The map fills the width; the panel fits and folds away.
        const map = (await boxes(page, '#map'))[0];
        expect(map.right - map.left).toBeGreaterThanOrEqual(size.width - 1);
        expect(map.bottom - map.top).toBeGreaterThan(size.height / 2);
        const panel = await boxes(page, '#side-panel');
        if (panel.length) expect(panel[0].right).toBeLessThanOrEqual(size.width);
        await page.getByTestId('panel-toggle').click();
        expect(await page.getByTestId('side-panel').isVisible()).toBe(panel.length === 0);
        await page.getByTestId('panel-toggle').click();

        // The dashboard: nothing wider than the window, charts inside it.
        await page.getByTestId('nav-dashboard').click();
        await page.getByTestId('dash-figures').locator('tbody tr').first().waitFor({ timeout: 240_000 });
        await waitForCharts(page);
        const dash = await pageWidths(page);
        expect(dash.scroll).toBeLessThanOrEqual(size.width);
        const dashboard = await page.getByTestId('dashboard').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
        expect(dashboard.scroll).toBeLessThanOrEqual(dashboard.client);
        for (const b of await boxes(page, '[data-testid^="chart-"], .kpi, .dash-section')) {
          expect(b.left, b.id).toBeGreaterThanOrEqual(0);
          expect(b.right, b.id).toBeLessThanOrEqual(size.width);
        }
        await s.shot(`layout-${size.width}x${size.height}-dashboard.png`);
        await page.getByTestId('nav-map').click();
        await waitForMapReady(page);

        // Sign-out is reachable from the menu and signs out.
        await menuButton.click();
        await page.getByTestId('sign-out').click();
        await page.getByTestId('sign-in-dialog').waitFor({ state: 'visible', timeout: 30_000 });
      } finally {
        await page.setViewportSize(DESKTOP);
        // Signed in again for the next tests (a fresh sign-in, as the session's own).
        if (await page.getByTestId('sign-in-dialog').isVisible()) await signIn(page);
      }
    });
  }

  it('prints the dashboard on A4 portrait and landscape, every chart and table inside the page, titled', async () => {
    const { page } = s;
    await s.visit(`area=${AREA}`);
    await page.getByTestId('nav-dashboard').click();
    await page.getByTestId('dash-figures').locator('tbody tr').first().waitFor({ timeout: 240_000 });
    await waitForCharts(page);
    const title = await page.locator('.dash-head').innerText();
    expect(title).toContain('让胡路');
    expect(title).toMatch(/\d{4}/);
    expect(title).toContain(SCENARIO);
    expect(title).toContain('现网');

    for (const orientation of [
      { landscape: false, widthMm: 210, heightMm: 297 },
      { landscape: true, widthMm: 297, heightMm: 210 },
    ]) {
      const printable = Math.floor((orientation.widthMm - 2 * PRINT_MARGIN_MM) * PX_PER_MM);
      await page.setViewportSize({ width: printable, height: Math.floor((orientation.heightMm - 2 * PRINT_MARGIN_MM) * PX_PER_MM) });
      await page.emulateMedia({ media: 'print' });
      try {
        // The charts are drawn again at the printed size when the print media starts.
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        const inside = await boxes(
          page,
          '[data-testid^="chart-"], [data-testid^="chart-"] canvas, .data-table, .kpi, .dash-section, .dash-head',
        );
        expect(inside.filter((b) => b.id.startsWith('chart-')).length).toBeGreaterThanOrEqual(6);
        expect((await boxes(page, '.data-table')).length).toBeGreaterThanOrEqual(3);
        for (const b of inside) {
          expect(b.left, `${b.id} (landscape ${orientation.landscape})`).toBeGreaterThanOrEqual(-0.5);
          expect(b.right, `${b.id} (landscape ${orientation.landscape})`).toBeLessThanOrEqual(printable + 0.5);
        }
        // Each chart's canvas is drawn at its box's size, not scaled from the screen's.
        const canvases = await page.evaluate(() =>
          [...document.querySelectorAll<HTMLElement>('[data-testid^="chart-"]')].map((slot) => ({
            id: slot.dataset.testid,
            slot: slot.clientWidth,
            canvas: slot.querySelector('canvas')?.getBoundingClientRect().width ?? 0,
          })),
        );
        for (const c of canvases) expect(Math.abs(c.canvas - c.slot), c.id).toBeLessThanOrEqual(2);
        await s.shot(`dashboard-print-${orientation.landscape ? 'landscape' : 'portrait'}.png`);

        const pdf = await page.pdf({ format: 'A4', landscape: orientation.landscape, printBackground: true });
        const text = pdf.toString('latin1');
        const pages = text.match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
        expect(pages).toBeGreaterThanOrEqual(1);
        expect(pages).toBeLessThanOrEqual(orientation.landscape ? 12 : 10);
        const box = text.match(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/);
        expect(box).not.toBeNull();
        const [w, h] = [Number(box![1]), Number(box![2])];
        // A4 in points: 595 × 842 (Chromium rounds to its paper sizes in inches), turned for landscape.
        expect(Math.abs((orientation.landscape ? h : w) - 595)).toBeLessThanOrEqual(2);
        expect(Math.abs((orientation.landscape ? w : h) - 842)).toBeLessThanOrEqual(2);
      } finally {
        await page.emulateMedia({ media: 'screen' });
      }
    }
    await page.setViewportSize(DESKTOP);
    await page.getByTestId('nav-map').click();
    await waitForMapReady(page);
  });

  it('compares scenarios in a readable table at 1280 px, with the population change and the combined network explained', async () => {
    const { page } = s;
    await page.setViewportSize({ width: 1280, height: 860 });
    try {
      await s.visit(`area=${AREA}`);
      await s.openTab('planning');
      await page.getByTestId('compare-base').selectOption('existing');
      await page.getByTestId('compare-target').selectOption(SCENARIO);
      await page.getByTestId('compare-run').click();
      const result = page.getByTestId('compare-result');
      await result.waitFor({ timeout: 240_000 });
      expect(await result.locator('tr[data-network]').count()).toBe(3);
      expect(await page.getByTestId('compare-sides').innerText()).toContain(SCENARIO);
      // No header or cell squeezed to a character per line: each is at most two lines high.
      const cells = await result.locator('th, td').evaluateAll((els) =>
        els.map((el) => ({
          text: el.textContent ?? '',
          height: el.getBoundingClientRect().height,
          line: parseFloat(getComputedStyle(el).lineHeight) || 16,
        })),
      );
      for (const c of cells.filter((c) => c.text)) expect(c.height, c.text).toBeLessThanOrEqual(2 * c.line + 8);
      // The population change, per network.
      const people = result.locator('tr[data-figure="coveredPopulation"][data-of="GSM"] td');
      expect(await people.count()).toBe(3);
      expect(await people.nth(2).innerText()).toMatch(/^\+[\d,]+$/);
      expect(await result.locator('tr[data-figure="populationPct"][data-of="GSM"] td').nth(2).innerText()).toContain('百分点');
      expect(await page.getByTestId('compare-any-note').innerText()).toContain('综合（任一制式）');
      await result.screenshot({ path: path.join(OUTPUT_DIR, 'compare-1280.png') });
      // The same in English.
      await page.getByTestId('language-switch').click();
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      expect(await page.getByTestId('compare-any-note').innerText()).toContain('Combined (either network)');
      expect(await result.locator('tr[data-figure="coveredPopulation"] th').first().innerText()).toBe('Covered population');
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  });

  it('closes a popup with Escape and keeps a grown popup on the map', async () => {
    const { page } = s;
    const popup = await openCellPopup(s);
    await page.keyboard.press('Escape');
    await popup.waitFor({ state: 'detached' });

    const again = await openCellPopup(s);
    // The popup's point moved near the bottom edge: an answer that makes it taller must not push it off.
    await page.evaluate(() => {
      const m = window.__coverageMap!;
      const popupEl = document.querySelector<HTMLElement>('.maplibregl-popup')!;
      const rect = m.getContainer().getBoundingClientRect();
      const box = popupEl.getBoundingClientRect();
      m.panBy([0, -(rect.bottom - 20 - box.bottom)], { duration: 0 });
    });
    await s.expectingConsoleError(/status of 400 \(Bad Request\)/, async () => {
      await page.getByTestId('cell-tilt').fill('99');
      await page.getByTestId('cell-apply').click();
      await again.getByTestId('popup-error').waitFor({ timeout: 30_000 });
    });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const inView = await page.evaluate(() => {
      const frame = window.__coverageMap!.getContainer().getBoundingClientRect();
      const box = document.querySelector<HTMLElement>('.maplibregl-popup-content')!.getBoundingClientRect();
      return { box: [box.top, box.bottom, box.left, box.right], frame: [frame.top, frame.bottom, frame.left, frame.right] };
    });
    expect(inView.box[0]).toBeGreaterThanOrEqual(inView.frame[0]);
    expect(inView.box[1]).toBeLessThanOrEqual(inView.frame[1]);
    expect(inView.box[2]).toBeGreaterThanOrEqual(inView.frame[2]);
    expect(inView.box[3]).toBeLessThanOrEqual(inView.frame[3]);
    await page.keyboard.press('Escape');
    await again.waitFor({ state: 'detached' });
  });

  it('names the servers of a point by site and candidate, not by key, in both languages', async () => {
    const { page } = s;
    const candidate = await candidateByCode(s, FUQIANG_CANDIDATE);
    const [lon, lat] = candidate.lonLat;
    for (const locale of ['zh-CN', 'en'] as const) {
      await s.visit(`area=${AREA}&net=GSM&layers=boundary,level&add=${FUQIANG_CANDIDATE}&map=14/${lat.toFixed(4)}/${lon.toFixed(4)}`, {
        locale,
      });
      await waitForMapIdle(page);
      const p = await pagePoint(page, [lon + 0.002, lat + 0.001]);
      await page.mouse.click(p.x, p.y);
      const popup = page.getByTestId('point-popup');
      await popup.waitFor({ timeout: 120_000 });
      const text = await popup.innerText();
      expect(text).not.toContain('candidate:');
      expect(text).toContain(locale === 'zh-CN' ? `候选站 ${candidate.name}（${FUQIANG_CANDIDATE}）` : `candidate `);
      const names = await popup.locator('.popup-servers tbody td:first-child').allInnerTexts();
      expect(names.length).toBeGreaterThan(0);
      for (const n of names) expect(n, 'a server named, not keyed').not.toMatch(/^[^\s]+\/[^\s]+$/);
    }
  });

  it('drops the other network’s tiles at once on a switch, and brings a previewed candidate into view', async () => {
    const { page } = s;
    await s.visit(`area=${AREA}&net=GSM&layers=boundary,level,candidates&map=11/46.6400/124.8500`);
    await waitForMapIdle(page);
    const before = await page.evaluate(() => window.__coverageMap!.style.tileManagers.coverage.getRenderableIds().length);
    expect(before).toBeGreaterThan(0);
    const after = await page.evaluate(async () => {
      document.querySelector<HTMLElement>('[data-testid="network-CDMA"]')!.click();
      await new Promise((r) => setTimeout(r, 0));
      const m = window.__coverageMap!;
      const source = m.getSource('coverage') as unknown as { tiles: string[] };
      return { url: source.tiles[0], renderable: m.style.tileManagers.coverage.getRenderableIds().length };
    });
    expect(after.url).toContain('technology=CDMA');
    expect(after.renderable, 'G-net tiles still drawn after the switch to C-net').toBe(0);
    await waitForMapIdle(page);
    expect(await page.evaluate(() => window.__coverageMap!.style.tileManagers.coverage.getRenderableIds().length)).toBeGreaterThan(0);

    // A preview from the ranking list eases the map to the candidate.
    await page.evaluate(() => window.__coverageMap!.jumpTo({ center: [124.95, 46.45], zoom: 10 }));
    await s.openTab('planning');
    const first = page.locator('[data-testid^="rank-preview-"]').first();
    await first.waitFor({ timeout: 240_000 });
    const code = (await first.getAttribute('data-testid'))!.slice('rank-preview-'.length);
    const target = await candidateByCode(s, code);
    const view = await page.evaluate(async (id) => {
      const m = window.__coverageMap!;
      const moved = new Promise<void>((resolve) => m.once('moveend', () => resolve()));
      document.querySelector<HTMLElement>(`[data-testid="${id}"]`)!.click();
      await moved;
      return { center: m.getCenter().toArray(), zoom: m.getZoom() };
    }, `rank-preview-${code}`);
    expect(view.zoom).toBeGreaterThanOrEqual(12);
    expect(Math.abs(view.center[0] - target.lonLat[0])).toBeLessThan(0.01);
    expect(Math.abs(view.center[1] - target.lonLat[1])).toBeLessThan(0.01);
  });
});
