/** Reading the management dashboard's charts in the page. */
import type { Page } from 'playwright-core';

/** Waits until every dashboard chart has drawn. */
export async function waitForCharts(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('[data-testid^="chart-"] canvas').length >= 6, null, { timeout: 120_000 });
}

/** Non-transparent pixels of each dashboard chart's canvas, by the chart's test id. */
export function chartPixels(page: Page): Promise<Record<string, number>> {
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
