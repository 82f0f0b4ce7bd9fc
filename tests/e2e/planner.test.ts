/**
 * The network planner's stories in a real browser: the map and its layers, the popups, editing on
 * the map, the planning tools and the Fuqiang Village acceptance story. The file has its own app
 * (embedded database with the demo data) and Chromium; every test opens its own page and creates
 * or restores the data it changes, so the tests pass in any order.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { GapCollection, Ranking } from '../../web/src/api/types.ts';
import { formatPercent } from '../../web/src/i18n/index.ts';
import {
  api,
  mapPixels,
  OUTPUT_DIR,
  pagePoint,
  renderedCounts,
  startMarks,
  waitForMapIdle,
  waitForMapReady,
  waitForRendered,
} from './support/browser.ts';
import { openCellPopup } from './support/cell-popup.ts';
import { waitForCharts } from './support/dashboard.ts';
import { deleteScenarios, deleteWorkingScenario, NO_CHANGES, saveScenario, scenarioNames } from './support/fixtures.ts';
import { belowThreshold, countAt, gapBbox, overlapLike, rampAbove, samplePoints } from './support/map-reading.ts';
import { AREA, browserTestsRun, FUQIANG_CANDIDATE, useBrowserSession } from './support/session.ts';

/**
 * Waits until the map draws candidate `id` at [lon, lat] and stands still, then answers that point in
 * page coordinates (where a pointer grabs or clicks it).
 */
async function candidateDrawnAt(page: Page, id: number, lonLat: [number, number]): Promise<{ x: number; y: number }> {
  await page.waitForFunction(
    ({ candidateId, ll }: { candidateId: number; ll: [number, number] }) => {
      const m = window.__coverageMap!;
      if (m.isMoving()) return false;
      const p = m.project(ll as [number, number]);
      return m.queryRenderedFeatures([p.x, p.y], { layers: ['candidates-circle'] }).some((f) => Number(f.properties.id) === candidateId);
    },
    { candidateId: id, ll: lonLat },
    { timeout: 60_000 },
  );
  return pagePoint(page, lonLat);
}

