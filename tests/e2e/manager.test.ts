/**
 * Management's stories in a real browser: the dashboard and its charts, the exports, the printed
 * report and saved scenarios compared. The file has its own app and Chromium; its two saved
 * scenarios (the Fuqiang Village G-net site, named once in each language) are created through the
 * API before the first test and no test changes them, so the tests pass in any order.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MIN_TEXT_CONTRAST } from '../../web/src/lib/contrast.ts';
import type { Locale } from '../../web/src/i18n/index.ts';
import { contrastOf, controlNames } from './support/accessibility.ts';
import { api, renderedCounts, waitForMapIdle, waitForMapReady } from './support/browser.ts';
import { chartPixels, waitForCharts } from './support/dashboard.ts';
import { NO_CHANGES, saveScenario } from './support/fixtures.ts';
import { AREA, browserTestsRun, FUQIANG_CANDIDATE, useBrowserSession } from './support/session.ts';

const SCENARIO_ZH = '富强村G网新站';
const SCENARIO_EN = 'Fuqiang G-net site';

describe.skipIf(!browserTestsRun())('the management dashboard in Chromium', () => {
  const s = useBrowserSession();

  beforeAll(async () => {
    for (const name of [SCENARIO_ZH, SCENARIO_EN])
      await saveScenario(s.server, name, { ...NO_CHANGES, addCandidates: [FUQIANG_CANDIDATE] });
  });

  /** Opens the map page afresh and goes to the dashboard, once its figures and charts are drawn. */
  const openDashboard = async (locale: Locale = 'zh-CN') => {
    await s.visit(`area=${AREA}`, { locale });
    await s.page.getByTestId('nav-dashboard').click();
    await s.page.getByTestId('dash-figures').locator('tbody tr').first().waitFor({ timeout: 240_000 });
    await waitForCharts(s.page);
  };

  it('draws every dashboard chart on its canvas', async () => {
    const { page } = s;
    await openDashboard();
    const charts = await chartPixels(page);
    expect(Object.keys(charts).sort()).toEqual([
      'chart-coverage-area',
      'chart-coverage-population',
      'chart-perceived',
      'chart-reports-kind',
      'chart-reports-month',
      'chart-reports-source',
      'chart-reports-status',
    ]);
    for (const [id, painted] of Object.entries(charts)) expect(painted, id).toBeGreaterThan(2_000);
    const controls = await controlNames(page, '#dashboard');
    expect(controls.filter((c) => c.name === '')).toEqual([]);
    const contrast = await contrastOf(page, [
      '.dash-title',
      '.dash-subtitle',
      '.kpi-label',
      '.kpi-value',
      '.kpi-sub',
      '.data-table thead th',
      '.data-table td',
      '.chart-box figcaption',
      '.export-link',
    ]);
    for (const r of contrast) expect(r.ratio, `${r.selector} "${r.text}"`).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
  });

  it('exports the figures as CSV with a BOM, links the layer exports and builds the plan GeoJSON', async () => {
    const { page, baseUrl } = s;
    await openDashboard();
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dash-csv').click()]);
    const text = readFileSync(await csv.path(), 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('方案,制式,面积覆盖率（%）,人口覆盖率（%）,覆盖面积（km²）,区域面积（km²）,覆盖人口,总人口,覆盖区外上报,缺口数');
    expect(lines.some((l) => l.startsWith(`${SCENARIO_ZH},G网（GSM）,`))).toBe(true);
    expect(lines.length).toBeGreaterThanOrEqual(7);

    const kml = await page.getByTestId('export-gaps-gsm-kml').getAttribute('href');
    expect(kml).toBe(`/api/v1/areas/${AREA}/exports/gaps-gsm.kml`);
    const response = await page.request.get(`${baseUrl}${kml}`);
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain('<kml');
    for (const id of ['export-gaps-cdma-geojson', 'export-candidates-csv', 'export-hotspots-kml'])
      expect(await page.getByTestId(id).getAttribute('href')).toMatch(/\/exports\//);

    const [plan] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-plan-geojson').click()]);
    const geojson = JSON.parse(readFileSync(await plan.path(), 'utf8')) as {
      features: { properties: { code: string }; geometry: { coordinates: number[] } }[];
    };
    expect(geojson.features.map((f) => f.properties.code)).toEqual([FUQIANG_CANDIDATE]);
    expect(geojson.features[0].geometry.coordinates[0]).toBeCloseTo(124.6571, 3);
    const [kmlPlan] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-plan-kml').click()]);
    expect(readFileSync(await kmlPlan.path(), 'utf8')).toContain(`<name>${FUQIANG_CANDIDATE} `);
  });

  it('prints a report page with the figures and charts only', async () => {
    const { page } = s;
    await openDashboard();
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => void ((window as unknown as { printed: number }).printed += 1);
    });
    await page.getByTestId('dash-print').click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('.app-header').isVisible()).toBe(false);
      expect(await page.getByTestId('dash-print').isVisible()).toBe(false);
      expect(await page.getByTestId('dash-effect-table').isVisible()).toBe(true);
      expect(await page.getByTestId('chart-coverage-area').locator('canvas').isVisible()).toBe(true);
      await s.shot('dashboard-print.png');
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('sets perceived against predicted coverage per place, flagged places first, in both languages and on paper', async () => {
    const { page } = s;
    await openDashboard();
    const table = page.getByTestId('dash-perceived-table');
    const flags = async () =>
      table
        .locator('tbody tr')
        .evaluateAll((trs) =>
          trs.filter((tr) => tr.getAttribute('data-flag')).map((tr) => `${tr.getAttribute('data-place')}:${tr.getAttribute('data-flag')}`),
        );
    // G-net: unhappy at Liuchang and Fangxiao before their optimization, satisfied at Hongwei Er Cun after its new site
    expect(await table.getAttribute('data-network')).toBe('GSM');
    const gsm = await flags();
    expect(gsm).toEqual(
      expect.arrayContaining(['fangxiao:unhappy-but-covered', 'liuchang:unhappy-but-covered', 'hongwei-ercun:satisfied-but-gap']),
    );
    expect(gsm.slice(0, 2).every((f) => f.endsWith('unhappy-but-covered'))).toBe(true);
    const fangxiao = table.locator('tr[data-place="fangxiao"]');
    expect(await fangxiao.locator('th').textContent()).toBe('方晓');
    expect(await fangxiao.locator('td').last().textContent()).toBe('预测已覆盖但客户不满意：室内覆盖或模型校正问题');
    expect(await fangxiao.evaluate((tr) => getComputedStyle(tr).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
    const label = await page.getByTestId('chart-perceived').getAttribute('aria-label');
    expect(label).toContain('⚑ 宏伟二村');

    await page.getByTestId('dash-perceived-network').selectOption('CDMA');
    await page.getByTestId('dash-perceived-table').and(page.locator('[data-network="CDMA"]')).waitFor();
    expect(await flags()).toContain('liuchang:unhappy-but-covered');
    expect(await flags()).not.toContain('yinyi:unhappy-but-covered');

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dash-perceived-csv').click()]);
    const lines = readFileSync(await csv.path(), 'utf8')
      .slice(1)
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('制式,地点,答卷数,满意数,感知覆盖率,预测覆盖率,差值,标记');
    expect(lines.some((l) => l.startsWith('G网（GSM）,宏伟二村,') && l.endsWith('预测为盲区但客户满意：模型偏保守或缺少站点'))).toBe(true);

    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.getByTestId('dash-perceived-table').isVisible()).toBe(true);
      expect(await page.getByTestId('dash-perceived-network').isVisible()).toBe(false);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }

    await openDashboard('en');
    const en = page.getByTestId('dash-perceived-table');
    expect(await en.locator('tr[data-place="hongwei-ercun"] th').textContent()).toBe('Hongwei Er Cun');
    expect(await en.locator('tr[data-place="hongwei-ercun"] td').last().textContent()).toBe(
      'Satisfied although a predicted gap: model too pessimistic, or a site it lacks',
    );
  });

  it('charts both saved scenarios beside the existing network, in English', async () => {
    const { page } = s;
    await openDashboard('en');
    const legend = await page.evaluate(() => {
      const el = document.querySelector('[data-testid="chart-coverage-area"]');
      return el ? (el.getAttribute('aria-label') ?? '') : '';
    });
    expect(legend).toMatch(/^Coverage by area \(bar chart\)\. Existing network: G-net \(GSM\) \d+\.\d\d%/);
    expect(legend).toContain(`${SCENARIO_EN}: G-net (GSM)`);
    expect(legend).toContain(`${SCENARIO_ZH}: G-net (GSM)`);
    const rows = await page
      .getByTestId('dash-figures')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-scenario')));
    expect(new Set(rows)).toEqual(new Set(['', SCENARIO_ZH, SCENARIO_EN]));
  });

  it('loads the figures of every charted scenario and network in one request', async () => {
    const { page, server } = s;
    await s.visit(`area=${AREA}`);
    const asked: string[] = [];
    const record = (request: { url: () => string }) => {
      const url = new URL(request.url());
      if (/\/(coverage|dashboard\/figures)$/.test(url.pathname)) asked.push(url.pathname + url.search);
    };
    page.on('request', record);
    try {
      await page.getByTestId('nav-dashboard').click();
      await page.getByTestId('dash-figures').locator('tbody tr').first().waitFor({ timeout: 240_000 });
    } finally {
      page.off('request', record);
    }
    const scenarios = await api<{ items: { id: number }[] }>(server, 'GET', `/areas/${AREA}/scenarios`);
    const ids = scenarios.items.map((sc) => sc.id).sort((a, b) => a - b);
    expect(asked).toEqual([`/api/v1/areas/${AREA}/dashboard/figures?scenarios=${ids.join('%2C')}`]);
    expect(await page.getByTestId('dash-figures').locator('tbody tr').count()).toBe(3 * (1 + scenarios.items.length));
    await page.getByTestId('nav-map').click();
    await waitForMapReady(page);
  });

  it('compares two scenarios side by side and draws the difference', async () => {
    const { page } = s;
    await s.visit(`area=${AREA}`);
    await s.openTab('planning');
    await page.getByTestId('compare-base').selectOption('existing');
    await page.getByTestId('compare-target').selectOption(SCENARIO_ZH);
    await page.getByTestId('compare-run').click();
    const result = page.getByTestId('compare-result');
    await result.waitFor({ timeout: 240_000 });
    expect(await result.locator('tr[data-network]').count()).toBe(3);
    expect(await result.innerText()).toContain(SCENARIO_ZH);
    expect(await page.evaluate(() => location.hash)).toMatch(/layers=[^&]*difference/);
    await page.waitForFunction(() => (window.__coverageMap?.querySourceFeatures('difference').length ?? 0) > 0, null, { timeout: 30_000 });
    await page.evaluate(() => window.__coverageMap!.jumpTo({ center: [124.65, 46.95], zoom: 10.5 }));
    await waitForMapIdle(page);
    expect((await renderedCounts(page, ['difference-fill']))['difference-fill']).toBeGreaterThan(0);
    await s.shot('compare.png');
  });
});
