/**
 * The import story in a real browser, in Chinese and in English: an administrator opens the import
 * screen, chooses a complaint sheet saved as GBK CSV with a title row above its own headers and one
 * bad row, checks what was detected (kind, encoding, header row, column mapping, CRS), the preview
 * rows and their positions on the small map, maps an unrecognised value, runs a dry run whose row
 * errors are listed and downloaded as CSV, imports (refused as a whole, then the good rows only, with
 * the progress bar), finds the import in the history and undoes it. Each test uploads its own file
 * (its own ticket numbers), so the tests pass in any order and alongside the other files.
 */
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEMO_DIR } from '../../server/features/demo/seed.ts';
import { describe, expect, it } from 'vitest';
import type { ReportPage } from '../../server/contract/reports.ts';
import { api } from './support/browser.ts';
import { AREA, browserTestsRun, useBrowserSession } from './support/session.ts';

/** Places inside Ranghulu (WGS84) for the sheet's rows. */
const PLACES: Array<[number, number, string]> = [
  [124.862, 46.662, '远望高层7号楼'],
  [124.78, 46.58, '方晓小区3号楼'],
  [124.9, 46.62, '宏伟二村12栋'],
  [124.82, 46.66, '六厂生活区'],
];

/**
 * A branch office's complaint sheet: title row, its own headers, GBK. Four good rows and, on
 * spreadsheet row 7, one with a date that does not exist and a wording no rule knows.
 */
function complaintSheet(prefix: string, odd: string): Buffer {
  const rows = ['2006年让胡路区客户投诉汇总表', '编号,经度,纬度,网络,问题类型,来源,客户等级,时间,状态,地址'];
  const kinds = ['信号弱', '无信号', '掉话', '室内'];
  PLACES.forEach(([lon, lat, address], i) => {
    rows.push(`${prefix}-${i + 1},${lon},${lat},G网,${kinds[i]},投诉,普通,2006-06-0${i + 1} 09:30,未处理,${address}`);
  });
  rows.push(`${prefix}-9,124.85,46.64,C网,${odd},投诉,普通,2006-13-45,未处理,让胡路某地`);
  return iconv.encode(`${rows.join('\r\n')}\r\n`, 'gbk');
}

interface Words {
  locale: 'zh-CN' | 'en';
  prefix: string;
  /** A wording no rule knows (each test its own: a mapping is remembered for the area). */
  odd: string;
  kindLabel: string;
  headerRow: string;
  dryRun: string;
  refused: string;
  committed: string;
  csvHeader: string;
  imported: string;
  undone: string;
  undoneState: string;
}

const CHINESE: Words = {
  locale: 'zh-CN',
  prefix: 'E2E-ZH',
  odd: '听不清',
  kindLabel: '投诉与问题工单',
  headerRow: '表头在第 2 行',
  dryRun: '试导入：共 5 行，正确的行将新增 4 行',
  refused: '未导入：5 行中有 1 行有错误',
  committed: '已导入：共 5 行，新增 4 行',
  csvHeader: '行号,列名,原值,原因',
  imported: '已导入',
  undone: '已撤销：删除 4 行',
  undoneState: '已撤销（admin）',
};

const ENGLISH: Words = {
  locale: 'en',
  prefix: 'E2E-EN',
  odd: '咨询资费',
  kindLabel: 'Complaints and problem reports',
  headerRow: 'header on row 2',
  dryRun: 'Dry run: 5 rows; the good rows would add 4',
  refused: 'Not imported: 1 of 5 rows have errors',
  committed: 'Imported: 5 rows; 4 added',
  csvHeader: 'Row,Column,Value,Reason',
  imported: 'imported',
  undone: 'Undone: 4 rows deleted',
  undoneState: 'undone (admin)',
};

