/**
 * The client's side of the server's per-user limit on expensive requests (EXPENSIVE_CONCURRENCY_PER_USER,
 * 4 by default): the page sends at most MAX_EXPENSIVE_IN_FLIGHT of them at once and queues the rest,
 * so in normal use the server never has to refuse one with 429 (which the browser would log as a
 * failed request). One slot is left for the same user's other tab or script; a 429 is still retried.
 */
export const MAX_EXPENSIVE_IN_FLIGHT = 3;

/**
 * Routes the server marks `expensive` (coverage figures and gaps, GeoTIFF, planning, comparisons,
 * dashboard figures, calibration, perceived coverage): paths below /api/v1 as the client builds them, query excluded.
 */
const EXPENSIVE_PATHS: readonly RegExp[] = [
  /^\/areas\/[^/]+\/coverage$/,
  /^\/areas\/[^/]+\/coverage\/gaps$/,
  /^\/areas\/[^/]+\/coverage\/what-if$/,
  /^\/areas\/[^/]+\/coverage\/grid\.tif$/,
  /^\/areas\/[^/]+\/candidates\/ranking$/,
  /^\/areas\/[^/]+\/candidates\/generate$/,
  /^\/areas\/[^/]+\/plans$/,
  /^\/areas\/[^/]+\/hotspots$/,
  /^\/areas\/[^/]+\/remedies$/,
  /^\/areas\/[^/]+\/scenarios\/compare$/,
  /^\/areas\/[^/]+\/dashboard\/figures$/,
  /^\/areas\/[^/]+\/calibration$/,
  /^\/areas\/[^/]+\/surveys\/perceived$/,
];

/** True when a call to `path` (below /api/v1, without the query) counts against the per-user limit. */
export function isExpensivePath(path: string): boolean {
  return EXPENSIVE_PATHS.some((p) => p.test(path));
}

/** A counting semaphore: `run` waits for a free slot (or the signal), runs the task, frees the slot. */
export class ExpensiveGate {
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly slots = MAX_EXPENSIVE_IN_FLIGHT) {}

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.inFlight < this.slots) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', abort);
        this.inFlight++;
        resolve();
      };
      const abort = () => {
        const i = this.waiting.indexOf(grant);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', abort, { once: true });
      this.waiting.push(grant);
    });
  }

  private release(): void {
    this.inFlight--;
    this.waiting.shift()?.();
  }
}
