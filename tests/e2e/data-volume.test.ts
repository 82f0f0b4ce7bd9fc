/**
 * Data volume in a real browser: an area with 100,000 problem reports (served by the test in place
 * of the reports route) is drawn as clusters that account for every report, and the page still
 * zooms, pans and takes clicks. (The web client has no import form: files come in through the API
 * and `npm run import`.) How fast the page is with them is measured by `npm run bench -- browser`,
 * not asserted here.
 */
import { describe, expect, it } from 'vitest';
import { api } from './support/browser.ts';
import { AREA, browserTestsRun, useBrowserSession } from './support/session.ts';
import { syntheticReportPage } from './support/synthetic-reports.ts';

describe.skipIf(!browserTestsRun())('100,000 problem reports in Chromium', () => {
  const s = useBrowserSession();

  it('clusters them, and zooms, pans and takes a click on the panel with all of them loaded', async () => {
    const { page, server } = s;
    const total = 100_000;
    const area = await api<{ bbox: [number, number, number, number] }>(server, 'GET', `/areas/${AREA}`);
    const reportsRoute = (url: URL) =>
      url.pathname === `/api/v1/areas/${AREA}/reports` || /^\/api\/v1\/areas\/\d+\/reports$/.test(url.pathname);
    await page.route(reportsRoute, (route) => {
      const url = new URL(route.request().url());
      // The synthetic ids run 1, 2, 3 ...: the page after id `cursor` starts at that offset.
      const after = Number(url.searchParams.get('cursor') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 1000);
      return route.fulfill({ contentType: 'application/json', body: JSON.stringify(syntheticReportPage(total, after, limit, area.bbox)) });
    });
    try {
      await s.visit(`area=${AREA}&layers=boundary,reports`, { timeout: 180_000 });
      expect(await page.getByTestId('stat-reports').textContent()).toBe('100,000');
      /** Rendered cluster and point features, and how many reports they stand for. */
      const clustered = () =>
        page.evaluate(() => {
          const features = window.__coverageMap!.queryRenderedFeatures({ layers: ['reports-clusters', 'reports-point'] });
          return { drawn: features.length, reports: features.reduce((n, f) => n + (Number(f.properties.point_count) || 1), 0) };
        });
      const first = await clustered();
      expect(first.reports).toBe(total);
      expect(first.drawn).toBeLessThan(2_000);

      // Zoom in and out and pan: each move ends where it was sent, and the map redraws the clusters.
      const moves = await page.evaluate(async () => {
        const m = window.__coverageMap!;
        const ended: number[] = [];
        for (const zoom of [11, 12.5, 10, 9]) {
          m.easeTo({ zoom, duration: 400 });
          await new Promise<void>((r) => m.once('moveend', () => r()));
          ended.push(Math.round(m.getZoom() * 10) / 10);
        }
        m.panBy([200, 100], { duration: 400 });
        await new Promise<void>((r) => m.once('moveend', () => r()));
        return ended;
      });
      expect(moves).toEqual([11, 12.5, 10, 9]);
      // The view after the moves shows clusters for the reports in it.
      const after = await clustered();
      expect(after.drawn).toBeGreaterThan(0);
      expect(after.drawn).toBeLessThan(2_000);
      expect(after.reports).toBeGreaterThan(0);
      expect(after.reports).toBeLessThanOrEqual(total);

      // A click on the panel is handled with all the reports on the map.
      await page.getByTestId('tab-gaps').click();
      await page.getByTestId('tabpanel-gaps').waitFor();
      expect(await page.getByTestId('tab-gaps').getAttribute('aria-selected')).toBe('true');
      await s.shot('map-100k-reports.png');
    } finally {
      await page.unroute(reportsRoute);
    }
  }, 240_000);
});
