/** Opening a cell's popup by clicking its wedge on the map. */
import type { Locator } from 'playwright-core';
import { waitForMapIdle } from './browser.ts';
import { AREA, type BrowserSession } from './session.ts';

/** Opens a fresh page with both networks' cells, zooms onto a site and clicks the nearest wedge; returns the popup. */
export async function openCellPopup(s: BrowserSession): Promise<Locator> {
  const { page } = s;
  await s.visit(`area=${AREA}&layers=gsm,cdma`);
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
  await popup.waitFor({ state: 'visible', timeout: 30_000 });
  return popup;
}
