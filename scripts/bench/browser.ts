/**
 * Browser figures, in headless Chromium with software WebGL (the browser tests' setup: the built web
 * client served by the app on an in-memory database with the Ranghulu demo data):
 * - the first map render (navigation to the map drawn with the districts, the area, the cells and
 *   the reports), median of 3 visits, with the page's start marks; and once while the previous
 *   page's coverage computations still run on the server;
 * - 100,000 problem reports (served in place of the reports route): time to the first map, frames,
 *   longest frame and long tasks while zooming and panning, a tab switch;
 * - a network switch while the server plans.
 * Needs Chromium (/usr/bin/chromium) and the built client (`npm run build:web`). Prints figures,
 * asserts nothing. Runnable alone: `npx tsx scripts/bench/browser.ts`.
 */
import os from 'node:os';
import { rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import {
  api,
  CHROMIUM,
  hasChromium,
  launchBrowser,
  signIn,
  startApp,
  startMarks,
  waitForMapReady,
  waitForRendered,
  type Running,
} from '../../tests/e2e/support/browser.ts';
import { syntheticReportPage } from '../../tests/e2e/support/synthetic-reports.ts';

const AREA = 'ranghulu';
const REPORTS = 100_000;

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function runBrowserBench(): Promise<void> {
  if (!hasChromium) {
    console.log(`browser bench skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
    return;
  }
  const server = await startApp();
  const browser = await launchBrowser(server.baseUrl);
  // tsx compiles named functions to __name(fn, 'name') calls: the functions sent to the page need it there.
  await browser.context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
  const { page } = browser;
  let visits = 0;
  const visit = async (hash: string, timeout?: number) => {
    await page.goto(`${server.baseUrl}/?visit=${++visits}#${hash}`);
    await waitForMapReady(page, timeout);
  };
  try {
    await page.goto(`${server.baseUrl}/`);
    await signIn(page);
    await waitForMapReady(page);
    await firstMap(page, visit);
    await manyReports(page, server, visit);
    await switchWhilePlanning(page, visit);
    if (browser.problems.length > 0) console.log(`page problems: ${browser.problems.join('; ')}`);
  } finally {
    await browser.context.close();
    await server.app.close();
    rmSync(browser.profileDir, { recursive: true, force: true });
  }
}

type Visit = (hash: string, timeout?: number) => Promise<void>;

/** The first map render: once right after the sign-in's page (its coverage computations still running), then 3 settled visits. */
async function firstMap(page: Page, visit: Visit): Promise<void> {
  const measure = async (label: string) => {
    const load = loadAverage();
    await visit(`area=${AREA}`);
    const marks = await startMarks(page);
    const steps = Object.entries(marks)
      .map(([name, ms]) => `${name} ${ms}`)
      .join(', ');
    console.log(`${label}: ${marks['first-map']} ms after navigation (load average ${load}); ${steps}`);
    return marks['first-map'];
  };
  // The page before starts the coverage computations (ranking, gaps) once its map is drawn, and the
  // server finishes them even when the page is gone.
  await measure("first map render while the previous page's coverage computations run");
  const settle = async () => {
    await waitForRendered(page, 'candidates-label');
    await waitForRendered(page, 'gaps-fill');
  };
  await settle();
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    runs.push(await measure('first map render'));
    await settle();
  }
  console.log(`first map render, median of ${runs.length}: ${median(runs)} ms (target ≤ 2 s)`);
}

/** 100,000 reports: the map, then zooming and panning while counting frames, then a tab switch. */
async function manyReports(page: Page, server: Running, visit: Visit): Promise<void> {
  const area = await api<{ bbox: [number, number, number, number] }>(server, 'GET', `/areas/${AREA}`);
  const reportsRoute = (url: URL) =>
    url.pathname === `/api/v1/areas/${AREA}/reports` || /^\/api\/v1\/areas\/\d+\/reports$/.test(url.pathname);
  await page.route(reportsRoute, (route) => {
    const url = new URL(route.request().url());
    // The synthetic ids run 1, 2, 3 ...: the page after id `cursor` starts at that offset.
    const after = Number(url.searchParams.get('cursor') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 1000);
    return route.fulfill({ contentType: 'application/json', body: JSON.stringify(syntheticReportPage(REPORTS, after, limit, area.bbox)) });
  });
  try {
    const load = loadAverage();
    const t0 = performance.now();
    await visit(`area=${AREA}&layers=boundary,reports`, 180_000);
    const readyMs = performance.now() - t0;
    const shown = await page.getByTestId('stat-reports').textContent();
    const frames = await page.evaluate(async () => {
      const m = window.__coverageMap!;
      const longTasks: number[] = [];
      const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
      observer.observe({ type: 'longtask' });
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
      const started = performance.now();
      for (const zoom of [11, 12.5, 10, 9]) {
        m.easeTo({ zoom, duration: 400 });
        await new Promise<void>((r) => m.once('moveend', () => r()));
      }
      m.panBy([200, 100], { duration: 400 });
      await new Promise<void>((r) => m.once('moveend', () => r()));
      running = false;
      observer.disconnect();
      return { frames: count, worstFrameMs: worst, movingMs: performance.now() - started, longTasks };
    });
    const clickMs = await page.evaluate(async () => {
      const t0 = performance.now();
      document.querySelector<HTMLElement>('[data-testid="tab-gaps"]')!.click();
      await new Promise((r) => requestAnimationFrame(r));
      if (!document.querySelector('[data-testid="tabpanel-gaps"]')) throw new Error('the gaps tab did not open');
      return performance.now() - t0;
    });
    console.log(
      `${REPORTS.toLocaleString('en')} reports (shown as ${shown}): map ready ${Math.round(readyMs)} ms after navigation; ` +
        `zooming and panning (5 moves of 400 ms): ${frames.frames} frames in ${Math.round(frames.movingMs)} ms, longest frame ${Math.round(frames.worstFrameMs)} ms, ` +
        `long tasks ${frames.longTasks.length} (longest ${Math.round(Math.max(0, ...frames.longTasks))} ms); tab switch ${Math.round(clickMs)} ms (load average ${load})`,
    );
  } finally {
    await page.unroute(reportsRoute);
  }
}

/** A click on the network switch while the server plans (greedy, 2 sites, G-net). */
async function switchWhilePlanning(page: Page, visit: Visit): Promise<void> {
  await visit(`area=${AREA}`);
  await page.getByTestId('tab-planning').click();
  await page.getByTestId('plan-max-sites').fill('2');
  await page.getByTestId('plan-method-greedy').check();
  await page.getByTestId('plan-run').click();
  await page.getByTestId('plan-busy').waitFor();
  const switchMs = await page.evaluate(async () => {
    const press = async (id: string) => {
      const t0 = performance.now();
      document.querySelector<HTMLElement>(`[data-testid="${id}"]`)!.click();
      await new Promise((r) => requestAnimationFrame(r));
      return performance.now() - t0;
    };
    return [await press('network-CDMA'), await press('network-GSM')];
  });
  console.log(
    `network switch while the server plans: ${switchMs.map((v) => Math.round(v)).join(' ms, ')} ms to the next frame (load average ${loadAverage()})`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runBrowserBench().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
