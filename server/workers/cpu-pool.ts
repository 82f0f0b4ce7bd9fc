import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { AppError } from '../errors.ts';
import { typescriptWorkerExecArgv } from './coverage-pool.ts';
import { CPU_TASKS, type CpuTaskJob, type CpuTaskName, type CpuTaskResult } from './cpu-tasks.ts';
import type { CpuJob, CpuOutcome } from './cpu-worker.ts';

export interface CpuTaskOptions {
  /** Abandon the task: a queued one is dropped, a running one has its thread stopped (then replaced). */
  signal?: AbortSignal;
}

/**
 * Where the CPU-heavy steps of request paths run (CPU_TASKS): on a pool of worker threads in the
 * server, so that the event loop keeps answering (health checks, cached reads) meanwhile, or in the
 * calling thread for scripts and tests (inlineCpuTasks). Services depend on this interface only.
 */
export interface CpuTasks {
  /** Worker threads at most (0: in the calling thread). */
  readonly threads: number;
  run<K extends CpuTaskName>(name: K, job: CpuTaskJob<K>, options?: CpuTaskOptions): Promise<CpuTaskResult<K>>;
  /** Start the threads and compile the what-if path there now (the server calls this once it listens), so the first task does not wait for them. */
  warmUp(): Promise<void>;
  close(): Promise<void>;
}

/** Runs each task in the calling thread (blocks it): for scripts, CLIs and small test areas. */
export const inlineCpuTasks: CpuTasks = {
  threads: 0,
  async run(name, job, options) {
    if (options?.signal?.aborted) throw abandoned();
    return (await (CPU_TASKS[name] as (job: unknown) => unknown)(job)) as CpuTaskResult<typeof name>;
  },
  async warmUp() {},
  async close() {},
};

export interface CpuPoolOptions {
  /** Worker threads at most; default: available parallelism, at most 4. */
  maxThreads?: number;
}

/**
 * A piscina pool running CPU_TASKS (server/workers/cpu-worker.ts), apart from the coverage pool so
 * that a 10 s exact plan never holds up the tiles of a recompute. Threads start on first use (or
 * warmUp); one stays, the others stop after a minute without work.
 */
export function createCpuPool(options: CpuPoolOptions = {}): CpuTasks {
  const threads = Math.max(1, options.maxThreads ?? Math.min(4, availableParallelism()));
  let piscina: Piscina<CpuJob, CpuOutcome> | null = null;
  const started = () =>
    (piscina ??= new Piscina<CpuJob, CpuOutcome>({
      filename: new URL('./cpu-worker.ts', import.meta.url).href,
      minThreads: 1,
      maxThreads: threads,
      idleTimeout: 60_000,
      execArgv: typescriptWorkerExecArgv(),
    }));
  const run: CpuTasks['run'] = async (name, job, taskOptions) => {
    if (taskOptions?.signal?.aborted) throw abandoned();
    let outcome: CpuOutcome;
    try {
      outcome = await started().run({ name, job }, { signal: taskOptions?.signal ?? null });
    } catch (err) {
      if ((err as Error | undefined)?.name === 'AbortError') throw abandoned();
      throw err;
    }
    if ('error' in outcome) throw Object.assign(new Error(outcome.error.message), outcome.error);
    return outcome.value as CpuTaskResult<typeof name>;
  };
  return {
    threads,
    run,
    async warmUp() {
      await run('warmUp', {});
    },
    async close() {
      const pool = piscina;
      piscina = null;
      await pool?.destroy();
    },
  };
}

/** A task abandoned because its request's client went away (the error handler answers nobody). */
function abandoned(): AppError {
  return new AppError('request_aborted', 499, 'the client closed the request; its computation was abandoned');
}