describe.skipIf(!browserTestsRun())('the planner in Chromium', () => {
  const s = useBrowserSession();

  describe('the map', () => {
    it('draws the first map once its data is in, and starts the coverage computations only after it', async () => {
      const { page } = s;
      await s.visit(`area=${AREA}`);
      expect(await page.evaluate(() => document.body.dataset.mapReady)).toBe('true');
      // The ranked candidates and the gaps come from the coverage computations, after the first map.
      await waitForRendered(page, 'candidates-label');
      await waitForRendered(page, 'gaps-fill');
      const marks = await startMarks(page);
      const steps = [
        'script',
        'app-script',
        'map-created',
        'app',
        'signed-in',
        'areas-loaded',
        'area-data-loaded',
        'panel-drawn',
        'first-map',
      ];
      for (const name of [...steps, 'districts-loaded', 'map-loaded']) expect(marks[name], name).toBeGreaterThanOrEqual(0);
      for (let i = 1; i < steps.length; i++)
        expect(marks[steps[i]], `${steps[i - 1]} before ${steps[i]}`).toBeGreaterThanOrEqual(marks[steps[i - 1]]);
      // The districts are drawn with the area, and the map's style has loaded before its first full frame.
      expect(marks['districts-loaded']).toBeLessThanOrEqual(marks['panel-drawn']);
      expect(marks['map-loaded']).toBeLessThanOrEqual(marks['first-map']);
      const computations = await page.evaluate(() => {
        const firstMap = performance.getEntriesByName('cp:first-map', 'mark')[0].startTime;
        return performance
          .getEntriesByType('resource')
          .filter((e) => /\/(coverage|coverage\/gaps|candidates\/ranking|hotspots)$/.test(new URL(e.name).pathname))
          .map((e) => ({ path: new URL(e.name).pathname, afterFirstMap: e.startTime >= firstMap }));
      });
      expect(computations.map((c) => c.path)).toContain(`/api/v1/areas/${AREA}/coverage/gaps`);
      expect(computations.map((c) => c.path)).toContain(`/api/v1/areas/${AREA}/candidates/ranking`);
      expect(computations.filter((c) => !c.afterFirstMap)).toEqual([]);
    });

    it('draws the cells as wedges of both networks, the reports, the area, the districts, the gaps and the ranked candidates', async () => {
      const { page } = s;
      await s.visit(`area=${AREA}`);
      await waitForRendered(page, 'candidates-label');
      await waitForRendered(page, 'gaps-fill');
      const r = await renderedCounts(page, [
        'cells-fill',
        'reports-clusters',
        'reports-point',
        'area-line',
        'districts-fill',
        'gaps-fill',
        'candidates-circle',
        'candidates-label',
        'gaps-label',
      ]);
      expect(r['cells-fill']).toBeGreaterThan(50);
      expect(r['reports-clusters'] + r['reports-point']).toBeGreaterThan(0);
      expect(r['area-line']).toBeGreaterThan(0);
      expect(r['districts-fill']).toBeGreaterThan(1);
      expect(r['gaps-fill']).toBeGreaterThan(0);
      expect(r['candidates-circle']).toBeGreaterThan(10);
      expect(r['candidates-label']).toBeGreaterThan(3);
      const technologies = await page.evaluate(() =>
        [
          ...new Set(window.__coverageMap!.queryRenderedFeatures({ layers: ['cells-fill'] }).map((f) => String(f.properties.technology))),
        ].sort(),
      );
      expect(technologies).toEqual(['CDMA', 'GSM']);
      const ranks = await page.evaluate(() =>
        window.__coverageMap!.queryRenderedFeatures({ layers: ['candidates-label'] }).map((f) => [f.properties.code, f.properties.rank]),
      );
      expect(ranks).toContainEqual([FUQIANG_CANDIDATE, 1]);
      const labels = await page.evaluate(() => window.__coverageMap!.querySourceFeatures('gap-labels').map((f) => f.properties.label));
      expect(labels).toContain('富强村');
      const zoom = await page.evaluate(() => window.__coverageMap!.getZoom());
      expect(zoom).toBeGreaterThan(7);
      expect(zoom).toBeLessThan(12);
    });

    it('renders a screenshot that is not blank', async () => {
      const { page } = s;
      await s.visit(`area=${AREA}`);
      await waitForMapIdle(page);
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
      const { page } = s;
      await s.visit(`area=${AREA}`);
      await page.getByTestId('layer-toggle-gsm').uncheck();
      await waitForMapIdle(page);
      const hash = await page.evaluate(() => location.hash);
      expect(hash).toContain(`area=${AREA}`);
      expect(hash).toMatch(/layers=[^&]*cdma/);
      expect(hash).not.toMatch(/layers=[^&]*gsm/);
      expect(hash).toMatch(/map=[\d.]+\/[\d.]+\/[\d.]+/);

      await s.visit(`area=${AREA}&net=CDMA&layers=gsm,reports&map=11/46.6500/124.8700`);
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
      const { page } = s;
      await s.visit(`area=${AREA}&layers=boundary`);
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
      const { page } = s;
      await s.visit(`area=${AREA}&layers=boundary`);
      await page.getByTestId('layer-toggle-gaps').check();
      await page.getByTestId('layer-toggle-hotspots').check();
      await page.waitForFunction(() => (window.__coverageMap?.queryRenderedFeatures({ layers: ['hotspots-fill'] }).length ?? 0) > 0, null, {
        timeout: 120_000,
      });
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

    it('takes clicks and pointer moves on the map before it has drawn anything', async () => {
      const { page } = s;
      // The map gets its style with the first data: held back here by holding the reports.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      const reports = /\/reports\?/;
      await page.route(reports, async (route) => {
        await held;
        await route.continue();
      });
      try {
        await page.goto(s.freshUrl(`area=${AREA}`));
        await page.waitForFunction(() => window.__coverageMap !== undefined);
        const box = (await page.getByTestId('map').boundingBox())!;
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
        expect(await page.evaluate(() => document.body.dataset.mapReady)).toBeUndefined();
      } finally {
        release();
      }
      await waitForMapReady(page);
      await page.unroute(reports);
      expect(s.browser.problems).toEqual([]);
    });
  });

  describe('popups', () => {
    it('shows the level per server of a clicked pixel', async () => {
      const { page } = s;
      await s.visit(`area=${AREA}&layers=boundary,level&map=13/46.6400/124.8500`);
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
      const popup = await openCellPopup(s);
      const text = await popup.textContent();
      expect(text).toContain('方位角');
      expect(text).toContain('MHz');
      expect(await popup.locator('script, img, iframe').count()).toBe(0);
      expect(await s.page.getByTestId('cell-azimuth').isVisible()).toBe(true);
    });

    it('explains an out-of-range cell edit with the field problem from the API', async () => {
      const { page } = s;
      const popup = await openCellPopup(s);
      const id = Number(await popup.getAttribute('data-cell-id'));
      const before = await api<{ properties: { azimuthDeg: number | null } }>(s.server, 'GET', `/areas/${AREA}/cells/${id}`);
      await s.expectingConsoleError(/status of 400 \(Bad Request\)/, async () => {
        await page.getByTestId('cell-azimuth').fill('400');
        await page.getByTestId('cell-apply').click();
        const error = page.getByTestId('popup-error');
        await error.waitFor();
        expect(await error.innerText()).toContain('方位角：不能大于 360');
      });
      const after = await api<{ properties: { azimuthDeg: number | null } }>(s.server, 'GET', `/areas/${AREA}/cells/${id}`);
      expect(after.properties.azimuthDeg).toBe(before.properties.azimuthDeg);
    });
  });

  describe('survey answers', () => {
    it("draws the answers by satisfaction with a legend, and opens an answer's popup on a click", async () => {
      const { page, server } = s;
      const page1 = await api<{
        features: { id: number; geometry: { coordinates: [number, number] }; properties: { satisfaction: number } }[];
      }>(server, 'GET', `/areas/${AREA}/survey-responses?limit=1`);
      const answer = page1.features[0];
      const [lon, lat] = answer.geometry.coordinates;
      await s.visit(`area=${AREA}&layers=surveys&map=18/${lat}/${lon}`);
      await waitForMapIdle(page);
      expect(await page.getByTestId('layer-toggle-surveys').isChecked()).toBe(true);
      await page.getByTestId('legend-satisfaction').waitFor();
      expect((await page.getByTestId('legend-satisfaction').innerText()).split('\n').length).toBeGreaterThanOrEqual(5);
      await waitForRendered(page, 'surveys-point');
      const target = await page.evaluate((id) => {
        const m = window.__coverageMap!;
        const f = m.queryRenderedFeatures({ layers: ['surveys-point'] }).find((x) => Number(x.properties.id) === id);
        if (f?.geometry.type !== 'Point') return null;
        const p = m.project(f.geometry.coordinates as [number, number]);
        const rect = m.getCanvas().getBoundingClientRect();
        return { x: rect.left + p.x, y: rect.top + p.y, satisfaction: Number(f.properties.satisfaction) };
      }, answer.id);
      expect(target).toMatchObject({ satisfaction: answer.properties.satisfaction });
      await page.mouse.click(target!.x, target!.y);
      const popup = page.getByTestId('survey-popup');
      await popup.waitFor();
      expect(await popup.innerText()).toContain(`(${answer.properties.satisfaction}/5)`);
      // Switched off, the answers are gone from the map.
      await page.getByTestId('layer-toggle-surveys').uncheck();
      await waitForMapIdle(page);
      expect(await page.evaluate(() => window.__coverageMap!.getLayoutProperty('surveys-point', 'visibility'))).toBe('none');
    });
  });

  describe('editing in the map', () => {
    it('moves the report workflow on from its popup, explaining a missing resolution', async () => {
      const { page, server } = s;
      const open = await api<{ features: { id: number; geometry: { coordinates: [number, number] } }[] }>(
        server,
        'GET',
        `/areas/${AREA}/reports?status=open&limit=1`,
      );
      const report = open.features[0];
      const [lon, lat] = report.geometry.coordinates;
      try {
        await s.visit(`area=${AREA}&layers=reports&map=18/${lat}/${lon}`);
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
        await s.expectingConsoleError(/status of 422 \(Unprocessable Entity\)/, async () => {
          await page.getByTestId('report-resolve').click();
          await page.getByTestId('report-confirm').click();
          await page.getByTestId('popup-error').waitFor();
          expect(await page.getByTestId('popup-error').innerText()).toContain('处理方式：标记为已解决时须选择处理方式');
        });
        await page.getByTestId('report-resolution').selectOption('new-site');
        await page.getByTestId('report-candidate').selectOption(FUQIANG_CANDIDATE);
        await page.getByTestId('report-confirm').click();
        await page.locator('[data-testid="report-popup"][data-status="resolved"]').waitFor();
        const stored = await api<{ properties: { status: string; resolution: string; resolvedByCandidateCode: string } }>(
          server,
          'GET',
          `/areas/${AREA}/reports/${report.id}`,
        );
        expect(stored.properties).toMatchObject({ status: 'resolved', resolution: 'new-site', resolvedByCandidateCode: FUQIANG_CANDIDATE });
      } finally {
        await api(server, 'PATCH', `/areas/${AREA}/reports/${report.id}`, { status: 'open' });
      }
    });

    it('drags a candidate to a new place (saved with PATCH), opens its popup there in the same page, and refuses coordinates off the globe', async () => {
      const { page, server } = s;
      const ranking = await api<Ranking>(server, 'GET', `/areas/${AREA}/candidates/ranking?technology=CDMA`);
      const candidate = ranking.items.at(-1)!;
      // Coverage tiles asked for after the drag are held back: the map is still loading when the
      // moved candidate is clicked, as it is for a while after every edit.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      const tiles = (url: URL) => url.pathname.includes('/coverage/tiles/');
      try {
        await s.visit(`area=${AREA}&layers=candidates,level&map=14/${candidate.lat}/${candidate.lon}`);
        await waitForMapIdle(page);
        // A popup is open when the candidate is dragged (the level at a point away from it).
        let from = await candidateDrawnAt(page, candidate.id, [candidate.lon, candidate.lat]);
        await page.mouse.click(from.x - 200, from.y - 40);
        await page.getByTestId('point-popup').waitFor({ timeout: 60_000 });
        from = await candidateDrawnAt(page, candidate.id, [candidate.lon, candidate.lat]);
        await page.route(tiles, async (route) => {
          await held;
          // The page may have dropped the request meanwhile (a newer version of the tiles).
          await route.continue().catch(() => undefined);
        });
        const patched = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith(`/candidates/${candidate.id}`));
        await page.mouse.move(from.x, from.y);
        await page.mouse.down();
        for (let i = 1; i <= 10; i++) await page.mouse.move(from.x + i * 12, from.y + i * 6);
        await page.mouse.up();
        expect((await patched).status()).toBe(200);
        await page.getByTestId('toast').filter({ hasText: '移至新位置' }).waitFor({ timeout: 60_000 });
        const moved = await api<{ geometry: { coordinates: [number, number] } }>(
          server,
          'GET',
          `/areas/${AREA}/candidates/${candidate.id}`,
        );
        const expected = await page.evaluate(
          ({ x, y }) => {
            const m = window.__coverageMap!;
            const rect = m.getCanvas().getBoundingClientRect();
            const ll = m.unproject([x - rect.left, y - rect.top]);
            return [ll.lng, ll.lat];
          },
          { x: from.x + 120, y: from.y + 60 },
        );
        expect(moved.geometry.coordinates[0]).toBeCloseTo(expected[0], 4);
        expect(moved.geometry.coordinates[1]).toBeCloseTo(expected[1], 4);

        // In the same page, while the tiles of the edited network are on their way: a click on the
        // candidate at its new place opens its popup, in place of the one open before.
        const at = await candidateDrawnAt(page, candidate.id, moved.geometry.coordinates);
        expect(await page.evaluate(() => window.__coverageMap!.isStyleLoaded())).toBe(false);
        await page.mouse.click(at.x, at.y);
        const popup = page.getByTestId('candidate-popup');
        await popup.waitFor({ timeout: 10_000 });
        expect(await page.getByTestId('point-popup').count()).toBe(0);
        release();
        await s.shot('candidate-moved.png');
        await s.expectingConsoleError(/status of 400 \(Bad Request\)/, async () => {
          await page.getByTestId('candidate-lon').fill('200');
          await page.getByTestId('candidate-move').click();
          await page.getByTestId('popup-error').waitFor();
          expect(await page.getByTestId('popup-error').innerText()).toContain('经度：不能大于 180');
        });
      } finally {
        release();
        await page.unroute(tiles);
        await api(server, 'PATCH', `/areas/${AREA}/candidates/${candidate.id}`, { lon: candidate.lon, lat: candidate.lat });
      }
    });

    it('puts a cell edit into the working scenario; only an explicit, confirmed apply changes the network, and it undoes', async () => {
      const { page, server } = s;
      const cells = await api<{
        features: { properties: { id: number; powerDbm: number }; geometry: { coordinates: [number, number] } }[];
      }>(server, 'GET', `/areas/${AREA}/cells?technology=GSM`);
      const cell = cells.features.find((f) => f.properties.powerDbm < 46)!;
      await s.visit(`area=${AREA}&layers=gsm&map=15/${cell.geometry.coordinates[1]}/${cell.geometry.coordinates[0]}`);
      await waitForMapIdle(page);
      const p = await page.evaluate((id) => {
        const m = window.__coverageMap!;
        const f = m.queryRenderedFeatures({ layers: ['cells-fill'] }).find((x) => Number(x.properties.id) === id)!;
        const ring = (f.geometry as GeoJSON.Polygon).coordinates[0];
        const mid = ring[Math.floor(ring.length / 2)];
        const q = m.project([ring[0][0] * 0.4 + mid[0] * 0.6, ring[0][1] * 0.4 + mid[1] * 0.6]);
        const rect = m.getCanvas().getBoundingClientRect();
        return { x: rect.left + q.x, y: rect.top + q.y };
      }, cell.properties.id);
      await page.mouse.click(p.x, p.y);
      const popup = page.getByTestId('cell-popup');
      await popup.waitFor();
      // Sectors of a site overlap: edit whichever cell the popup is about.
      const id = Number(await popup.getAttribute('data-cell-id'));
      const power = Number(await page.getByTestId('cell-power').inputValue());
      const cellAt = async () =>
        (await api<{ properties: { powerDbm: number } }>(server, 'GET', `/areas/${AREA}/cells/${id}`)).properties.powerDbm;
      const existingFigure = async () =>
        (await api<{ coveragePct: number }>(server, 'GET', `/areas/${AREA}/coverage?technology=GSM`)).coveragePct;
      const before = await existingFigure();
      try {
        await page.getByTestId('cell-power').fill(String(power + 3));
        await page.getByTestId('cell-apply').click();
        const ok = page.getByTestId('popup-ok');
        await ok.waitFor({ timeout: 180_000 });
        expect(await ok.innerText()).toMatch(/^已记入工作方案“工作方案 Working \(admin\)”：.+\/.+ 的修改仅在方案中，现网未变$/);
        // The existing network and its figure did not move; the popup shows the scenario's value.
        expect(await cellAt()).toBe(power);
        expect(await existingFigure()).toBe(before);
        expect(await page.getByTestId('cell-power').inputValue()).toBe(String(power + 3));

        // The planning tab lists the change and computes on the working scenario.
        await s.openTab('planning');
        const changes = page.getByTestId('working-changes');
        await changes.waitFor();
        expect(await changes.innerText()).toMatch(/修改 .+\/.+：发射功率 /);
        expect(await page.getByTestId('base-scenario').inputValue()).toBe('工作方案 Working (admin)');

        // Applying lists the changes again and asks first; cancelling changes nothing.
        await page.getByTestId('working-apply').click();
        expect(await page.getByTestId('working-apply-list').innerText()).toContain('发射功率');
        await page.getByTestId('working-apply-cancel').click();
        expect(await cellAt()).toBe(power);
        await page.getByTestId('working-apply').click();
        await page.getByTestId('working-apply-confirm').click();
        await page.getByText(/已应用到现网：1 项修改（审计记录 \d+）。/).waitFor({ timeout: 180_000 });
        expect(await cellAt()).toBe(power + 3);
        await page.getByTestId('working-changes-empty').waitFor();

        // Undo puts the network back and the change into the working scenario again.
        await page.getByTestId('working-undo').click();
        await page.getByText(/已撤销：现网已恢复原状（审计记录 \d+）。/).waitFor({ timeout: 180_000 });
        expect(await cellAt()).toBe(power);
        expect(await existingFigure()).toBe(before);
        await page.getByTestId('working-changes').waitFor();
      } finally {
        await api(server, 'PATCH', `/areas/${AREA}/cells/${id}`, { powerDbm: power });
        await deleteWorkingScenario(server);
      }
    });
  });

  describe('planning tools', () => {
    it('runs a greedy and an exact plan, and takes clicks while the server plans', async () => {
      const { page } = s;
      await s.visit(`area=${AREA}`);
      await s.openTab('planning');
      await page.getByTestId('base-scenario').selectOption('existing');
      await page.getByTestId('plan-max-sites').fill('2');
      await page.getByTestId('plan-method-greedy').check();
      // The plan's answer is held back, so that the clicks below certainly happen while it is awaited.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      const plans = (url: URL) => url.pathname.endsWith('/plans');
      await page.route(plans, async (route) => {
        await held;
        // The page may have dropped the request meanwhile (a network switch cancels the plan).
        await route.continue().catch(() => undefined);
      });
      try {
        await page.getByTestId('plan-run').click();
        await page.getByTestId('plan-busy').waitFor();
        const pressed = await page.evaluate(async () => {
          const press = async (id: string) => {
            const planning = document.querySelector('[data-testid="plan-busy"]') !== null;
            document.querySelector<HTMLElement>(`[data-testid="${id}"]`)!.click();
            await new Promise((r) => requestAnimationFrame(r));
            return { id, planning, pressed: document.querySelector(`[data-testid="${id}"]`)?.getAttribute('aria-pressed') === 'true' };
          };
          return [await press('network-CDMA'), await press('network-GSM')];
        });
        // Each press shows by the next frame, the first while the plan is still awaited.
        expect(pressed[0].planning).toBe(true);
        expect(pressed.map((p) => [p.id, p.pressed])).toEqual([
          ['network-CDMA', true],
          ['network-GSM', true],
        ]);
      } finally {
        release();
      }
      await page.unroute(plans);
      // Switching the network dropped the plan: run it again for G-net.
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
      expect(
        await page
          .getByTestId('working-list')
          .locator('li')
          .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-code'))),
      ).toContain(FUQIANG_CANDIDATE);
    });

    it('refuses a plan of zero sites with the API field problem', async () => {
      const { page } = s;
      await s.visit(`area=${AREA}`);
      await s.openTab('planning');
      await s.expectingConsoleError(/status of 400 \(Bad Request\)/, async () => {
        await page.getByTestId('plan-max-sites').fill('0');
        await page.getByTestId('plan-run').click();
        await page.getByTestId('plan-error').waitFor({ timeout: 30_000 });
        expect(await page.getByTestId('plan-error').innerText()).toBe('最多新建站数：不能小于 1');
      });
    });

    it('refuses a second scenario of the same name, in words', async () => {
      const { page, server } = s;
      const taken = '重名检查方案';
      await saveScenario(server, taken, { ...NO_CHANGES, addCandidates: [FUQIANG_CANDIDATE] });
      try {
        await s.visit(`area=${AREA}&add=${FUQIANG_CANDIDATE}`);
        await s.openTab('planning');
        await page.getByTestId(`working-remove-${FUQIANG_CANDIDATE}`).waitFor();
        await s.expectingConsoleError(/status of 409 \(Conflict\)/, async () => {
          await page.getByTestId('scenario-name').fill(taken);
          await page.getByTestId('scenario-save').click();
          const message = page.getByTestId('scenario-save-message').filter({ hasText: '未能保存' });
          await message.waitFor({ timeout: 30_000 });
          expect(await message.innerText()).toContain('方案名称：已存在同名方案');
        });
        expect((await scenarioNames(server)).filter((name) => name === taken)).toHaveLength(1);
      } finally {
        await deleteScenarios(server, taken);
      }
    });

    it('renames the base scenario, refuses a taken name, and deletes it after asking', async () => {
      const { page, server } = s;
      const [name, renamed, taken] = ['临时方案', '临时方案（改名）', '已有方案'];
      await deleteScenarios(server, renamed);
      await saveScenario(server, name);
      await saveScenario(server, taken);
      try {
        await s.visit(`area=${AREA}&scenario=${encodeURIComponent(name)}`);
        await s.openTab('planning');
        expect(await page.getByTestId('base-scenario').inputValue()).toBe(name);
        const message = page.getByTestId('scenario-manage-message');

        // Rename: the field starts with the current name; the scenario stays the base under the new one.
        expect(await page.getByTestId('scenario-rename').inputValue()).toBe(name);
        await page.getByTestId('scenario-rename').fill(renamed);
        await page.getByTestId('scenario-rename-submit').click();
        await message.filter({ hasText: `方案已重命名为“${renamed}”` }).waitFor({ timeout: 30_000 });
        expect(await page.getByTestId('base-scenario').inputValue()).toBe(renamed);
        expect(decodeURIComponent(await page.evaluate(() => location.hash))).toContain(`scenario=${renamed}`);
        expect(await scenarioNames(server)).toContain(renamed);
        expect(await scenarioNames(server)).not.toContain(name);

        // A name another scenario has is refused, in words, and nothing changes.
        await s.expectingConsoleError(/status of 409 \(Conflict\)/, async () => {
          await page.getByTestId('scenario-rename').fill(taken);
          await page.getByTestId('scenario-rename-submit').click();
          await message.filter({ hasText: '未能保存' }).waitFor({ timeout: 30_000 });
          expect(await message.innerText()).toContain('方案名称：已存在同名方案');
        });
        expect(await page.getByTestId('base-scenario').inputValue()).toBe(renamed);

        // Delete: asked first (and cancelled once), then the existing network becomes the base.
        const box = page.getByTestId('scenario-delete-box');
        await page.getByTestId('scenario-delete').click();
        await box.waitFor({ state: 'visible' });
        expect(await box.innerText()).toContain(`删除方案“${renamed}”？`);
        expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('scenario-delete-confirm');
        await page.getByTestId('scenario-delete-cancel').click();
        await box.waitFor({ state: 'hidden' });
        expect(await scenarioNames(server)).toContain(renamed);
        await page.getByTestId('scenario-delete').click();
        await page.getByTestId('scenario-delete-confirm').click();
        await message.filter({ hasText: `已删除方案“${renamed}”` }).waitFor({ timeout: 30_000 });
        expect(await page.getByTestId('base-scenario').inputValue()).toBe('existing');
        expect(await page.getByTestId('scenario-manage').count()).toBe(0);
        expect(await page.evaluate(() => location.hash)).not.toContain('scenario=');
        expect(await scenarioNames(server)).not.toContain(renamed);
        expect(await page.locator('#base-scenario option').allInnerTexts()).not.toContain(renamed);
      } finally {
        await deleteScenarios(server, name, renamed, taken);
      }
    });
  });

  /**
   * The ranking's "Add", once in each language: the candidate goes into the working scenario (the only
   * write the page makes), and the existing network, its figure on the dashboard included, stays.
   */
  const addFromRanking = (locale: 'zh-CN' | 'en', words: { added: string }) =>
    it(`puts a candidate added from the ranking into the working scenario, not into the network (${locale})`, async () => {
      const { page, server } = s;
      await deleteWorkingScenario(server);
      const writes: string[] = [];
      const onRequest = (r: import('playwright-core').Request) => {
        if (r.method() !== 'GET' && r.url().includes('/api/')) writes.push(`${r.method()} ${new URL(r.url()).pathname}`);
      };
      try {
        await s.visit(`area=${AREA}`, { locale });
        page.on('request', onRequest);
        const existing = await s.coverage('technology=GSM');
        const figure = formatPercent(locale, existing.coveragePct, 2);
        const kpi = page.getByTestId('kpi-GSM').locator('.kpi-value');
        await page.getByTestId('nav-dashboard').click();
        await page.getByTestId('kpi-GSM').filter({ hasText: figure }).waitFor({ timeout: 240_000 });

        await page.getByTestId('nav-map').click();
        await s.openTab('planning');
        await page.getByTestId('base-scenario').selectOption('existing');
        const add = page.getByTestId(`rank-add-${FUQIANG_CANDIDATE}`);
        await add.waitFor({ timeout: 180_000 });
        await add.click();
        await page.getByTestId(`working-take-out-add-candidate-${FUQIANG_CANDIDATE}`).waitFor({ timeout: 60_000 });
        expect(await page.getByTestId('working-changes').innerText()).toContain(words.added);
        const working = await api<{ scenario: { name: string; changes: { addCandidates: string[] } } | null }>(
          server,
          'GET',
          `/areas/${AREA}/scenarios/working`,
        );
        expect(working.scenario?.changes.addCandidates).toEqual([FUQIANG_CANDIDATE]);
        // The page computes on the working scenario from now on (once the scenarios are read again); the network is as it was.
        await page.waitForFunction(
          (name) => document.querySelector<HTMLSelectElement>('[data-testid="base-scenario"]')?.value === name,
          working.scenario?.name,
          { timeout: 30_000 },
        );
        expect((await s.coverage('technology=GSM')).coveragePct).toBe(existing.coveragePct);

        // The dashboard, drawn again with the working scenario among the scenarios: the existing network's figure has not moved.
        await page.getByTestId('nav-dashboard').click();
        await page.getByTestId('dash-scenarios').filter({ hasText: working.scenario!.name }).waitFor({ timeout: 240_000 });
        expect(await kpi.innerText()).toBe(figure);
        expect(writes).toEqual([`POST /api/v1/areas/${AREA}/scenarios/working/edits`]);
      } finally {
        page.off('request', onRequest);
        await deleteWorkingScenario(server);
      }
      // The ranking and the dashboard are computed first, then again on the working scenario.
    }, 240_000);

  describe("the ranking's Add", () => {
    addFromRanking('zh-CN', { added: `加入候选站 ${FUQIANG_CANDIDATE}` });
    addFromRanking('en', { added: `Add candidate ${FUQIANG_CANDIDATE}` });
  });

  /** The acceptance story, once in each language: the Fuqiang Village gap, CAND-003, its preview, a saved scenario, the dashboard. */
  const story = (
    locale: 'zh-CN' | 'en',
    words: { place: string; gapTitle: string; scenario: string; saved: string; existing: string; network: string },
  ) =>
    it(`finds the Fuqiang Village gap, ranks ${FUQIANG_CANDIDATE} first for G-net, previews it, saves it and shows before/after on the dashboard (${locale})`, async () => {
      const { page, server } = s;
      await deleteScenarios(server, words.scenario);
      await deleteWorkingScenario(server);
      try {
        await s.visit(`area=${AREA}&layers=boundary,gaps,candidates`, { locale });
        expect(await page.locator('html').getAttribute('lang')).toBe(locale);

        // The gap: first in the list, named after the village, with the new site as the remedy.
        await s.openTab('gaps');
        const first = page.getByTestId('gap-list').locator('li').first();
        await first.waitFor({ timeout: 120_000 });
        expect(await first.getAttribute('data-place')).toBe(words.place);
        await page.getByTestId('gap-list').locator('li', { hasText: FUQIANG_CANDIDATE }).first().waitFor({ timeout: 120_000 });
        await first.getByRole('button').click();
        const gapPopup = page.getByTestId('gap-popup');
        await gapPopup.waitFor();
        await page.waitForFunction(
          (code) => document.querySelector('[data-testid="gap-popup"]')?.textContent?.includes(code),
          FUQIANG_CANDIDATE,
          { timeout: 60_000 },
        );
        const gapText = await gapPopup.innerText();
        expect(gapText).toContain(words.gapTitle);
        expect(gapText).toContain(FUQIANG_CANDIDATE);
        await page.locator('.maplibregl-popup-close-button').click();

        // The ranking of G-net candidates on the existing network.
        await s.openTab('planning');
        await page.getByTestId('base-scenario').selectOption('existing');
        const ranking = page.getByTestId('ranking-list');
        await ranking.waitFor({ timeout: 120_000 });
        const top = ranking.locator('li').first();
        expect(await top.getAttribute('data-testid')).toBe(`rank-item-${FUQIANG_CANDIDATE}`);
        expect(await top.getAttribute('data-rank')).toBe('1');

        // Its preview: what it newly covers on the level raster, and the coverage change.
        const gaps = await api<GapCollection>(server, 'GET', `/areas/${AREA}/coverage/gaps?technology=GSM`);
        const gap = gaps.features[0];
        await s.setLayers('boundary,level');
        await page.evaluate((bbox) => window.__coverageMap!.fitBounds(bbox, { duration: 0, padding: 40 }), gapBbox(gap.geometry));
        await waitForMapIdle(page);
        const samples = samplePoints(gap.geometry);
        const coveredBefore = await countAt(page, samples, rampAbove);
        await page.getByTestId(`rank-preview-${FUQIANG_CANDIDATE}`).click();
        const preview = page.getByTestId('preview-figures');
        await preview.waitFor({ timeout: 120_000 });
        // What it newly covers is drawn from its what-if answer, above the existing network's tiles.
        await page.waitForFunction((code) => window.__coverageMap!.getContainer().dataset.previewCoverage === code, FUQIANG_CANDIDATE, {
          timeout: 60_000,
        });
        await waitForMapIdle(page);
        const coveredAfter = await countAt(page, samples, rampAbove);
        await s.shot(`story-preview-${locale}.png`);
        console.log(
          `preview of ${FUQIANG_CANDIDATE}: ${coveredBefore} of ${samples.length} points of the gap drawn as covered before, ${coveredAfter} after`,
        );
        expect(samples.length).toBeGreaterThan(20);
        expect(coveredBefore).toBeLessThan(samples.length * 0.2);
        expect(coveredAfter).toBeGreaterThan(samples.length * 0.7);
        const existing = await s.coverage('technology=GSM');
        const withSite = await s.coverage(`technology=GSM&candidates=${FUQIANG_CANDIDATE}`);
        expect(withSite.coveragePct).toBeGreaterThan(existing.coveragePct + 1);
        const row = preview.locator('[data-figure="coveragePct"]');
        expect(await row.innerText()).toContain(formatPercent(locale, existing.coveragePct, 2));
        expect(await row.innerText()).toContain(formatPercent(locale, withSite.coveragePct, 2));

        // Into the working scenario, saved under a name.
        await page.getByTestId(`rank-add-${FUQIANG_CANDIDATE}`).click();
        await page.getByTestId(`working-take-out-add-candidate-${FUQIANG_CANDIDATE}`).waitFor({ timeout: 60_000 });
        // The figures are now those of the working scenario, which has the site.
        await page
          .getByTestId('working-figures')
          .locator('[data-figure="coveragePct"]')
          .filter({ hasText: formatPercent(locale, withSite.coveragePct, 2) })
          .waitFor({ timeout: 120_000 });
        await page.getByTestId('scenario-name').fill(words.scenario);
        await page.getByTestId('scenario-save').click();
        await page.getByTestId('scenario-save-message').filter({ hasText: words.saved }).waitFor({ timeout: 60_000 });
        expect(await page.evaluate(() => decodeURIComponent(location.hash))).toContain(`scenario=${words.scenario}`);
        const saved = await api<{ changes: { addCandidates: string[] } }>(
          server,
          'GET',
          `/areas/${AREA}/scenarios/${encodeURIComponent(words.scenario)}`,
        );
        expect(saved.changes.addCandidates).toEqual([FUQIANG_CANDIDATE]);

        // The dashboard: before and after for each network.
        await page.getByTestId('nav-dashboard').click();
        const effect = page.getByTestId('dash-effect-table');
        await effect.waitFor({ timeout: 240_000 });
        await page.getByTestId('dash-effect-scenario').selectOption(words.scenario);
        await page.waitForFunction(
          (name) => document.querySelector('[data-testid="dash-effect-table"]')?.getAttribute('data-scenario') === name,
          words.scenario,
        );
        const gsmRow = page.getByTestId('dash-effect-table').locator('tr[data-network="GSM"]');
        expect(await gsmRow.locator('[data-value="before-area"]').innerText()).toBe(formatPercent(locale, existing.coveragePct, 2));
        expect(await gsmRow.locator('[data-value="after-area"]').innerText()).toBe(formatPercent(locale, withSite.coveragePct, 2));
        expect(await page.getByTestId('dash-effect-sites').innerText()).toContain(FUQIANG_CANDIDATE);
        expect(await page.getByTestId('dash-figures').innerText()).toContain(words.existing);
        expect(await page.getByTestId('dash-effect-table').innerText()).toContain(words.network);
        await waitForCharts(page);
        await s.shot(`dashboard-${locale}.png`);
      } finally {
        await deleteScenarios(server, words.scenario);
        await deleteWorkingScenario(server);
      }
      // Computed on the working scenario once the candidate is in it: a raster, ranking and gaps of their own.
    }, 240_000);

  describe('the acceptance story', () => {
    story('zh-CN', {
      place: '富强村',
      gapTitle: '覆盖缺口 · 富强村',
      scenario: '富强村G网新站',
      saved: '已保存方案',
      existing: '现网',
      network: 'G网（GSM）',
    });
    story('en', {
      place: 'Fuqiang Village',
      gapTitle: 'Coverage gap · Fuqiang Village',
      scenario: 'Fuqiang G-net site',
      saved: 'saved',
      existing: 'Existing network',
      network: 'G-net (GSM)',
    });
  });
});
