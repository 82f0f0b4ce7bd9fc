import { describe, expect, it } from 'vitest';
import { AppError } from '../../../server/errors.ts';
import { ImportJobs } from '../../../server/features/imports/jobs.ts';
import type { ImportReport } from '../../../server/features/imports/service.ts';

/** A promise and its resolver, to hold a job where the test wants it. */
function gate<T>(): { promise: Promise<T>; open(value: T): void; fail(err: unknown): void } {
  let open!: (value: T) => void;
  let fail!: (err: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

const report = (committed: boolean) => ({ committed, dryRun: false, rowsTotal: 30_000 }) as unknown as ImportReport;

describe('import jobs', () => {
  it('shows the progress a running import reports, then its report, and cleans up after it', async () => {
    const jobs = new ImportJobs();
    const finished = gate<ImportReport>();
    let progress!: (rows: number, bytes: number) => void;
    let cleaned = 0;
    const job = jobs.start(
      { areaId: 1, username: 'u', fileName: 'big.csv', bytesTotal: 1000 },
      (onProgress) => {
        progress = onProgress;
        return finished.promise;
      },
      async () => {
        cleaned++;
      },
    );
    expect(jobs.get(job.id)).toMatchObject({ state: 'running', rowsRead: 0, bytesRead: 0 });
    progress(10_000, 400);
    expect(jobs.get(job.id)).toMatchObject({ state: 'running', rowsRead: 10_000, bytesRead: 400 });
    // Bytes read run ahead of the rows by a buffer: never past the file.
    progress(20_000, 1200);
    expect(jobs.get(job.id)!.bytesRead).toBe(1000);
    finished.open(report(false));
    await jobs.settled();
    expect(jobs.get(job.id)).toMatchObject({ state: 'done', reportStatus: 422, bytesRead: 1000, error: null });
    expect(jobs.get(job.id)!.finishedAt).not.toBeNull();
    expect(cleaned).toBe(1);
  });

  it('keeps the error a failed import threw, as the synchronous route would answer it', async () => {
    const jobs = new ImportJobs();
    const unexpected: unknown[] = [];
    jobs.onUnexpected = (err) => unexpected.push(err);
    const bad = jobs.start(
      { areaId: 1, username: 'u', fileName: 'x.kmz', bytesTotal: 5 },
      async () => {
        throw new AppError('payload_too_large', 413, 'x.kmz expands to more than 2 GiB');
      },
      async () => {},
    );
    const broken = jobs.start(
      { areaId: 1, username: 'u', fileName: 'y.csv', bytesTotal: 5 },
      async () => {
        throw new Error('socket hang up');
      },
      async () => {},
    );
    await jobs.settled();
    expect(jobs.get(bad.id)).toMatchObject({ state: 'failed', error: { statusCode: 413, error: 'payload_too_large' } });
    expect(jobs.get(broken.id)!.error).toMatchObject({ statusCode: 500, error: 'internal' });
    expect(jobs.get(broken.id)!.error!.message).not.toContain('socket');
    expect(unexpected).toHaveLength(1);
  });
});
