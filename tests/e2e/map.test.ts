/**
 * The planner's map and the management dashboard in a real browser: the app is built in-process
 * on an embedded database with the demo data, the built web client (web/dist) is served by it, and
 * headless Chromium loads it. One app and one browser serve every test of the file, in order.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoverageFigures, GapCollection, Ranking } from '../../web/src/api/types.ts';
import { pointInPolygon } from '../../web/src/geo/place-names.ts';
import { formatPercent } from '../../web/src/i18n/index.ts';
import { MIN_TEXT_CONTRAST } from '../../web/src/lib/contrast.ts';
import { contrastOf, controlNames } from './support/accessibility.ts';
import {
  api,
  CHROMIUM,
  hasChromium,
  launchBrowser,
  mapPixels,
  OUTPUT_DIR,
  pagePoint,
  project,
  renderedCounts,
  signIn,
  startApp,
  startMarks,
  waitForMapIdle,
  waitForMapReady,
  waitForRendered,
  type Browser,
  type Rgb,
  type Running,
} from './support/browser.ts';
import { syntheticReportPage } from './support/synthetic-reports.ts';

if (!hasChromium && process.env.CI === 'true') {
  throw new Error(`Browser tests need Chromium at ${CHROMIUM} on CI (apt-get install chromium)`);
}
if (!hasChromium) {
  console.warn(`Skipping the browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium to run them)`);
}

const AREA = 'ranghulu';
/** The story of the source document: a new G-net site for Fuqiang Village. */
const FUQIANG_CANDIDATE = 'CAND-003';

/** Pixels of the level ramp below the threshold are red; above it yellow, green, cyan or blue. */
const belowThreshold = ([r, g]: Rgb) => r - g > 50;
const rampAbove = ([r, g, b]: Rgb) => (r > 200 && g > 170 && b < 120) || (g > r + 40 && g > b) || (b > r + 60 && g > r + 20);
/** Overlap classes 2, 3 and 4+ (yellow, orange, red) and pilot pollution (magenta); not the boundary line. */
const overlapLike = ([r, g, b]: Rgb) => (r > 200 && g > 60 && b < 140 && r - b > 90) || (r > 150 && b > 150 && g < 110);

