/**
 * The fixture of one browser-test file: its own app (in-memory database with the demo data) and its
 * own headless Chromium signed in as the admin, plus the page helpers every user story uses.
 *
 * Every test opens the page it needs itself (`visit`), in the language it needs, and creates the
 * data it needs (scenarios, users) through the API, so the tests of a file pass in any order. After
 * each test, and once more when the file ends, the page must have made no remote request and logged
 * no console error other than those the test said it provokes (`expectingConsoleError`).
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { CoverageFigures } from '../../../web/src/api/types.ts';
import type { Locale } from '../../../web/src/i18n/index.ts';
import { SETTINGS_STORAGE_KEY } from '../../../web/src/state/settings.ts';
import {
  api,
  CHROMIUM,
  hasChromium,
  launchBrowser,
  OUTPUT_DIR,
  signIn,
  startApp,
  waitForMapReady,
  type Browser,
  type Running,
} from './browser.ts';

export const AREA = 'ranghulu';
/** The story of the source document: a new G-net site for Fuqiang Village. */
export const FUQIANG_CANDIDATE = 'CAND-003';

/** False where Chromium is missing (the files skip then, with a message; on CI they must run). */
export function browserTestsRun(): boolean {
  if (!hasChromium && process.env.CI === 'true') {
    throw new Error(`Browser tests need Chromium at ${CHROMIUM} on CI (apt-get install chromium)`);
  }
  if (!hasChromium) console.warn(`Skipping the browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium to run them)`);
  return hasChromium;
}

export type PanelTab = 'layers' | 'planning' | 'gaps';

export interface BrowserSession {
  server: Running;
  browser: Browser;
  page: Page;
  baseUrl: string;
  /**
   * Opens the page afresh at this hash and waits for the first map: in `locale` (Chinese unless
   * said), or with no stored language preference at all when `locale` is null.
   */
  visit(hash: string, options?: { locale?: Locale | null; timeout?: number }): Promise<void>;
  /** The URL of a fresh document at this hash (for tests that navigate themselves). */
  freshUrl(hash: string): string;
  /** Sets the language the next page load starts in (the user's stored preference; null forgets it). */
  setLocale(locale: Locale | null): Promise<void>;
  openTab(tab: PanelTab): Promise<void>;
  /** Sets the hash's layers of the page shown (the page redraws without a new document). */
  setLayers(layers: string): Promise<void>;
  shot(name: string): Promise<void>;
  coverage(query: string): Promise<CoverageFigures>;
  /** Runs `body` while console errors matching `pattern` (provoked by the test) are expected. */
  expectingConsoleError<T>(pattern: RegExp, body: () => Promise<T>): Promise<T>;
}

/**
 * Registers the file's beforeAll, afterEach and afterAll hooks and returns the session, whose fields
 * are filled once beforeAll has run (use them inside tests and hooks only).
 */
export function useBrowserSession(): BrowserSession {
  let visits = 0;
  let defaultExpected: RegExp[] = [];
  const s = {
    async visit(hash, options = {}) {
      await s.setLocale(options.locale === undefined ? 'zh-CN' : options.locale);
      await s.page.goto(s.freshUrl(hash));
      await waitForMapReady(s.page, options.timeout);
    },
    // A new document every time, so that nothing of the last one writes over the hash.
    freshUrl: (hash) => `${s.baseUrl}/?visit=${++visits}#${hash}`,
    async setLocale(locale) {
      if (!s.page.url().startsWith(s.baseUrl)) await s.page.goto(`${s.baseUrl}/api/v1/health`);
      await s.page.evaluate(
        ({ key, locale }) => {
          let stored: Record<string, unknown> = {};
          try {
            stored = JSON.parse(localStorage.getItem(key) ?? '{}') as Record<string, unknown>;
          } catch {
            // A broken value is replaced.
          }
          const { locale: _previous, ...others } = stored;
          localStorage.setItem(key, JSON.stringify(locale === null ? others : { ...others, locale }));
        },
        { key: SETTINGS_STORAGE_KEY, locale },
      );
    },
    async openTab(tab) {
      await s.page.getByTestId(`tab-${tab}`).click();
      await s.page.getByTestId(`tabpanel-${tab}`).waitFor();
    },
    async setLayers(layers) {
      await s.page.evaluate((l) => {
        const hash = new URLSearchParams(location.hash.slice(1));
        hash.set('layers', l);
        location.hash = decodeURIComponent(hash.toString());
      }, layers);
      await s.page.waitForFunction((l) => new URLSearchParams(location.hash.slice(1)).get('layers') === l, layers);
    },
    async shot(name) {
      await s.page.screenshot({ path: path.join(OUTPUT_DIR, name) });
    },
    coverage: (query) => api<CoverageFigures>(s.server, 'GET', `/areas/${AREA}/coverage?${query}`),
    async expectingConsoleError(pattern, body) {
      s.browser.expected.push(pattern);
      try {
        return await body();
      } finally {
        s.browser.expected.splice(s.browser.expected.indexOf(pattern), 1);
      }
    },
  } as BrowserSession;

  beforeAll(async () => {
    mkdirSync(OUTPUT_DIR, { recursive: true });
    s.server = await startApp();
    s.baseUrl = s.server.baseUrl;
    s.browser = await launchBrowser(s.baseUrl);
    s.page = s.browser.page;
    defaultExpected = [...s.browser.expected];
    await s.page.goto(`${s.baseUrl}/`);
    await signIn(s.page);
    await waitForMapReady(s.page);
  }, 240_000); // seeding the demo area and starting Chromium, on a busy two-core machine

  afterEach(() => {
    if (!s.browser) return;
    const problems = s.browser.problems.splice(0);
    s.browser.expected.splice(0, s.browser.expected.length, ...defaultExpected);
    expect(problems, 'remote requests and unexpected errors of the page').toEqual([]);
  });

  afterAll(async () => {
    const late = s.browser?.problems.splice(0) ?? [];
    await s.browser?.context.close();
    await s.server?.app.close();
    if (s.browser?.profileDir) rmSync(s.browser.profileDir, { recursive: true, force: true });
    expect(late, 'remote requests and unexpected errors of the page after the last test').toEqual([]);
  });

  return s;
}