describe.skipIf(!browserTestsRun())('importing a file through the web screen in Chromium', () => {
  const s = useBrowserSession();

  const reportCount = async (prefix: string) => {
    const page = await api<ReportPage>(s.server, 'GET', `/areas/${AREA}/reports?limit=5000`);
    return page.features.filter((f) => String(f.properties.externalId).startsWith(prefix)).length;
  };

  const story = async (w: Words, viewport?: { width: number; height: number }) => {
    const { page } = s;
    if (viewport) await page.setViewportSize(viewport);
    try {
      await s.visit(`area=${AREA}`, { locale: w.locale });
      // On a phone the header folds into a menu, which holds the import button.
      if (viewport) await page.getByTestId('header-menu-button').click();
      await page.getByTestId('import-button').click();
      const dialog = page.getByTestId('import-dialog');
      await dialog.waitFor({ state: 'visible' });
      await page.getByTestId('import-file').setInputFiles({
        name: `${w.prefix}-让胡路投诉汇总.csv`,
        mimeType: 'text/csv',
        buffer: complaintSheet(w.prefix, w.odd),
      });

      // What was detected, with the user's labels.
      await page.getByTestId('import-detected').waitFor();
      expect(await page.getByTestId('import-kind').inputValue()).toBe('reports');
      expect(await page.locator('[data-testid="import-kind"] option:checked').textContent()).toBe(w.kindLabel);
      expect(await page.getByTestId('import-encoding').inputValue()).toBe('gbk');
      expect(await page.getByTestId('import-crs').inputValue()).toBe('wgs84');
      expect(await page.getByTestId('import-detected-summary').textContent()).toContain(w.headerRow);
      expect(await page.locator('[data-testid="import-column-field"][data-column="问题类型"]').inputValue()).toBe('kind');
      expect(await page.locator('[data-testid="import-column-field"][data-column="编号"]').inputValue()).toBe('external_id');

      // The preview: five rows, the bad one marked, the four good ones on the small map.
      const rows = page.getByTestId('import-preview-row');
      expect(await rows.count()).toBe(5);
      expect(await rows.nth(4).getAttribute('class')).toContain('is-bad');
      await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="import-map"]')?.dataset.points === '4');

      // The unrecognised wording, mapped to a category.
      const valueMap = page.locator(`[data-testid="import-value-map"][data-value="${w.odd}"]`);
      await valueMap.selectOption('other');

      // Dry run: the row error is listed and downloads as CSV.
      await page.getByTestId('import-dry-run').click();
      await page.getByTestId('import-report').waitFor();
      expect(await page.getByTestId('import-report-headline').textContent()).toContain(w.dryRun);
      const errors = await page.getByTestId('import-errors').innerText();
      expect(errors).toContain('7');
      expect(errors).toContain('2006-13-45');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-errors-csv').click()]);
      const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
      expect(csv.split('\r\n')[0]).toBe(w.csvHeader);
      expect(csv).toContain('2006-13-45');
      expect(await reportCount(w.prefix)).toBe(0);
      await s.shot(`import-${w.locale}${viewport ? '-phone' : ''}.png`);

      // All or nothing refuses the file; the good rows only go in, with the progress bar.
      await page.getByTestId('import-run').click();
      await page.waitForFunction(
        (text) => document.querySelector('[data-testid="import-report-headline"]')?.textContent?.includes(text),
        w.refused,
      );
      expect(await reportCount(w.prefix)).toBe(0);
      await page.getByTestId('import-partial').check();
      await page.getByTestId('import-run').click();
      await page.waitForFunction(
        (text) => document.querySelector('[data-testid="import-report-headline"]')?.textContent?.includes(text),
        w.committed,
      );
      expect(await page.getByTestId('import-progress').getAttribute('value')).toBe('1000');
      expect(await reportCount(w.prefix)).toBe(4);

      // The history names the file, the user and the state; undo takes the four rows out again.
      const entry = page
        .getByTestId('import-history-row')
        .filter({ hasText: `${w.prefix}-让胡路投诉汇总.csv` })
        .first();
      await entry.waitFor();
      expect(await entry.innerText()).toContain('admin');
      expect(await entry.getByTestId('import-history-state').textContent()).toBe(w.imported);
      page.once('dialog', (d) => void d.accept());
      await entry.getByTestId('import-undo').click();
      await page.getByTestId('import-notice').filter({ hasText: w.undone }).waitFor();
      await page.waitForFunction(
        ({ name, state }) =>
          [...document.querySelectorAll('[data-testid="import-history-row"]')].some(
            (r) => r.textContent?.includes(name) && r.querySelector('[data-testid="import-history-state"]')?.textContent === state,
          ),
        { name: `${w.prefix}-让胡路投诉汇总.csv`, state: w.undoneState },
      );
      expect(await reportCount(w.prefix)).toBe(0);

      if (viewport) {
        // On a phone the screen fits the width: nothing runs off to the side.
        const box = await dialog.boundingBox();
        expect(box!.width).toBeLessThanOrEqual(viewport.width);
        const overflow = await page.evaluate(() => {
          const d = document.querySelector<HTMLElement>('[data-testid="import-dialog"]')!;
          return d.scrollWidth - d.clientWidth;
        });
        expect(overflow).toBeLessThanOrEqual(1);
      }
      await page.getByTestId('import-close').click();
      await dialog.waitFor({ state: 'hidden' });
    } finally {
      if (viewport) await page.setViewportSize({ width: 1400, height: 860 });
    }
  };

  it('imports a GBK complaint sheet with a bad row and undoes it, in Chinese', async () => {
    await story(CHINESE);
  }, 180_000);

  it('imports elevation files as the area DEM, and shows a refusal naming what is missing', async () => {
    const { page } = s;
    await s.visit(`area=${AREA}`, { locale: 'en' });
    await page.getByTestId('import-button').click();
    await page.getByTestId('import-dialog').waitFor({ state: 'visible' });
    // A grid of a small part of the district only: refused, naming the km² and percent missing.
    const corner = [
      'ncols 3',
      'nrows 3',
      'xllcorner 124.83',
      'yllcorner 46.63',
      'cellsize 0.02',
      '150 150 150',
      '150 150 150',
      '150 150 150',
    ].join('\n');
    await page.getByTestId('import-dem-files').setInputFiles({ name: 'corner.asc', mimeType: 'text/plain', buffer: Buffer.from(corner) });
    await s.expectingConsoleError(/status of 422 \(Unprocessable Entity\)/, async () => {
      await page.getByTestId('import-dem-run').click();
      await page.getByTestId('import-dem-error').waitFor();
    });
    expect(await page.getByTestId('import-dem-error').textContent()).toMatch(
      /does not cover the area: [\d.]+ km² \(9\d\.\d % of the area\)/,
    );
    // The demo's own model, imported again through the screen: it replaces the stored one.
    await page.getByTestId('import-dem-files').setInputFiles(resolve(DEMO_DIR, 'dem.tif'));
    await page.getByTestId('import-dem-run').click();
    await page.getByTestId('import-dem-report').waitFor();
    expect(await page.getByTestId('import-dem-report').textContent()).toMatch(
      /^DEM imported: \d+×\d+ cells of about 93 m, heights 14\d–1[56]\d m, 0 void cells filled, 100 % of the area covered\.$/,
    );
    await page.getByTestId('import-close').click();
    // The terrain layer draws the model's shaded relief under the coverage.
    const terrainTile = page.waitForResponse((r) => r.url().includes('/elevation/tiles/') && r.status() === 200);
    await s.setLayers('boundary,terrain');
    const tile = await terrainTile;
    expect(tile.headers()['content-type']).toBe('image/png');
    await s.shot('terrain-en.png');
  }, 180_000);

  it('imports the same kind of sheet and undoes it, in English on a phone-sized screen', async () => {
    await story(ENGLISH, { width: 390, height: 844 });
  }, 180_000);
});
