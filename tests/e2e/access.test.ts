/**
 * Access to the page in a real browser: signing in and out, what a viewer may do, the language
 * switch, accessibility (names of controls, keyboard, contrast), and a clean console with no remote
 * request (checked after every test by the session fixture). The file has its own app and
 * Chromium; a test that signs in as someone else signs the admin in again when it ends.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MIN_TEXT_CONTRAST } from '../../web/src/lib/contrast.ts';
import { contrastOf, controlNames } from './support/accessibility.ts';
import { api, signIn, waitForMapReady } from './support/browser.ts';
import { openCellPopup } from './support/cell-popup.ts';
import { AREA, browserTestsRun, useBrowserSession } from './support/session.ts';

describe.skipIf(!browserTestsRun())('access to the page in Chromium', () => {
  const s = useBrowserSession();

  /** Signs out by dropping the session cookie, and opens a fresh page, which asks for a sign-in. */
  const signedOut = async () => {
    await s.browser.context.clearCookies();
    await s.page.goto(s.freshUrl(`area=${AREA}`));
  };
  const signInAdminAgain = async () => {
    await signedOut();
    await signIn(s.page);
    await waitForMapReady(s.page);
  };

  describe('signing in', () => {
    it('refuses a wrong password, signs the admin in, and asks again after signing out', async () => {
      const { page } = s;
      try {
        await signedOut();
        await signIn(page, { wrongFirst: true });
        await waitForMapReady(page);
        expect(await page.getByTestId('user-name').textContent()).toBe('admin');
        await page.getByTestId('sign-out').click();
        await page.getByTestId('sign-in-dialog').waitFor({ state: 'visible', timeout: 60_000 });
        expect(await page.evaluate(() => document.body.dataset.mapReady)).toBeUndefined();
      } finally {
        await signInAdminAgain();
      }
    });

    it('lets a viewer look at the map and the plans, but offers no editor', async () => {
      const { page, server } = s;
      const viewer = { username: `viewer-${randomUUID().slice(0, 8)}`, password: 'viewer-password-e2e' };
      await api(server, 'POST', '/users', { ...viewer, role: 'viewer' });
      try {
        await signedOut();
        await signIn(page, viewer);
        await waitForMapReady(page);
        expect(await page.getByTestId('user-name').textContent()).toBe(viewer.username);
        await s.openTab('planning');
        expect(await page.getByTestId('tabpanel-planning').innerText()).toContain('只读用户可以查看，不能修改方案或数据。');
        expect(await page.getByTestId('scenario-save').count()).toBe(0);
        const popup = await openCellPopup(s);
        expect(await popup.innerText()).toContain('方位角');
        expect(await page.getByTestId('cell-azimuth').count()).toBe(0);
        expect(await page.getByTestId('cell-apply').count()).toBe(0);
      } finally {
        await signInAdminAgain();
      }
    });
  });

  describe('language', () => {
    it('shows the product name, the area picker and the summary in Chinese by default', async () => {
      const { page } = s;
      await s.visit(`area=${AREA}`, { locale: null });
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      expect(await page.locator('.brand-name').textContent()).toBe('覆盖规划');
      expect(await page.getByTestId('area-picker').inputValue()).toBe(AREA);
      expect(await page.getByTestId('user-name').textContent()).toBe('admin');
      const cells = await page.getByTestId('stat-cells').textContent();
      expect(Number(cells?.replace(/,/g, ''))).toBeGreaterThan(50);
      expect(await page.getByTestId('nav-map').getAttribute('aria-current')).toBe('page');
    });

    it('switches the whole page to English and back, and remembers the choice', async () => {
      const { page } = s;
      await s.visit(`area=${AREA}`);
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
  });

  describe('accessibility', () => {
    it('names every control, on the map and in every tab', async () => {
      const { page } = s;
      await s.visit(`area=${AREA}`);
      for (const tab of ['layers', 'planning', 'gaps'] as const) {
        await s.openTab(tab);
        if (tab === 'planning') await page.getByTestId('ranking-list').waitFor({ timeout: 120_000 });
        if (tab === 'gaps') await page.getByTestId('gap-list').waitFor({ timeout: 120_000 });
        const controls = await controlNames(page);
        expect(controls.length, tab).toBeGreaterThan(15);
        expect(
          controls.filter((c) => c.name === ''),
          tab,
        ).toEqual([]);
      }
    });

    it('reaches the header, the tabs, the network switch and the layer switches with the keyboard', async () => {
      const { page } = s;
      await s.visit(`area=${AREA}`);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      const reached = new Set<string>();
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        const id = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid);
        if (id) reached.add(id);
      }
      for (const id of [
        'panel-toggle',
        'nav-map',
        'nav-dashboard',
        'area-picker',
        'language-switch',
        'settings-button',
        'sign-out',
        'network-GSM',
        'network-CDMA',
        'tab-layers',
        'layer-toggle-level',
        'layer-toggle-gaps',
        'layer-toggle-candidates',
        'layer-toggle-reports',
      ]) {
        expect(reached, id).toContain(id);
      }
      // Arrow keys move between the tabs, as the WAI-ARIA tabs pattern has it.
      await page.getByTestId('tab-layers').focus();
      await page.keyboard.press('ArrowRight');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-planning');
      expect(await page.getByTestId('tab-planning').getAttribute('aria-selected')).toBe('true');
    });

    it('keeps the main text readable (WCAG AA contrast, computed from the CSS colours)', async () => {
      const { page } = s;
      await s.visit(`area=${AREA}`);
      const selectors = [
        '.brand-name',
        '.brand-tagline',
        '.view-link:not([aria-current])',
        '.server-status',
        '.header-area label',
        '.network-label',
        '.segment[aria-pressed="true"]',
        '.segment[aria-pressed="false"]',
        '.tab[aria-selected="true"]',
        '.tab[aria-selected="false"]',
        '.panel-section h2',
        '.layer-name',
        '.layer-count',
        '.stat dt',
        '.stat dd',
        '.legend-hint',
        '.panel-footnote',
      ];
      const results = await contrastOf(page, selectors);
      console.log(`contrast: ${results.map((r) => `${r.selector} ${r.ratio.toFixed(1)}`).join(', ')}`);
      for (const r of results) expect(r.ratio, `${r.selector} "${r.text}"`).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
      await s.openTab('planning');
      await page.getByTestId('ranking-list').waitFor({ timeout: 120_000 });
      await page.locator('.figures-table th[scope="row"]').first().waitFor({ timeout: 120_000 });
      const planning = await contrastOf(page, [
        '.panel-hint',
        '.rank-title',
        '.metric-label',
        '.rank-metrics',
        '.button-primary',
        '.button-quiet',
        '.figures-table th[scope="row"]',
        '.field-grid label',
      ]);
      for (const r of planning) expect(r.ratio, `${r.selector} "${r.text}"`).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    });
  });
});
