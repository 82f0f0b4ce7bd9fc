import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors.ts';
import type { ImportReport } from './service.ts';

/** How an import job stands; `report` once it is done, `error` when it failed. */
export interface ImportJob {
  id: string;
  areaId: number;
  username: string;
  fileName: string;
  state: 'running' | 'done' | 'failed';
  /** Data rows read so far. */
  rowsRead: number;
  /** Bytes of the file read so far, and its size: the progress of a job. */
  bytesRead: number;
  bytesTotal: number;
  startedAt: Date;
  finishedAt: Date | null;
  report: ImportReport | null;
  /** Status 200 when the rows were written or in a dry run, 422 when the file was refused. */
  reportStatus: number | null;
  error: { statusCode: number; error: string; message: string; details: unknown[] } | null;
}

/** Finished jobs are kept this long for their client to read the result. */
export const FINISHED_JOB_TTL_MS = 60 * 60 * 1000;
/** Jobs kept at most (the oldest finished ones are forgotten first). */
const MAX_JOBS = 200;

/**
 * The imports running in the background of this server process and the recently finished ones, so
 * that a client uploads a file, gets a job id at once, and polls its progress (rows and bytes read)
 * instead of holding a request for the minutes a large file takes. `settled()` resolves when every
 * running job has ended (the server waits for it before closing the database).
 */
export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();
  private readonly running = new Set<Promise<unknown>>();

  start(
    init: Pick<ImportJob, 'areaId' | 'username' | 'fileName' | 'bytesTotal'>,
    run: (progress: (rowsRead: number, bytesRead: number) => void) => Promise<ImportReport>,
    finally_: () => Promise<void>,
  ): ImportJob {
    this.prune();
    const job: ImportJob = {
      ...init,
      id: randomUUID(),
      state: 'running',
      rowsRead: 0,
      bytesRead: 0,
      startedAt: new Date(),
      finishedAt: null,
      report: null,
      reportStatus: null,
      error: null,
    };
    this.jobs.set(job.id, job);
    const promise = run((rowsRead, bytesRead) => {
      job.rowsRead = rowsRead;
      job.bytesRead = Math.min(bytesRead, job.bytesTotal);
    })
      .then((report) => {
        job.report = report;
        job.reportStatus = report.committed || report.dryRun ? 200 : 422;
        job.state = 'done';
        job.bytesRead = job.bytesTotal;
      })
      .catch((err: unknown) => {
        job.state = 'failed';
        job.error =
          err instanceof AppError
            ? { statusCode: err.statusCode, error: err.code, message: err.message, details: err.details }
            : { statusCode: 500, error: 'internal', message: 'the import failed on the server; see its log', details: [] };
        if (!(err instanceof AppError)) this.onUnexpected?.(err);
      })
      .finally(async () => {
        job.finishedAt = new Date();
        await finally_().catch(() => {});
        this.running.delete(promise);
      });
    this.running.add(promise);
    return job;
  }

  /** Called with errors that are not the user's (logged by the server). */
  onUnexpected?: (err: unknown) => void;

  get(id: string): ImportJob | undefined {
    return this.jobs.get(id);
  }

  async settled(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  /** Forget finished jobs older than the TTL, and the oldest finished ones beyond MAX_JOBS. */
  private prune(now = Date.now()): void {
    for (const [id, job] of this.jobs) if (job.finishedAt && now - job.finishedAt.getTime() > FINISHED_JOB_TTL_MS) this.jobs.delete(id);
    for (const [id, job] of this.jobs) {
      if (this.jobs.size < MAX_JOBS) break;
      if (job.finishedAt) this.jobs.delete(id);
    }
    if (this.jobs.size >= MAX_JOBS) throw new AppError('too_many_jobs', 429, `${MAX_JOBS} imports are running; wait for one to end`);
  }
}
