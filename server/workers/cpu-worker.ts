/**
 * Worker-thread entry of the CPU pool (cpu-pool.ts): runs one task of CPU_TASKS. A failure comes back
 * as data, so its name, code and message survive the thread boundary (a thrown error would arrive as
 * a plain Error without its code).
 */
import { CPU_TASKS, type CpuTaskName } from './cpu-tasks.ts';

export interface CpuJob {
  name: CpuTaskName;
  job: unknown;
}

export type CpuOutcome = { value: unknown } | { error: { name: string; message: string; code?: unknown } };

export default async function runCpuTask({ name, job }: CpuJob): Promise<CpuOutcome> {
  try {
    return { value: await (CPU_TASKS[name] as (job: unknown) => unknown)(job) };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    return { error: { name: e.name, message: e.message, code: (e as { code?: unknown }).code } };
  }
}
