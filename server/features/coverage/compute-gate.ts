import { AppError } from '../../errors.ts';

/**
 * Bounded admission for expensive computations: at most `maxRunning` at once and `maxWaiting` queued
 * behind them; one more is refused at once with 503 `coverage_busy` (the error handler adds
 * Retry-After) instead of piling up memory and latency without limit.
 */
export class ComputeGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly maxRunning: number,
    readonly maxWaiting: number,
  ) {}

  /** Run `work` when a slot is free; throws AppError 503 when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.maxRunning) {
      this.running++;
    } else if (this.waiting.length < this.maxWaiting) {
      // The slot is handed over by the finishing computation, so `running` stays counted.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      throw new AppError(
        'coverage_busy',
        503,
        `the coverage engine is busy (${this.running} computing, ${this.waiting.length} queued); retry shortly`,
      );
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Computations running and queued now. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}
