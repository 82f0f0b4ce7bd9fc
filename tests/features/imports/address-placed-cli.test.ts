/**
 * `npm run import` with the gazetteer: places first, then a complaint sheet with address-only rows:
 * all-or-nothing refuses the file naming the unmatched address's line and column, `--partial` keeps
 * the rest, placed at their places with located 'address'.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImportCli } from '../../../scripts/import.ts';
import { openDatabase } from '../../../server/db/database.ts';
import { migrateToLatest } from '../../../server/db/migrate.ts';
import { fixture } from '../../fixtures/imports/generate.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { insertTestArea } from './helpers.ts';

describe.each(TEST_DATABASES)('npm run import of address-only rows on $name', (target) => {
  let databaseUrl: string | undefined;
  let dir: string | null = null;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await target.create();
    drop = created.drop;
    databaseUrl = created.databaseUrl;
    if (!databaseUrl) dir = mkdtempSync(join(tmpdir(), 'import-places-cli-'));
    const handle = await openDatabase({ databaseUrl, dataDir: dir ?? '' });
    await migrateToLatest(handle.db);
    await insertTestArea(handle.db, 'ranghulu-test');
    await handle.close();
  });
  afterAll(async () => {
    await drop?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const cli = async (...args: string[]) => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const dbArgs = databaseUrl ? ['--database-url', databaseUrl] : ['--data-dir', dir!];
    const code = await runImportCli([...args, ...dbArgs], {
      out: (t) => stdout.push(t),
      err: (t) => stderr.push(t),
      isTty: false,
      env: {},
    });
    return { code, out: stdout.join('\n'), err: stderr.join('\n') };
  };

  it('imports the gazetteer, then places address-only rows, keeping the good ones with --partial', async () => {
    const places = await cli('places', fixture('places-zh.csv'), '--area', 'ranghulu-test');
    expect(places.code).toBe(0);
    expect(places.out).toContain('rows: 5 read, 5 inserted, 0 updated, 0 rejected, 0 skipped');

    const strict = await cli('reports', fixture('complaints-address-only.csv'), '--area', 'ranghulu-test');
    expect(strict.code).toBe(1);
    expect(strict.out).toMatch(/^REJECTED \(nothing written\)/);
    expect(strict.out).toContain(
      'line 5, 地址: no place in the gazetteer matches the address (give coordinates, or add the place or an alias with an import of kind places) (value "大庆市让胡路区北湖路138号")',
    );

    const partial = await cli('reports', fixture('complaints-address-only.csv'), '--area', 'ranghulu-test', '--partial', '--json');
    // Exit code 1: there were bad rows, even though the good ones were written.
    expect(partial.code).toBe(1);
    // TS-05 names 银亿阳光城, which this gazetteer (the CSV only) does not have: a second row error.
    expect(JSON.parse(partial.out)).toMatchObject({ committed: true, rowsInserted: 3, rowsRejected: 2 });

    const handle = await openDatabase({ databaseUrl, dataDir: dir ?? '' });
    try {
      const rows = await handle.db
        .selectFrom('problem_reports')
        .leftJoin('places', 'places.id', 'problem_reports.place_id')
        .select([
          'problem_reports.external_id',
          'problem_reports.lon',
          'problem_reports.lat',
          'problem_reports.located',
          'problem_reports.place_name',
          'problem_reports.location_radius_m',
          'places.code as place_code',
        ])
        .orderBy('problem_reports.external_id')
        .execute();
      expect(rows).toEqual([
        {
          external_id: 'TS-01',
          lon: 124.862,
          lat: 46.662,
          located: 'coordinates',
          place_name: null,
          location_radius_m: null,
          place_code: null,
        },
        {
          external_id: 'TS-02',
          lon: 124.6553,
          lat: 46.9548,
          located: 'address',
          place_name: '富强村',
          location_radius_m: 500,
          place_code: '富强村',
        },
        {
          external_id: 'TS-03',
          lon: 124.8842,
          lat: 46.5884,
          located: 'address',
          place_name: '龙南营业厅',
          location_radius_m: 50,
          place_code: '龙南营业厅',
        },
      ]);
    } finally {
      await handle.close();
    }
  });
});
