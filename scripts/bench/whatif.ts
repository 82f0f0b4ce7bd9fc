/**
 * What-if speed in the browser: from the click on a candidate's "Preview" in the planning tab to the
 * before/after figures in the page and on screen, measured in the page with performance marks
 * (`whatif:click`, `whatif:figures`, `whatif:painted`), for 20 previews on the demo; prints the median
 * and the slowest, and the time until the map has drawn the candidate's added coverage (drawn from
 * the what-if answer on the level raster), then at rest after easing to the candidate.
 * Headless Chromium with software WebGL, the app on an in-memory database (the browser tests' setup).
 * Needs Chromium (/usr/bin/chromium) and the built client (`npm run build:web`). Prints figures,
 * asserts nothing. `npm run bench -- whatif`, or alone: `npx tsx scripts/bench/whatif.ts`.
 */
import os from 'node:os';
import { rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  CHROMIUM,
  hasChromium,
  launchBrowser,
  signIn,
  startApp,
  waitForMapReady,
  waitForMapIdle,
} from '../../tests/e2e/support/browser.ts';

const AREA = 'ranghulu';
const PREVIEWS = 20;
/** The target from the click to the updated figures. */
const TARGET_MS = 300;

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function runWhatIfBench(): Promise<void> {
  if (!hasChromium) {
    console.log(`what-if bench skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
    return;
  }
  const server = await startApp();
  const browser = await launchBrowser(server.baseUrl);
  // tsx compiles named functions to __name(fn, 'name') calls: the functions sent to the page need it there.
  await browser.context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
  const { page } = browser;
  try {
    await page.goto(`${server.baseUrl}/`);
    await signIn(page);
    await waitForMapReady(page);
    await page.goto(`${server.baseUrl}/?visit=1#area=${AREA}&net=GSM`);
    await waitForMapReady(page);
    await page.getByTestId('tab-planning').click();
    await page.locator('[data-testid^="rank-preview-"]').first().waitFor({ timeout: 240_000 });
    // The figures of the working scenario (the "before" column) are there before the first click.
    await page.waitForFunction(() => !document.querySelector('[data-testid="ranking-busy"]'), null, { timeout: 240_000 });
    const codes = await page.$$eval('[data-testid^="rank-preview-"]', (els) =>
      els.map((e) => (e as HTMLElement).dataset.testid!.slice('rank-preview-'.length)),
    );
    // Warm-up: the first preview switches the level raster on and loads what the later ones reuse.
    await previewOnce(page, codes[0]);
    await waitForMapIdle(page);
    const load = loadAverage();
    const figures: number[] = [];
    const painted: number[] = [];
    const mapDrawn: number[] = [];
    const mapAtRest: number[] = [];
    for (let i = 0; i < PREVIEWS; i++) {
      const code = codes[(i + 1) % codes.length];
      const { figuresMs, paintedMs, mapMs, restMs } = await previewOnce(page, code);
      figures.push(figuresMs);
      painted.push(paintedMs);
      mapDrawn.push(mapMs);
      mapAtRest.push(restMs);
      await waitForMapIdle(page);
    }
    const round = (v: number) => Math.round(v);
    console.log(
      `what-if preview, ${PREVIEWS} previews of ${Math.min(codes.length, PREVIEWS)} G-net candidates (load average ${load} before, ${loadAverage()} after):`,
    );
    console.log(
      `  click → updated figures: median ${round(median(figures))} ms, slowest ${round(Math.max(...figures))} ms (target ≤ ${TARGET_MS} ms); all: ${figures.map(round).join(' ')}`,
    );
    console.log(
      `  click → the next frame after them (on screen): median ${round(median(painted))} ms, slowest ${round(Math.max(...painted))} ms; all: ${painted.map(round).join(' ')}`,
    );
    console.log(
      `  click → the first map frame with the candidate's added coverage: median ${round(median(mapDrawn))} ms, slowest ${round(Math.max(...mapDrawn))} ms (target ≤ ${TARGET_MS} ms); all: ${mapDrawn.map(round).join(' ')}`,
    );
    console.log(
      `  click → the same, the map at rest after easing to the candidate: median ${round(median(mapAtRest))} ms, slowest ${round(Math.max(...mapAtRest))} ms; all: ${mapAtRest.map(round).join(' ')}`,
    );
    if (browser.problems.length > 0) console.log(`page problems: ${browser.problems.join('; ')}`);
  } finally {
    await browser.context.close();
    await server.app.close();
    rmSync(browser.profileDir, { recursive: true, force: true });
  }
}

/**
 * One preview, timed in the page: a mark at the click, `whatif:figures` when the preview box holds
 * this candidate's figures (a mutation observer sees the change as it is made), `whatif:painted`
 * at the next frame after that (when they are on screen); then the first map frame drawn with the
 * candidate's added coverage, and the first such frame with the map at rest after easing to it.
 */
async function previewOnce(
  page: import('playwright-core').Page,
  code: string,
): Promise<{ figuresMs: number; paintedMs: number; mapMs: number; restMs: number }> {
  return page.evaluate(async (c) => {
    const map = window.__coverageMap!;
    // The candidate's added coverage: drawn from the what-if answer (the map container names the
    // candidate whose preview is on the map), or by the coverage tiles computed with the candidate.
    const coverageShown = () => {
      if (map.getContainer().dataset.previewCoverage === c)
        return !map.getSource('preview-coverage') || map.isSourceLoaded('preview-coverage');
      const tiles = (map.getSource('coverage') as unknown as { tiles?: string[] } | undefined)?.tiles?.[0];
      if (!tiles) return false;
      const candidates = new URL(tiles.replace(/[{}]/g, '')).searchParams.get('candidates') ?? '';
      return candidates.split(',').includes(c) && map.isSourceLoaded('coverage');
    };
    // At the first frame drawn with it, and at the first frame drawn with it and the map at rest.
    const frameWith = (atRest: boolean) =>
      new Promise<number>((resolve) => {
        const check = () => {
          if ((atRest && map.isMoving()) || !coverageShown()) return;
          map.off('render', check);
          map.off('idle', check);
          resolve(performance.now());
        };
        map.on('render', check);
        map.on('idle', check);
      });
    const drawn = frameWith(false);
    const atRest = frameWith(true);
    const button = document.querySelector<HTMLElement>(`[data-testid="rank-preview-${c}"]`);
    if (!button) throw new Error(`no preview button for ${c}`);
    const shown = () => {
      const box = document.querySelector('[data-testid="preview-box"]');
      if (box?.querySelector('[data-testid="preview-error"]')) throw new Error(`preview of ${c} failed`);
      return Boolean(
        box?.textContent?.includes(c) &&
          box.querySelector('[data-testid="preview-figures"]') &&
          !box.querySelector('[data-testid="preview-busy"]'),
      );
    };
    const done = new Promise<void>((resolve, reject) => {
      const observer = new MutationObserver(() => {
        try {
          if (!shown()) return;
        } catch (err) {
          observer.disconnect();
          reject(err);
          return;
        }
        observer.disconnect();
        resolve();
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      setTimeout(() => {
        observer.disconnect();
        reject(new Error(`preview of ${c}: no figures after 60 s`));
      }, 60_000);
    });
    performance.mark('whatif:click');
    button.click();
    if (!shown()) await done;
    performance.mark('whatif:figures');
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    performance.mark('whatif:painted');
    const figures = performance.measure('whatif', 'whatif:click', 'whatif:figures');
    const painted = performance.measure('whatif-painted', 'whatif:click', 'whatif:painted');
    const timeout = (what: string) =>
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`preview of ${c}: ${what} after 60 s`)), 60_000));
    const click = performance.getEntriesByName('whatif:click').at(-1)!.startTime;
    const drawnAt = await Promise.race([drawn, timeout('no coverage on the map')]);
    const restAt = await Promise.race([atRest, timeout('the map not at rest')]);
    return { figuresMs: figures.duration, paintedMs: painted.duration, mapMs: drawnAt - click, restMs: restAt - click };
  }, code);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runWhatIfBench().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