describe.skipIf(!hasChromium)('planner map and dashboard in Chromium', () => {
  let server: Running;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;

  const shot = (name: string) => page.screenshot({ path: path.join(OUTPUT_DIR, name) });
  const setLayers = async (layers: string) => {
    await page.evaluate((l) => {
      const hash = new URLSearchParams(location.hash.slice(1));
      hash.set('layers', l);
      location.hash = decodeURIComponent(hash.toString());
    }, layers);
    await page.waitForFunction((l) => new URLSearchParams(location.hash.slice(1)).get('layers') === l, layers);
  };
  const openTab = async (tab: 'layers' | 'planning' | 'gaps') => {
    await page.getByTestId(`tab-${tab}`).click();
    await page.getByTestId(`tabpanel-${tab}`).waitFor();
  };
  let visits = 0;
  /** Opens the page afresh at this hash (a new document, so that nothing of the last one writes over the hash). */
  const visit = async (hash: string, timeout?: number) => {
    await page.goto(`${baseUrl}/?visit=${++visits}#${hash}`);
    await waitForMapReady(page, timeout);
  };
  const coverage = (query: string) => api<CoverageFigures>(server, 'GET', `/areas/${AREA}/coverage?${query}`);

  beforeAll(async () => {
    mkdirSync(OUTPUT_DIR, { recursive: true });
    server = await startApp();
    baseUrl = server.baseUrl;
    browser = await launchBrowser(baseUrl);
    page = browser.page;
    await page.goto(`${baseUrl}/`);
    await signIn(page, true);
    await waitForMapReady(page);
  }, 240_000); // seeding the demo area and starting Chromium, on a busy two-core machine

  afterAll(async () => {
    await browser?.context.close();
    await server?.app.close();
    if (browser?.profileDir) rmSync(browser.profileDir, { recursive: true, force: true });
  });

  describe('the map', () => {
    it('draws the first map within a reasonable time and prints it', async () => {
      type Run = { readyMs: number; seenMs: number; marks: Record<string, number>; load: string };
      const measure = async (): Promise<Run> => {
        const load = loadavg().map((l) => l.toFixed(2)).join(' ');
        await visit(`area=${AREA}`);
        const seenMs = await page.evaluate(() => performance.now());
        const marks = await startMarks(page);
        // The moment the page set data-map-ready: the map idle with the districts, the area, the cells and the reports drawn.
        return { readyMs: marks['first-map'], seenMs: Math.round(seenMs), marks, load };
      };
      const print = (label: string, r: Run) => {
        const steps = Object.entries(r.marks).map(([name, ms]) => `${name} ${ms}`).join(', ');
        console.log(`${label}: ${r.readyMs} ms after navigation (seen by the test at ${r.seenMs} ms; load average ${r.load}); ${steps}`);
      };
      // The page before starts the coverage computations (ranking, gaps) once its map is drawn, and
      // the server finishes them even when the page is gone. Printed for comparison: a first map
      // opened while they still run (a reload right after the first one, on a cold cache).
      print('first map render while the previous page\'s coverage computations run', await measure());
      // Measured: each visit after the page before has its coverage results (the machine is idle).
      const settle = async () => {
        await waitForRendered(page, 'candidates-label');
        await waitForRendered(page, 'gaps-fill');
      };
      await settle();
      const runs: Run[] = [];
      for (let i = 0; i < 3; i++) {
        runs.push(await measure());
        await settle();
      }
      for (const r of runs) print('first map render', r);
      const median = runs.map((r) => r.readyMs).sort((a, b) => a - b)[1];
      console.log(`first map render, median of ${runs.length}: ${median} ms`);
      expect(runs.every((r) => Number.isFinite(r.readyMs))).toBe(true);
      // Generous: a busy two-core CI machine with software WebGL.
      expect(median).toBeLessThan(30_000);
    });

    it('draws the cells as wedges of both networks, the reports, the area, the districts, the gaps and the ranked candidates', async () => {
      await waitForRendered(page, 'candidates-label');
      await waitForRendered(page, 'gaps-fill');
      const r = await renderedCounts(page, ['cells-fill', 'reports-clusters', 'reports-point', 'area-line', 'districts-fill', 'gaps-fill', 'candidates-circle', 'candidates-label', 'gaps-label']);
      expect(r['cells-fill']).toBeGreaterThan(50);
      expect(r['reports-clusters'] + r['reports-point']).toBeGreaterThan(0);
      expect(r['area-line']).toBeGreaterThan(0);
      expect(r['districts-fill']).toBeGreaterThan(1);
      expect(r['gaps-fill']).toBeGreaterThan(0);
      expect(r['candidates-circle']).toBeGreaterThan(10);
      expect(r['candidates-label']).toBeGreaterThan(3);
      const technologies = await page.evaluate(() => [...new Set(window.__coverageMap!.queryRenderedFeatures({ layers: ['cells-fill'] }).map((f) => String(f.properties.technology)))].sort());
      expect(technologies).toEqual(['CDMA', 'GSM']);
      const ranks = await page.evaluate(() => window.__coverageMap!.queryRenderedFeatures({ layers: ['candidates-label'] }).map((f) => [f.properties.code, f.properties.rank]));
      expect(ranks).toContainEqual([FUQIANG_CANDIDATE, 1]);
      const labels = await page.evaluate(() => window.__coverageMap!.querySourceFeatures('gap-labels').map((f) => f.properties.label));
      expect(labels).toContain('富强村');
      const zoom = await page.evaluate(() => window.__coverageMap!.getZoom());
      expect(zoom).toBeGreaterThan(7);
      expect(zoom).toBeLessThan(12);
    });

    it('shows the product name, the area picker and the summary in Chinese by default', async () => {
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      expect(await page.locator('.brand-name').textContent()).toBe('覆盖规划');
      expect(await page.getByTestId('area-picker').inputValue()).toBe(AREA);
      expect(await page.getByTestId('user-name').textContent()).toBe('admin');
      const cells = await page.getByTestId('stat-cells').textContent();
      expect(Number(cells?.replace(/,/g, ''))).toBeGreaterThan(50);
      expect(await page.getByTestId('nav-map').getAttribute('aria-current')).toBe('page');
    });

    it('renders a screenshot that is not blank', async () => {
      const pixels = await mapPixels(page, path.join(OUTPUT_DIR, 'map.png'));
      const colours = new Set<number>();
      let gsmLike = 0;
      let cdmaLike = 0;
      pixels.count(([r, g, b]) => {
        colours.add((r << 16) | (g << 8) | b);
        if (b > 150 && b > r + 40 && b > g + 20) gsmLike++;
        if (g > 110 && g > r + 30 && g > b + 20) cdmaLike++;
        return false;
      });
      expect(colours.size).toBeGreaterThan(100);
      expect(gsmLike).toBeGreaterThan(20);
      expect(cdmaLike).toBeGreaterThan(20);
    });

    it('keeps the area, the layers and the position in the URL hash', async () => {
      await page.getByTestId('layer-toggle-gsm').uncheck();
      await waitForMapIdle(page);
      const hash = await page.evaluate(() => location.hash);
      expect(hash).toContain(`area=${AREA}`);
      expect(hash).toMatch(/layers=[^&]*cdma/);
      expect(hash).not.toMatch(/layers=[^&]*gsm/);
      expect(hash).toMatch(/map=[\d.]+\/[\d.]+\/[\d.]+/);

      await visit(`area=${AREA}&net=CDMA&layers=gsm,reports&map=11/46.6500/124.8700`);
      const view = await page.evaluate(() => {
        const m = window.__coverageMap!;
        return { zoom: m.getZoom(), lon: m.getCenter().lng, lat: m.getCenter().lat };
      });
      expect(view.zoom).toBeCloseTo(11, 5);
      expect(view.lon).toBeCloseTo(124.87, 4);
      expect(view.lat).toBeCloseTo(46.65, 4);
      expect(await page.getByTestId('layer-toggle-cdma').isChecked()).toBe(false);
      expect(await page.getByTestId('layer-toggle-districts').isChecked()).toBe(false);
      expect(await page.getByTestId('network-CDMA').getAttribute('aria-pressed')).toBe('true');
      const r = await renderedCounts(page, ['districts-fill', 'candidates-circle']);
      expect(r).toEqual({ 'districts-fill': 0, 'candidates-circle': 0 });
      await page.getByTestId('network-GSM').click();
      expect(await page.evaluate(() => location.hash)).not.toContain('net=');
    });

    it('draws the coverage rasters when their layers are switched on, with the threshold on the legend', async () => {
      await visit(`area=${AREA}&layers=boundary`);
      const before = await mapPixels(page);
      const rampBefore = before.count(rampAbove);

      await page.getByTestId('layer-toggle-level').check();
      await waitForMapIdle(page);
      const level = await mapPixels(page, path.join(OUTPUT_DIR, 'map-level.png'));
      const rampAfter = level.count(rampAbove);
      console.log(`level raster: ${rampAfter} ramp pixels (${rampBefore} before)`);
      expect(rampAfter).toBeGreaterThan(rampBefore + 20_000);
      expect(level.count(belowThreshold)).toBeGreaterThan(before.count(belowThreshold) + 500);
      expect(await page.getByTestId('legend-threshold').textContent()).toBe('门限 -90 dBm');
      const tiles = await page.evaluate(() => (window.__coverageMap!.getSource('coverage') as unknown as { tiles: string[] }).tiles[0]);
      expect(tiles).toContain('technology=GSM&mode=level');

      await page.getByTestId('layer-toggle-overlap').check();
      expect(await page.getByTestId('layer-toggle-level').isChecked()).toBe(false);
      await waitForMapIdle(page);
      const overlap = await mapPixels(page, path.join(OUTPUT_DIR, 'map-overlap.png'));
      expect(overlap.count(overlapLike)).toBeGreaterThan(2_000);
      expect(await page.getByTestId('legend-overlap').textContent()).toContain('导频污染');

      await page.getByTestId('layer-toggle-best-server').check();
      await waitForMapIdle(page);
      const best = await mapPixels(page);
      const hues = new Set<number>();
      best.count(([r, g, b]) => {
        if (Math.max(r, g, b) - Math.min(r, g, b) > 60) hues.add(((r >> 5) << 6) | ((g >> 5) << 3) | (b >> 5));
        return false;
      });
      expect(hues.size).toBeGreaterThan(15);

      await page.getByTestId('layer-toggle-best-server').uncheck();
      await waitForMapIdle(page);
      expect((await mapPixels(page)).count(rampAbove)).toBeLessThan(rampBefore + 2_000);
      expect(await page.evaluate(() => window.__coverageMap!.getSource('coverage'))).toBeUndefined();
    });

    it('switches gaps and hotspots on and off (rendered features)', async () => {
      await page.getByTestId('layer-toggle-gaps').check();
      await page.getByTestId('layer-toggle-hotspots').check();
      await page.waitForFunction(() => (window.__coverageMap?.queryRenderedFeatures({ layers: ['hotspots-fill'] }).length ?? 0) > 0, null, { timeout: 120_000 });
      await waitForMapIdle(page);
      const on = await renderedCounts(page, ['gaps-fill', 'hotspots-fill']);
      expect(on['gaps-fill']).toBeGreaterThan(2);
      expect(on['hotspots-fill']).toBeGreaterThan(2);
      const red = (await mapPixels(page)).count(([r, g, b]) => r > 200 && g < 170 && b < 190 && r - g > 60);
      await page.getByTestId('layer-toggle-gaps').uncheck();
      await page.getByTestId('layer-toggle-hotspots').uncheck();
      await waitForMapIdle(page);
      expect(await renderedCounts(page, ['gaps-fill', 'hotspots-fill'])).toEqual({ 'gaps-fill': 0, 'hotspots-fill': 0 });
      expect((await mapPixels(page)).count(([r, g, b]) => r > 200 && g < 170 && b < 190 && r - g > 60)).toBeLessThan(red);
    });

    it('shows the level per server of a clicked pixel', async () => {
      await visit(`area=${AREA}&layers=boundary,level&map=13/46.6400/124.8500`);
      await waitForMapIdle(page);
      const p = await pagePoint(page, [124.85, 46.64]);
      await page.mouse.click(p.x, p.y);
      const popup = page.getByTestId('point-popup');
      await popup.waitFor({ timeout: 60_000 });
      const text = await popup.innerText();
      expect(text).toContain('接收电平');
      expect(text).toContain('各小区电平');
      expect(await popup.locator('.popup-servers tbody tr').count()).toBeGreaterThan(1);
      expect(text).toMatch(/-\d+(\.\d)? dBm/);
    });

    it('opens an escaped popup with the cell details and an editor when a wedge is clicked', async () => {
      await visit(`area=${AREA}&layers=gsm,cdma`);
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
      const popup = page.getByTestId('cell-popup');
      await popup.waitFor({ state: 'visible', timeout: 10_000 });
      const text = await popup.textContent();
      expect(text).toContain('方位角');
      expect(text).toContain('MHz');
      expect(await popup.locator('script, img, iframe').count()).toBe(0);
      expect(await page.getByTestId('cell-azimuth').isVisible()).toBe(true);
    });

    it('explains an out-of-range cell edit with the field problem from the API', async () => {
      browser.expected.push(/status of 400 \(Bad Request\)/);
      await page.getByTestId('cell-azimuth').fill('400');
      await page.getByTestId('cell-apply').click();
      const error = page.getByTestId('popup-error');
      await error.waitFor();
      expect(await error.innerText()).toContain('方位角：不能大于 360');
      browser.expected.pop();
    });

    it('switches the whole page to English and back, and remembers the choice', async () => {
      await page.getByTestId('language-switch').click();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.locator('.brand-name').textContent()).toBe('Coverage Planner');
      expect(await page.getByTestId('nav-dashboard').textContent()).toBe('Management dashboard');
      expect(await page.getByTestId('tab-layers').textContent()).toBe('Layers');
      expect(await page.getByTestId('area-picker').locator('option:checked').textContent()).toBe('Ranghulu District');
      const labelField = await page.evaluate(() => window.__coverageMap!.getLayoutProperty('district-labels', 'text-field'));
      expect(labelField).toEqual(['get', 'name_en']);
      await page.reload();
      await waitForMapReady(page);
      expect(await page.locator('.brand-name').textContent()).toBe('Coverage Planner');
      expect(await page.getByTestId('side-panel').textContent()).toContain('Problem reports');
      await page.getByTestId('language-switch').click();
      expect(await page.locator('.brand-name').textContent()).toBe('覆盖规划');
      expect(await page.getByTestId('area-picker').locator('option:checked').textContent()).toBe('让胡路区');
    });

    it('takes clicks and pointer moves on the map before it has drawn anything', async () => {
      // The map gets its style with the first data: held back here by holding the reports.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      const reports = /\/reports\?/;
      await page.route(reports, async (route) => {
        await held;
        await route.continue();
      });
      await page.goto(`${baseUrl}/?visit=${++visits}#area=${AREA}`);
      await page.waitForFunction(() => window.__coverageMap !== undefined);
      const box = (await page.getByTestId('map').boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      expect(await page.evaluate(() => document.body.dataset.mapReady)).toBeUndefined();
      release();
      await waitForMapReady(page);
      await page.unroute(reports);
      expect(browser.problems).toEqual([]);
    });
  });

  describe('accessibility', () => {
    it('names every control, on the map and in every tab', async () => {
      await visit(`area=${AREA}`);
      for (const tab of ['layers', 'planning', 'gaps'] as const) {
        await openTab(tab);
        if (tab === 'planning') await page.getByTestId('ranking-list').waitFor({ timeout: 120_000 });
        if (tab === 'gaps') await page.getByTestId('gap-list').waitFor({ timeout: 120_000 });
        const controls = await controlNames(page);
        expect(controls.length, tab).toBeGreaterThan(15);
        expect(controls.filter((c) => c.name === ''), tab).toEqual([]);
      }
      await openTab('layers');
    });

    it('reaches the header, the tabs, the network switch and the layer switches with the keyboard', async () => {
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      const reached = new Set<string>();
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        const id = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid);
        if (id) reached.add(id);
      }
      for (const id of ['panel-toggle', 'nav-map', 'nav-dashboard', 'area-picker', 'language-switch', 'settings-button', 'sign-out', 'network-GSM', 'network-CDMA', 'tab-layers', 'layer-toggle-level', 'layer-toggle-gaps', 'layer-toggle-candidates', 'layer-toggle-reports']) {
        expect(reached, id).toContain(id);
      }
      // Arrow keys move between the tabs, as the WAI-ARIA tabs pattern has it.
      await page.getByTestId('tab-layers').focus();
      await page.keyboard.press('ArrowRight');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-planning');
      expect(await page.getByTestId('tab-planning').getAttribute('aria-selected')).toBe('true');
      await openTab('layers');
    });

    it('keeps the main text readable (WCAG AA contrast, computed from the CSS colours)', async () => {
      const selectors = ['.brand-name', '.brand-tagline', '.view-link:not([aria-current])', '.server-status', '.header-area label', '.network-label', '.segment[aria-pressed="true"]', '.segment[aria-pressed="false"]', '.tab[aria-selected="true"]', '.tab[aria-selected="false"]', '.panel-section h2', '.layer-name', '.layer-count', '.stat dt', '.stat dd', '.legend-hint', '.panel-footnote'];
      const results = await contrastOf(page, selectors);
      console.log(`contrast: ${results.map((r) => `${r.selector} ${r.ratio.toFixed(1)}`).join(', ')}`);
      for (const r of results) expect(r.ratio, `${r.selector} "${r.text}"`).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
      await openTab('planning');
      const planning = await contrastOf(page, ['.panel-hint', '.rank-title', '.metric-label', '.rank-metrics', '.button-primary', '.button-quiet', '.figures-table th[scope="row"]', '.field-grid label']);
      for (const r of planning) expect(r.ratio, `${r.selector} "${r.text}"`).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
      await openTab('layers');
    });
  });

  /** The acceptance story, once in each language: the Fuqiang Village gap, CAND-003, its preview, a saved scenario, the dashboard. */
  const story = (locale: 'zh-CN' | 'en', words: { place: string; gapTitle: string; scenario: string; saved: string; existing: string; network: string }) =>
    it(`finds the Fuqiang Village gap, ranks ${FUQIANG_CANDIDATE} first for G-net, previews it, saves it and shows before/after on the dashboard (${locale})`, async () => {
      await visit(`area=${AREA}&layers=boundary,gaps,candidates`);
      if ((await page.locator('html').getAttribute('lang')) !== locale) await page.getByTestId('language-switch').click();
      expect(await page.locator('html').getAttribute('lang')).toBe(locale);

      // The gap: first in the list, named after the village, with the new site as the remedy.
      await openTab('gaps');
      const first = page.getByTestId('gap-list').locator('li').first();
      await first.waitFor({ timeout: 120_000 });
      expect(await first.getAttribute('data-place')).toBe(words.place);
      await page.getByTestId('gap-list').locator('li', { hasText: FUQIANG_CANDIDATE }).first().waitFor({ timeout: 120_000 });
      await first.getByRole('button').click();
      const gapPopup = page.getByTestId('gap-popup');
      await gapPopup.waitFor();
      await page.waitForFunction((code) => document.querySelector('[data-testid="gap-popup"]')?.textContent?.includes(code), FUQIANG_CANDIDATE, { timeout: 60_000 });
      const gapText = await gapPopup.innerText();
      expect(gapText).toContain(words.gapTitle);
      expect(gapText).toContain(FUQIANG_CANDIDATE);
      await page.locator('.maplibregl-popup-close-button').click();

      // The ranking of G-net candidates on the existing network.
      await openTab('planning');
      await page.getByTestId('base-scenario').selectOption('existing');
      const ranking = page.getByTestId('ranking-list');
      await ranking.waitFor({ timeout: 120_000 });
      const top = ranking.locator('li').first();
      expect(await top.getAttribute('data-testid')).toBe(`rank-item-${FUQIANG_CANDIDATE}`);
      expect(await top.getAttribute('data-rank')).toBe('1');

      // Its preview: the level tiles with the candidate, and the coverage change.
      const gaps = await api<GapCollection>(server, 'GET', `/areas/${AREA}/coverage/gaps?technology=GSM`);
      const gap = gaps.features[0];
      await setLayers('boundary,level');
      await page.evaluate((bbox) => window.__coverageMap!.fitBounds(bbox, { duration: 0, padding: 40 }), gapBbox(gap.geometry));
      await waitForMapIdle(page);
      const samples = samplePoints(gap.geometry);
      const coveredBefore = await countAt(page, samples, rampAbove);
      await page.getByTestId(`rank-preview-${FUQIANG_CANDIDATE}`).click();
      const preview = page.getByTestId('preview-figures');
      await preview.waitFor({ timeout: 120_000 });
      await page.waitForFunction((code) => (window.__coverageMap!.getSource('coverage') as unknown as { tiles: string[] } | undefined)?.tiles[0].includes(`candidates=${code}`), FUQIANG_CANDIDATE);
      await waitForMapIdle(page);
      const coveredAfter = await countAt(page, samples, rampAbove);
      await shot(`story-preview-${locale}.png`);
      console.log(`preview of ${FUQIANG_CANDIDATE}: ${coveredBefore} of ${samples.length} points of the gap drawn as covered before, ${coveredAfter} after`);
      expect(samples.length).toBeGreaterThan(20);
      expect(coveredBefore).toBeLessThan(samples.length * 0.2);
      expect(coveredAfter).toBeGreaterThan(samples.length * 0.7);
      const existing = await coverage('technology=GSM');
      const withSite = await coverage(`technology=GSM&candidates=${FUQIANG_CANDIDATE}`);
      expect(withSite.coveragePct).toBeGreaterThan(existing.coveragePct + 1);
      const row = preview.locator('[data-figure="coveragePct"]');
      expect(await row.innerText()).toContain(formatPercent(locale, existing.coveragePct, 2));
      expect(await row.innerText()).toContain(formatPercent(locale, withSite.coveragePct, 2));

      // Into the working scenario, saved under a name.
      await page.getByTestId(`rank-add-${FUQIANG_CANDIDATE}`).click();
      await page.getByTestId(`working-remove-${FUQIANG_CANDIDATE}`).waitFor();
      await page.getByTestId('working-figures').locator('thead').waitFor({ timeout: 120_000 });
      await page.getByTestId('scenario-name').fill(words.scenario);
      await page.getByTestId('scenario-save').click();
      await page.getByTestId('scenario-save-message').filter({ hasText: words.saved }).waitFor({ timeout: 60_000 });
      expect(await page.evaluate(() => decodeURIComponent(location.hash))).toContain(`scenario=${words.scenario}`);
      const saved = await api<{ changes: { addCandidates: string[] } }>(server, 'GET', `/areas/${AREA}/scenarios/${encodeURIComponent(words.scenario)}`);
      expect(saved.changes.addCandidates).toEqual([FUQIANG_CANDIDATE]);

      // The dashboard: before and after for each network.
      await page.getByTestId('nav-dashboard').click();
      const effect = page.getByTestId('dash-effect-table');
      await effect.waitFor({ timeout: 240_000 });
      await page.getByTestId('dash-effect-scenario').selectOption(words.scenario);
      await page.waitForFunction((name) => document.querySelector('[data-testid="dash-effect-table"]')?.getAttribute('data-scenario') === name, words.scenario);
      const gsmRow = page.getByTestId('dash-effect-table').locator('tr[data-network="GSM"]');
      expect(await gsmRow.locator('[data-value="before-area"]').innerText()).toBe(formatPercent(locale, existing.coveragePct, 2));
      expect(await gsmRow.locator('[data-value="after-area"]').innerText()).toBe(formatPercent(locale, withSite.coveragePct, 2));
      expect(await page.getByTestId('dash-effect-sites').innerText()).toContain(FUQIANG_CANDIDATE);
      expect(await page.getByTestId('dash-figures').innerText()).toContain(words.existing);
      expect(await page.getByTestId('dash-effect-table').innerText()).toContain(words.network);
      await waitForCharts(page);
      await shot(`dashboard-${locale}.png`);
    });

  describe('the acceptance story', () => {
    story('zh-CN', { place: '富强村', gapTitle: '覆盖缺口 · 富强村', scenario: '富强村G网新站', saved: '已保存方案', existing: '现网', network: 'G网（GSM）' });

    it('draws every dashboard chart on its canvas', async () => {
      const charts = await chartPixels(page);
      expect(Object.keys(charts).sort()).toEqual(['chart-coverage-area', 'chart-coverage-population', 'chart-reports-kind', 'chart-reports-month', 'chart-reports-source', 'chart-reports-status']);
      for (const [id, painted] of Object.entries(charts)) expect(painted, id).toBeGreaterThan(2_000);
      const controls = await controlNames(page, '#dashboard');
      expect(controls.filter((c) => c.name === '')).toEqual([]);
      const contrast = await contrastOf(page, ['.dash-title', '.dash-subtitle', '.kpi-label', '.kpi-value', '.kpi-sub', '.data-table thead th', '.data-table td', '.chart-box figcaption', '.export-link']);
      for (const r of contrast) expect(r.ratio, `${r.selector} "${r.text}"`).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    });

    it('exports the figures as CSV with a BOM, links the layer exports and builds the plan GeoJSON', async () => {
      const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dash-csv').click()]);
      const text = readFileSync(await csv.path(), 'utf8');
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const lines = text.slice(1).trim().split('\r\n');
      expect(lines[0]).toBe('方案,制式,面积覆盖率（%）,人口覆盖率（%）,覆盖面积（km²）,区域面积（km²）,覆盖人口,总人口,覆盖区外上报,缺口数');
      expect(lines.some((l) => l.startsWith('富强村G网新站,G网（GSM）,'))).toBe(true);
      expect(lines.length).toBeGreaterThanOrEqual(7);

      const kml = await page.getByTestId('export-gaps-gsm-kml').getAttribute('href');
      expect(kml).toBe(`/api/v1/areas/${AREA}/exports/gaps-gsm.kml`);
      const response = await page.request.get(`${baseUrl}${kml}`);
      expect(response.status()).toBe(200);
      expect(await response.text()).toContain('<kml');
      for (const id of ['export-gaps-cdma-geojson', 'export-candidates-csv', 'export-hotspots-kml']) expect(await page.getByTestId(id).getAttribute('href')).toMatch(/\/exports\//);

      const [plan] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-plan-geojson').click()]);
      const geojson = JSON.parse(readFileSync(await plan.path(), 'utf8')) as { features: { properties: { code: string }; geometry: { coordinates: number[] } }[] };
      expect(geojson.features.map((f) => f.properties.code)).toEqual([FUQIANG_CANDIDATE]);
      expect(geojson.features[0].geometry.coordinates[0]).toBeCloseTo(124.6571, 3);
      const [kmlPlan] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-plan-kml').click()]);
      expect(readFileSync(await kmlPlan.path(), 'utf8')).toContain(`<name>${FUQIANG_CANDIDATE} `);
    });

    it('prints a report page with the figures and charts only', async () => {
      await page.evaluate(() => {
        (window as unknown as { printed: number }).printed = 0;
        window.print = () => void ((window as unknown as { printed: number }).printed += 1);
      });
      await page.getByTestId('dash-print').click();
      expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.app-header').isVisible()).toBe(false);
      expect(await page.getByTestId('dash-print').isVisible()).toBe(false);
      expect(await page.getByTestId('dash-effect-table').isVisible()).toBe(true);
      expect(await page.getByTestId('chart-coverage-area').locator('canvas').isVisible()).toBe(true);
      await shot('dashboard-print.png');
      await page.emulateMedia({ media: 'screen' });
    });

    story('en', { place: 'Fuqiang Village', gapTitle: 'Coverage gap · Fuqiang Village', scenario: 'Fuqiang G-net site', saved: 'saved', existing: 'Existing network', network: 'G-net (GSM)' });

    it('charts both saved scenarios beside the existing network, in English', async () => {
      const legend = await page.evaluate(() => {
        const el = document.querySelector('[data-testid="chart-coverage-area"]');
        return el ? (el.getAttribute('aria-label') ?? '') : '';
      });
      expect(legend).toMatch(/^Coverage by area \(bar chart\)\. Existing network: G-net \(GSM\) \d+\.\d\d%/);
      expect(legend).toContain('Fuqiang G-net site: G-net (GSM)');
      const rows = await page.getByTestId('dash-figures').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-scenario')));
      expect(new Set(rows)).toEqual(new Set(['', '富强村G网新站', 'Fuqiang G-net site']));
      await page.getByTestId('nav-map').click();
      await waitForMapReady(page);
    });

    it('loads the figures of every charted scenario and network in one request', async () => {
      await visit(`area=${AREA}`);
      const asked: string[] = [];
      const record = (request: { url: () => string }) => {
        const url = new URL(request.url());
        if (/\/(coverage|dashboard\/figures)$/.test(url.pathname)) asked.push(url.pathname + url.search);
      };
      page.on('request', record);
      await page.getByTestId('nav-dashboard').click();
      await page.getByTestId('dash-figures').locator('tbody tr').first().waitFor({ timeout: 240_000 });
      page.off('request', record);
      const scenarios = await api<{ items: { id: number }[] }>(server, 'GET', `/areas/${AREA}/scenarios`);
      // The scenarios were saved one after the other: by creation is by id.
      const ids = scenarios.items.map((s) => s.id).sort((a, b) => a - b);
      expect(asked).toEqual([`/api/v1/areas/${AREA}/dashboard/figures?scenarios=${ids.join('%2C')}`]);
      expect(await page.getByTestId('dash-figures').locator('tbody tr').count()).toBe(3 * (1 + scenarios.items.length));
      await page.getByTestId('nav-map').click();
      await waitForMapReady(page);
    });
  });

  describe('planning tools', () => {
    it('runs a greedy and an exact plan, and the page stays responsive meanwhile', async () => {
      await page.getByTestId('language-switch').click();
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      await openTab('planning');
      await page.getByTestId('base-scenario').selectOption('existing');
      await page.getByTestId('plan-max-sites').fill('2');
      await page.getByTestId('plan-method-greedy').check();
      await page.getByTestId('plan-run').click();
      await page.getByTestId('plan-busy').waitFor();
      // While the server plans, the page answers at once: a click is handled within a frame or two.
      const switchMs = await page.evaluate(async () => {
        const press = async (id: string) => {
          const t0 = performance.now();
          document.querySelector<HTMLElement>(`[data-testid="${id}"]`)!.click();
          await new Promise((r) => requestAnimationFrame(r));
          if (document.querySelector(`[data-testid="${id}"]`)?.getAttribute('aria-pressed') !== 'true') throw new Error(`${id} not pressed`);
          return performance.now() - t0;
        };
        return [await press('network-CDMA'), await press('network-GSM')];
      });
      console.log(`network switch while planning: ${switchMs.map(Math.round).join(' ms, ')} ms`);
      for (const ms of switchMs) expect(ms).toBeLessThan(1_000);
      // Switching the network drops the plan: run it again for G-net.
      await page.getByTestId('plan-run').click();
      const result = page.getByTestId('plan-result');
      await result.waitFor({ timeout: 180_000 });
      expect(await result.locator('li').first().getAttribute('data-code')).toBe(FUQIANG_CANDIDATE);
      expect(await result.innerText()).toContain('启发式结果');
      const row = await page.getByTestId('plan-figures').locator('[data-figure="coveragePct"] td').allInnerTexts();
      expect(parseFloat(row[1])).toBeGreaterThan(parseFloat(row[0]));

      await page.getByTestId('plan-method-exact').check();
      await page.getByTestId('plan-run').click();
      await page.getByTestId('plan-result').filter({ hasText: '已证明最优' }).waitFor({ timeout: 180_000 });
      await page.getByTestId('plan-use').click();
      expect(await page.getByTestId('working-list').locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-code')))).toContain(FUQIANG_CANDIDATE);
    });

    it('refuses a plan of zero sites with the API field problem', async () => {
      browser.expected.push(/status of 400 \(Bad Request\)/);
      await page.getByTestId('plan-max-sites').fill('0');
      await page.getByTestId('plan-run').click();
      await page.getByTestId('plan-error').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('plan-error').innerText()).toBe('最多新建站数：不能小于 1');
      browser.expected.pop();
    });

    it('compares two scenarios side by side and draws the difference', async () => {
      await page.getByTestId('compare-base').selectOption('existing');
      await page.getByTestId('compare-target').selectOption('富强村G网新站');
      await page.getByTestId('compare-run').click();
      const result = page.getByTestId('compare-result');
      await result.waitFor({ timeout: 240_000 });
      expect(await result.locator('tr[data-network]').count()).toBe(3);
      expect(await result.innerText()).toContain('富强村G网新站');
      expect(await page.evaluate(() => location.hash)).toMatch(/layers=[^&]*difference/);
      await page.waitForFunction(() => (window.__coverageMap?.querySourceFeatures('difference').length ?? 0) > 0, null, { timeout: 30_000 });
      await page.evaluate(() => window.__coverageMap!.jumpTo({ center: [124.65, 46.95], zoom: 10.5 }));
      await waitForMapIdle(page);
      expect((await renderedCounts(page, ['difference-fill']))['difference-fill']).toBeGreaterThan(0);
      await shot('compare.png');
    });

    it('refuses a second scenario of the same name, in words', async () => {
      browser.expected.push(/status of 409 \(Conflict\)/);
      await page.getByTestId('scenario-name').fill('富强村G网新站');
      await page.getByTestId('scenario-save').click();
      const message = page.getByTestId('scenario-save-message').filter({ hasText: '未能保存' });
      await message.waitFor({ timeout: 30_000 });
      expect(await message.innerText()).toContain('方案名称：已存在同名方案');
      browser.expected.pop();
    });

    it('renames the base scenario, refuses a taken name, and deletes it after asking', async () => {
      const empty = { addCandidates: [], cellChanges: [], removeCells: [] };
      await api(server, 'POST', `/areas/${AREA}/scenarios`, { name: '临时方案', changes: empty });
      const names = async () => (await api<{ items: { name: string }[] }>(server, 'GET', `/areas/${AREA}/scenarios`)).items.map((sc) => sc.name);
      await visit(`area=${AREA}&scenario=${encodeURIComponent('临时方案')}`);
      await openTab('planning');
      expect(await page.getByTestId('base-scenario').inputValue()).toBe('临时方案');
      const message = page.getByTestId('scenario-manage-message');

      // Rename: the field starts with the current name; the scenario stays the base under the new one.
      expect(await page.getByTestId('scenario-rename').inputValue()).toBe('临时方案');
      await page.getByTestId('scenario-rename').fill('临时方案（改名）');
      await page.getByTestId('scenario-rename-submit').click();
      await message.filter({ hasText: '方案已重命名为“临时方案（改名）”' }).waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('base-scenario').inputValue()).toBe('临时方案（改名）');
      expect(decodeURIComponent(await page.evaluate(() => location.hash))).toContain('scenario=临时方案（改名）');
      expect(await names()).toContain('临时方案（改名）');
      expect(await names()).not.toContain('临时方案');

      // A name another scenario has is refused, in words, and nothing changes.
      browser.expected.push(/status of 409 \(Conflict\)/);
      await page.getByTestId('scenario-rename').fill('富强村G网新站');
      await page.getByTestId('scenario-rename-submit').click();
      await message.filter({ hasText: '未能保存' }).waitFor({ timeout: 30_000 });
      expect(await message.innerText()).toContain('方案名称：已存在同名方案');
      expect(await page.getByTestId('base-scenario').inputValue()).toBe('临时方案（改名）');
      browser.expected.pop();

      // Delete: asked first (and cancelled once), then the existing network becomes the base.
      const box = page.getByTestId('scenario-delete-box');
      await page.getByTestId('scenario-delete').click();
      await box.waitFor({ state: 'visible' });
      expect(await box.innerText()).toContain('删除方案“临时方案（改名）”？');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('scenario-delete-confirm');
      await page.getByTestId('scenario-delete-cancel').click();
      await box.waitFor({ state: 'hidden' });
      expect(await names()).toContain('临时方案（改名）');
      await page.getByTestId('scenario-delete').click();
      await page.getByTestId('scenario-delete-confirm').click();
      await message.filter({ hasText: '已删除方案“临时方案（改名）”' }).waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('base-scenario').inputValue()).toBe('existing');
      expect(await page.getByTestId('scenario-manage').count()).toBe(0);
      expect(await page.evaluate(() => location.hash)).not.toContain('scenario=');
      expect(await names()).not.toContain('临时方案（改名）');
      expect(await page.locator('#base-scenario option').allInnerTexts()).not.toContain('临时方案（改名）');
    });
  });

  describe('editing in the map', () => {
    it('moves the report workflow on from its popup, explaining a missing resolution', async () => {
      const open = await api<{ features: { id: number; geometry: { coordinates: [number, number] } }[] }>(server, 'GET', `/areas/${AREA}/reports?status=open&limit=1`);
      const report = open.features[0];
      const [lon, lat] = report.geometry.coordinates;
      await visit(`area=${AREA}&layers=reports&map=18/${lat}/${lon}`);
      await waitForMapIdle(page);
      const target = await page.evaluate((id) => {
        const m = window.__coverageMap!;
        const f = m.queryRenderedFeatures({ layers: ['reports-point'] }).find((x) => Number(x.properties.id) === id);
        if (f?.geometry.type !== 'Point') return null;
        const p = m.project(f.geometry.coordinates as [number, number]);
        const rect = m.getCanvas().getBoundingClientRect();
        return { id, x: rect.left + p.x, y: rect.top + p.y };
      }, report.id);
      expect(target).not.toBeNull();
      await page.mouse.click(target!.x, target!.y);
      const popup = page.getByTestId('report-popup');
      await popup.waitFor();
      expect(await popup.getAttribute('data-status')).toBe('open');
      await page.getByTestId('report-investigate').click();
      await page.locator('[data-testid="report-popup"][data-status="investigating"]').waitFor();
      browser.expected.push(/status of 422 \(Unprocessable Entity\)/);
      await page.getByTestId('report-resolve').click();
      await page.getByTestId('report-confirm').click();
      await page.getByTestId('popup-error').waitFor();
      expect(await page.getByTestId('popup-error').innerText()).toContain('处理方式：标记为已解决时须选择处理方式');
      browser.expected.pop();
      await page.getByTestId('report-resolution').selectOption('new-site');
      await page.getByTestId('report-candidate').selectOption(FUQIANG_CANDIDATE);
      await page.getByTestId('report-confirm').click();
      await page.locator('[data-testid="report-popup"][data-status="resolved"]').waitFor();
      const stored = await api<{ properties: { status: string; resolution: string; resolvedByCandidateCode: string } }>(server, 'GET', `/areas/${AREA}/reports/${target!.id}`);
      expect(stored.properties).toMatchObject({ status: 'resolved', resolution: 'new-site', resolvedByCandidateCode: FUQIANG_CANDIDATE });
    });

    it('drags a candidate to a new place (saved with PATCH) and refuses coordinates off the globe', async () => {
      const ranking = await api<Ranking>(server, 'GET', `/areas/${AREA}/candidates/ranking?technology=CDMA`);
      const candidate = ranking.items.at(-1)!;
      await visit(`area=${AREA}&layers=candidates&map=14/${candidate.lat}/${candidate.lon}`);
      await waitForMapIdle(page);
      const from = await pagePoint(page, [candidate.lon, candidate.lat]);
      const patched = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith(`/candidates/${candidate.id}`));
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      for (let i = 1; i <= 10; i++) await page.mouse.move(from.x + i * 12, from.y + i * 6);
      await page.mouse.up();
      expect((await patched).status()).toBe(200);
      await page.getByTestId('toast').filter({ hasText: '移至新位置' }).waitFor({ timeout: 60_000 });
      const moved = await api<{ geometry: { coordinates: [number, number] } }>(server, 'GET', `/areas/${AREA}/candidates/${candidate.id}`);
      const expected = await page.evaluate(({ x, y }) => {
        const m = window.__coverageMap!;
        const rect = m.getCanvas().getBoundingClientRect();
        const ll = m.unproject([x - rect.left, y - rect.top]);
        return [ll.lng, ll.lat];
      }, { x: from.x + 120, y: from.y + 60 });
      expect(moved.geometry.coordinates[0]).toBeCloseTo(expected[0], 4);
      expect(moved.geometry.coordinates[1]).toBeCloseTo(expected[1], 4);

      const at = await project(page, moved.geometry.coordinates);
      const box = (await page.getByTestId('map').boundingBox())!;
      await page.mouse.click(box.x + at.x, box.y + at.y);
      await shot('candidate-moved.png');
      await page.getByTestId('candidate-popup').waitFor();
      browser.expected.push(/status of 400 \(Bad Request\)/);
      await page.getByTestId('candidate-lon').fill('200');
      await page.getByTestId('candidate-move').click();
      await page.getByTestId('popup-error').waitFor();
      expect(await page.getByTestId('popup-error').innerText()).toContain('经度：不能大于 180');
      browser.expected.pop();
    });

    it('applies a cell edit and says how the coverage moved', async () => {
      const cells = await api<{ features: { properties: { id: number; technology: string; siteCode: string; code: string; powerDbm: number } ; geometry: { coordinates: [number, number] } }[] }>(server, 'GET', `/areas/${AREA}/cells?technology=GSM`);
      const cell = cells.features.find((f) => f.properties.powerDbm < 46)!;
      await visit(`area=${AREA}&layers=gsm&map=15/${cell.geometry.coordinates[1]}/${cell.geometry.coordinates[0]}`);
      await waitForMapIdle(page);
      const p = await page.evaluate((id) => {
        const m = window.__coverageMap!;
        const f = m.queryRenderedFeatures({ layers: ['cells-fill'] }).find((x) => Number(x.properties.id) === id)!;
        const ring = (f.geometry as GeoJSON.Polygon).coordinates[0];
        const mid = ring[Math.floor(ring.length / 2)];
        const q = m.project([(ring[0][0] * 0.4 + mid[0] * 0.6), (ring[0][1] * 0.4 + mid[1] * 0.6)]);
        const rect = m.getCanvas().getBoundingClientRect();
        return { x: rect.left + q.x, y: rect.top + q.y };
      }, cell.properties.id);
      await page.mouse.click(p.x, p.y);
      const popup = page.getByTestId('cell-popup');
      await popup.waitFor();
      // Sectors of a site overlap: edit whichever cell the popup is about.
      const id = Number(await popup.getAttribute('data-cell-id'));
      const power = Number(await page.getByTestId('cell-power').inputValue());
      await page.getByTestId('cell-power').fill(String(power + 3));
      await page.getByTestId('cell-apply').click();
      const ok = page.getByTestId('popup-ok');
      await ok.waitFor({ timeout: 180_000 });
      expect(await ok.innerText()).toMatch(/已更新 .+ · G网（GSM）覆盖率（面积）\d+\.\d\d% → \d+\.\d\d%，覆盖面积变化 [+-]?[\d.]+ km²/);
      const stored = await api<{ properties: { powerDbm: number } }>(server, 'GET', `/areas/${AREA}/cells/${id}`);
      expect(stored.properties.powerDbm).toBe(power + 3);
      expect(await page.getByTestId('cell-power').inputValue()).toBe(String(power + 3));
    });
  });

  describe('100,000 problem reports', () => {
    it('clusters them and keeps the page responsive', async () => {
      const total = 100_000;
      const area = await api<{ bbox: [number, number, number, number] }>(server, 'GET', `/areas/${AREA}`);
      const reportsRoute = (url: URL) => url.pathname === `/api/v1/areas/${AREA}/reports` || /^\/api\/v1\/areas\/\d+\/reports$/.test(url.pathname);
      await page.route(
        reportsRoute,
        (route) => {
          const url = new URL(route.request().url());
          // The synthetic ids run 1, 2, 3 ...: the page after id `cursor` starts at that offset.
          const after = Number(url.searchParams.get('cursor') ?? 0);
          const limit = Number(url.searchParams.get('limit') ?? 1000);
          return route.fulfill({ contentType: 'application/json', body: JSON.stringify(syntheticReportPage(total, after, limit, area.bbox)) });
        },
      );
      await page.addInitScript(() => {
        const w = window as unknown as { longTasks: number[] };
        w.longTasks = [];
        new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
      });
      const t0 = Date.now();
      await visit(`area=${AREA}&layers=boundary,reports`, 180_000);
      const readyMs = Date.now() - t0;
      expect(await page.getByTestId('stat-reports').textContent()).toBe('100,000');
      const clustered = await page.evaluate(() => {
        const m = window.__coverageMap!;
        const features = m.queryRenderedFeatures({ layers: ['reports-clusters', 'reports-point'] });
        return { drawn: features.length, reports: features.reduce((n, f) => n + (Number(f.properties.point_count) || 1), 0) };
      });
      expect(clustered.reports).toBe(total);
      expect(clustered.drawn).toBeLessThan(2_000);

      // Zoom and pan while measuring the longest gap between frames, then a click on the panel.
      const frames = await page.evaluate(async () => {
        const m = window.__coverageMap!;
        const w = window as unknown as { longTasks: number[] };
        const before = w.longTasks.length;
        let last = performance.now();
        let worst = 0;
        let count = 0;
        let running = true;
        const tick = (now: number) => {
          worst = Math.max(worst, now - last);
          last = now;
          count++;
          if (running) requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
        for (const zoom of [11, 12.5, 10, 9]) {
          m.easeTo({ zoom, duration: 400 });
          await new Promise<void>((r) => m.once('moveend', () => r()));
        }
        m.panBy([200, 100], { duration: 400 });
        await new Promise<void>((r) => m.once('moveend', () => r()));
        running = false;
        return { worstFrameMs: worst, frames: count, longTasks: w.longTasks.slice(before) };
      });
      // A click on the panel is handled within a frame or two.
      const clickMs = await page.evaluate(async () => {
        const t0 = performance.now();
        document.querySelector<HTMLElement>('[data-testid="tab-gaps"]')!.click();
        await new Promise((r) => requestAnimationFrame(r));
        if (!document.querySelector('[data-testid="tabpanel-gaps"]')) throw new Error('the gaps tab did not open');
        return performance.now() - t0;
      });
      await shot('map-100k-reports.png');
      console.log(
        `100,000 reports: map ready in ${readyMs} ms; while zooming ${frames.frames} frames, longest frame ${Math.round(frames.worstFrameMs)} ms, ` +
          `long tasks ${frames.longTasks.length} (longest ${Math.round(Math.max(0, ...frames.longTasks))} ms); tab switch ${Math.round(clickMs)} ms`,
      );
      expect(frames.frames).toBeGreaterThan(10);
      expect(frames.worstFrameMs).toBeLessThan(2_000);
      expect(clickMs).toBeLessThan(1_000);
      await page.unroute(reportsRoute);
    });
  });

  it('made no remote request and logged no unexpected error', () => {
    expect(browser.problems).toEqual([]);
  });
});

