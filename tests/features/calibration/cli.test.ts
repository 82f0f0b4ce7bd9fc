import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCalibrateCli, type CliIo } from '../../../scripts/calibrate.ts';
import { openDatabase } from '../../../server/db/database.ts';
import { migrateToLatest } from '../../../server/db/migrate.ts';
import { createArea } from '../../../server/features/areas/service.ts';
import { insertSite } from '../../../server/features/sites/repository.ts';
import { TEST_BOUNDARY } from '../../helpers/app.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { SITES, driveTest, omni } from './fixtures.ts';

function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), env: {} };
}

describe.each(TEST_DATABASES)('npm run calibrate on $name', (target) => {
  let dbArgs: string[];
  let drop: () => Promise<void>;
  let dir: string | null = null;

  beforeAll(async () => {
    const created = await target.create();
    drop = created.drop;
    if (created.databaseUrl) dbArgs = ['--database-url', created.databaseUrl];
    else {
      dir = mkdtempSync(join(tmpdir(), 'calibrate-cli-'));
      dbArgs = ['--data-dir', dir];
    }
    const handle = await openDatabase({ databaseUrl: created.databaseUrl, dataDir: dir ?? '' });
    try {
      await migrateToLatest(handle.db);
      const area = await createArea(handle.db, {
        code: 'cal',
        name: 'Calibration',
        boundary: TEST_BOUNDARY,
        settings: { resolutionM: 100, defaultEnvironment: 'urban' },
      });
      for (const s of SITES) {
        await insertSite(handle.db, area.id, { ...s, status: 'existing', address: null, note: null, approximate: false }, [
          { code: 'G1', ...omni, technology: 'GSM' },
        ]);
      }
      const rows = driveTest(200, 7).map((m) => ({
        area_id: area.id,
        external_id: m.externalId,
        survey: m.survey,
        lon: m.lon,
        lat: m.lat,
        technology: m.technology,
        level_dbm: m.levelDbm,
        serving_cell: m.servingCell,
        measured_at: m.measuredAt,
      }));
      await handle.db.insertInto('survey_measurements').values(rows).execute();
    } finally {
      await handle.close();
    }
  }, 120_000);
  afterAll(async () => {
    await drop?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('prints a before/after table and stores nothing without --apply', async () => {
    const io = captureIo();
    expect(await runCalibrateCli(['--area', 'cal', ...dbArgs], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toMatch(/^Drive-test calibration of cal \(all networks\)\n200 samples\n/);
    expect(text).toMatch(/\nall\s+200\s+\+\d\.\d\d\s+\d\.\d\d\s+\d\.\d\d\s+[+-]0\.\d\d\s/);
    expect(text).toMatch(/\nurban\s+200\s+intercept-and-slope\s+-\d\.\d\d ±0\.\d\d/);
    expect(text).toContain('REPORT ONLY: nothing stored');
  });

  it('applies with --apply and reports the stored calibration as JSON', async () => {
    const io = captureIo();
    expect(await runCalibrateCli(['--area', 'cal', '--technology', 'GSM', '--apply', '--user', 'rf-team', ...dbArgs], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/APPLIED: calibration #\d+ is now enabled for cal/);
    const json = captureIo();
    expect(await runCalibrateCli(['--area', 'cal', '--json', '--min-samples', '10', ...dbArgs], json)).toBe(0);
    const result = JSON.parse(json.stdout.join('\n'));
    expect(result).toMatchObject({ id: null, applied: false, technology: 'all', sampleCount: 200, options: { minSamples: 10 } });
    expect(result.terms.urban.interceptDeltaDb).toBeLessThan(-1);
    const handle = await openDatabase({ databaseUrl: dbArgs[0] === '--database-url' ? dbArgs[1] : undefined, dataDir: dir ?? '' });
    try {
      const stored = await handle.db.selectFrom('calibrations').selectAll().execute();
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ enabled: true, technology: 'GSM', created_by: 'rf-team', sample_count: 200 });
    } finally {
      await handle.close();
    }
  });

  it('exits 2 on usage errors and 1 when there is nothing to calibrate', async () => {
    const cases: [string[], number, RegExp][] = [
      [[], 2, /--area is required/],
      [['--area', 'cal', '--technology', 'LTE'], 2, /--technology must be one of GSM, CDMA, all, got "LTE"/],
      [['--area', 'cal', '--min-samples', '0'], 2, /--min-samples must be a whole number >= 1, got "0"/],
      [['--area', 'nowhere'], 2, /no area "nowhere"; areas: cal/],
      [['--area', 'cal', '--technology', 'CDMA'], 1, /none of the 0 sample\(s\) is usable/],
    ];
    for (const [args, code, message] of cases) {
      const io = captureIo();
      expect(await runCalibrateCli([...args, ...dbArgs], io)).toBe(code);
      expect(io.stderr.join('\n')).toMatch(message);
    }
  });
});
