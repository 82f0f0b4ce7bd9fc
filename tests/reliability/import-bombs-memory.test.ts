import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kmzBomb, xlsxWithHugeSharedString } from '../helpers/zip-bombs.ts';
import { CHILD_DATABASES, runNodeScript, type ChildDatabase } from './helpers/child-server.ts';

/** Peak growth of the resident set allowed while refusing (the attack run saw 2.5 to 6.6 GB). */
const MAX_GROWTH_MB = 600;

interface Refusal {
  answers: Array<{ status: number; error: string; message: string }>;
  rssBeforeMb: number;
  peakGrowthMb: number;
  peakOf: 'uploads' | 'process';
}

/**
 * The uploads of the attack run, refused under the default limits in a process of their own whose
 * peak resident set is measured: three 4 GiB KMZ bombs at once (14 MB each), a 450 KB workbook with
 * one 450-million-character shared string, a CSV with a million columns. Each answers 413 or 422 and
 * the process grows by less than MAX_GROWTH_MB.
 *
 * On the embedded database only: each file is refused while it is opened (expanded, its header or its
 * shared strings read), before any row reaches a database; the database only looks the area up. The
 * refusal on PostgreSQL is covered by the import tests, which run on both.
 */
describe.each(CHILD_DATABASES.filter((t) => t.name === 'pglite'))('memory while refusing bombs on $name', (target) => {
  let dir: string;
  let db: ChildDatabase;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cp-bombs-'));
    ({ db, drop } = await target.create());
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await drop?.();
  });

  const refuse = async (fileName: string, content: Buffer, kind: string, copies: number): Promise<Refusal> => {
    const path = join(dir, fileName);
    await writeFile(path, content);
    const env: Record<string, string> = 'dataDir' in db ? { DATA_DIR: db.dataDir } : { DATABASE_URL: db.databaseUrl };
    const child = runNodeScript('tests/reliability/helpers/refuse-upload.ts', [path, kind, String(copies)], {
      ...env,
      NODE_OPTIONS: '--expose-gc',
    });
    const exit = await child.exited;
    expect(exit.code, child.output()).toBe(0);
    const result = JSON.parse(child.output().trim().split('\n').pop()!) as Refusal;
    console.log(
      `${target.name}: ${copies} × ${fileName}: ${result.answers.map((a) => `${a.status} ${a.error}`).join(', ')}; resident set ${result.rssBeforeMb} MB before, peak +${result.peakGrowthMb} MB (peak of the ${result.peakOf})`,
    );
    return result;
  };

  it('refuses three 4 GiB KMZ bombs at once with 413', { timeout: 600_000 }, async () => {
    const result = await refuse('bomb.kmz', await kmzBomb(4 * 1024 ** 3), 'reports', 3);
    expect(result.answers).toEqual(
      Array.from({ length: 3 }, () => expect.objectContaining({ status: 413, error: 'import_expanded_too_large' })),
    );
    expect(result.answers[0].message).toContain('(limit IMPORT_MAX_EXPANDED_BYTES=2147483648)');
    expect(result.peakGrowthMb).toBeLessThan(MAX_GROWTH_MB);
  });

  it('refuses a workbook with a 450-million-character shared string with 422', { timeout: 300_000 }, async () => {
    const result = await refuse('huge-string.xlsx', await xlsxWithHugeSharedString(450_000_000), 'reports', 1);
    expect(result.answers).toEqual([expect.objectContaining({ status: 422, error: 'import_value_too_long' })]);
    expect(result.peakGrowthMb).toBeLessThan(MAX_GROWTH_MB);
  });

  it('refuses a CSV with a million columns with 422', { timeout: 300_000 }, async () => {
    const header = Array.from({ length: 1_000_000 }, (_, i) => `column${i}`).join(',');
    const result = await refuse('wide.csv', Buffer.from(`${header}\n${header}\n`), 'reports', 1);
    expect(result.answers).toEqual([expect.objectContaining({ status: 422, error: 'import_too_many_columns' })]);
    expect(result.peakGrowthMb).toBeLessThan(MAX_GROWTH_MB);
  });
});