/** A grid of points inside a gap polygon, away from its edge, where the level ramp can be read. */
function samplePoints(geometry: GapCollection['features'][number]['geometry']): [number, number][] {
  const [minLon, minLat, maxLon, maxLat] = gapBbox(geometry);
  const points: [number, number][] = [];
  const inset = (lon: number, lat: number) => {
    const d = 0.004;
    return [
      [lon, lat],
      [lon + d, lat],
      [lon - d, lat],
      [lon, lat + d],
      [lon, lat - d],
    ].every((p) => pointInPolygon(p as [number, number], geometry));
  };
  for (let i = 1; i < 12; i++) {
    for (let j = 1; j < 12; j++) {
      const lon = minLon + ((maxLon - minLon) * i) / 12;
      const lat = minLat + ((maxLat - minLat) * j) / 12;
      if (inset(lon, lat)) points.push([lon, lat]);
    }
  }
  return points;
}

function gapBbox(geometry: GapCollection['features'][number]['geometry']): [number, number, number, number] {
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  const xs = rings.flat().map((p) => p[0]);
  const ys = rings.flat().map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** How many of the points the map paints in a colour passing `test` (candidate symbols excepted). */
async function countAt(page: Page, points: [number, number][], test: (c: Rgb) => boolean): Promise<number> {
  const pixels = await mapPixels(page);
  let n = 0;
  for (const p of points) {
    const { x, y } = await project(page, p);
    if (x < 0 || y < 0 || x >= pixels.width || y >= pixels.height) continue;
    if (test(pixels.at(x, y))) n++;
  }
  return n;
}

/** Waits until every dashboard chart has drawn. */
async function waitForCharts(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('[data-testid^="chart-"] canvas').length >= 6);
}

/** Non-transparent pixels of each dashboard chart's canvas. */
function chartPixels(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    for (const slot of document.querySelectorAll<HTMLElement>('[data-testid^="chart-"]')) {
      const canvas = slot.querySelector('canvas');
      if (!canvas) continue;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
      out[slot.dataset.testid!] = painted;
    }
    return out;
  });
}
