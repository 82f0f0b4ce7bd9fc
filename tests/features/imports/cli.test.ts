import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImportCli, type CliIo } from '../../../scripts/import.ts';
import { openDatabase } from '../../../server/db/database.ts';
import { migrateToLatest } from '../../../server/db/migrate.ts';
import { fixture } from '../../fixtures/imports/generate.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { kmzBomb } from '../../helpers/zip-bombs.ts';
import { insertTestArea } from './helpers.ts';

function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTty: false, env: {} };
}

describe.each(TEST_DATABASES)('npm run import on $name', (target) => {
  let dbArgs: string[];
  let drop: () => Promise<void>;
  let dir: string | null = null;

  beforeAll(async () => {
    const created = await target.create();
    drop = created.drop;
    if (created.databaseUrl) dbArgs = ['--database-url', created.databaseUrl];
    else {
      dir = mkdtempSync(join(tmpdir(), 'import-cli-'));
      dbArgs = ['--data-dir', dir];
    }
    const handle = await openDatabase({ databaseUrl: created.databaseUrl, dataDir: dir ?? '' });
    await migrateToLatest(handle.db);
    await insertTestArea(handle.db, 'ranghulu-test');
    await handle.close();
  });
  afterAll(async () => {
    await drop?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const cli = async (...args: string[]) => cliWith({}, ...args);
  const cliWith = async (env: NodeJS.ProcessEnv, ...args: string[]) => {
    const io = { ...captureIo(), env };
    const code = await runImportCli([...args, ...dbArgs], io);
    return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
  };

  it('imports a file and exits 0', async () => {
    const { code, out } = await cli('reports', fixture('reports-utf8-bom.csv'), '--area', 'ranghulu-test', '--user', 'zhang');
    expect(code).toBe(0);
    expect(out).toMatch(/^IMPORTED: reports-utf8-bom.csv → ranghulu-test as reports \(csv, utf8\)/);
    expect(out).toContain('rows: 5 read, 5 inserted, 0 updated, 0 rejected, 0 skipped');
  });

  it('prints every bad row with line, column and reason and exits 1', async () => {
    const { code, out } = await cli('reports', fixture('bad-reports.csv'), '--area', 'ranghulu-test');
    expect(code).toBe(1);
    expect(out).toMatch(/^REJECTED \(nothing written\)/);
    expect(out).toContain('8 error(s):');
    expect(out).toContain('line 3, 经度: not a coordinate: expected decimal degrees or degrees/minutes/seconds (value "abc")');
    expect(out).toContain('line 10, 编号: duplicate external_id (first on line 2) (value "B-01")');
    expect(out).toContain(
      'line 6, column "问题类型": value "欠费停机" not recognised in 1 row(s); imported as other (add a value mapping to classify it)',
    );
  });

  it('speaks Chinese under a Chinese locale or with --lang zh, naming line, column and value', async () => {
    const zh = await cliWith({ LANG: 'zh_CN.UTF-8' }, 'reports', fixture('bad-reports.csv'), '--area', 'ranghulu-test');
    expect(zh.code).toBe(1);
    expect(zh.out).toMatch(/^已拒绝（未写入任何数据）/);
    expect(zh.out).toContain('8 个错误：');
    expect(zh.out).toContain('第 10 行，列"编号"：重复的 external_id（首次出现在第 2 行）（值"B-01"）');
    expect(zh.out).toContain('第 7 行，列"时间"：2006 年 2 月没有 30 日（值"2006-02-30"）');
    expect(zh.out).toContain('第 6 行，列"问题类型"：无法识别的值"欠费停机"（共 1 行），已按 other 导入（可添加值映射来归类）');
    const flag = await cliWith({ LANG: 'en_US.UTF-8' }, 'reports', fixture('bad-reports.csv'), '--area', 'ranghulu-test', '--lang', 'zh');
    expect(flag.out).toContain('8 个错误：');
    const en = await cliWith({ LANG: 'zh_CN.UTF-8' }, 'reports', fixture('bad-reports.csv'), '--area', 'ranghulu-test', '--lang', 'en');
    expect(en.out).toContain('8 error(s):');
    const bad = await cli('reports', fixture('bad-reports.csv'), '--area', 'ranghulu-test', '--lang', 'fr');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--lang: must be zh or en (got "fr")');
  });

  it('dry-runs and prints JSON on request', async () => {
    const { code, out } = await cli('cells', fixture('cells-zh.csv'), '--area', 'ranghulu-test', '--dry-run', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ dryRun: true, committed: false, rowsInserted: 4, sites: { inserted: 2 } });
  });

  it('passes mapping files and OpenCelliD filters through', async () => {
    const mapped = await cli(
      'reports',
      fixture('reports-odd-headers.csv'),
      '--area',
      'ranghulu-test',
      '--mapping',
      fixture('mapping.json'),
    );
    expect(mapped.code).toBe(0);
    const ocid = await cli(
      'cells',
      fixture('opencellid-extract.csv'),
      '--area',
      'ranghulu-test',
      '--mcc',
      '460',
      '--mnc',
      '1,3',
      '--partial',
      '--json',
    );
    expect(ocid.code).toBe(1);
    expect(JSON.parse(ocid.out)).toMatchObject({ committed: true, rowsInserted: 4, rowsRejected: 1 });
  });

  it('refuses a zip bomb with the message the API gives, naming the limit and its setting, and exits 1', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'import-cli-bomb-')), 'bomb.kmz');
    writeFileSync(path, await kmzBomb(1024 * 1024 * 1024));
    try {
      const { code, out, err } = await cliWith(
        { IMPORT_MAX_EXPANDED_BYTES: String(32 * 1024 * 1024) },
        'reports',
        path,
        '--area',
        'ranghulu-test',
      );
      expect(code).toBe(1);
      expect(out).toBe('');
      expect(err).toBe(
        'bomb.kmz: the archive expands to more than 33,554,432 bytes (stopped in doc.kml) (limit IMPORT_MAX_EXPANDED_BYTES=33554432)',
      );
    } finally {
      rmSync(dirname(path), { recursive: true, force: true });
    }
  });

  it.each([
    [[], /expected <kind> <file>/],
    [['reports', 'nope.csv', '--area', 'ranghulu-test'], /no such file: nope.csv/],
    [['towers', fixture('cells-zh.csv'), '--area', 'ranghulu-test'], /--kind: must be one of/],
    [['reports', fixture('reports-utf8-bom.csv')], /--area is required/],
    [['reports', fixture('reports-utf8-bom.csv'), '--area', 'daqing'], /no area "daqing"; areas: ranghulu-test/],
    [['reports', fixture('reports-utf8-bom.csv'), '--area', 'ranghulu-test', '--crs', 'utm'], /--crs: must be wgs84, gcj02 or bd09/],
    [['reports', fixture('reports-utf8-bom.csv'), '--area', 'ranghulu-test', '--bogus'], /Unknown option '--bogus'/],
  ])('exits 2 on usage errors (%j)', async (args, message) => {
    const { code, err } = await cli(...args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});

describe('npm run import without its database', () => {
  // Port 1 on the loopback interface: nothing listens there, the connection is refused.
  const cases: Array<[string, string, RegExp]> = [
    [
      'refused',
      'postgres://postgres:secret@127.0.0.1:1/coverage',
      /connection refused, ECONNREFUSED\) at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/coverage\./,
    ],
  ];
  if (process.env.TEST_DATABASE_URL) {
    const missing = new URL(process.env.TEST_DATABASE_URL);
    missing.pathname = '/cp_test_no_such_database';
    cases.push(['dropped', missing.toString(), /\(database does not exist, 3D000\) at .*\/cp_test_no_such_database\./]);
  }

  it.each(cases)('says the database is unavailable (%s), hides the password and exits 3', async (_, url, message) => {
    const io = captureIo();
    const code = await runImportCli(['reports', fixture('reports-utf8-bom.csv'), '--area', 'ranghulu-test', '--database-url', url], io);
    const err = io.stderr.join('\n');
    expect(code).toBe(3);
    expect(err).toMatch(/^cannot import .*reports-utf8-bom\.csv: the database is unavailable \(/);
    expect(err).toMatch(message);
    expect(err).toContain('run it again once the database is back');
    expect(err).not.toContain('secret');
  });
});
