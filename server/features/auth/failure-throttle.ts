/** A slot taken from a key's window; give it back with `release()` when the attempt succeeded. */
export interface ThrottleSlot {
  key: string;
  /** When the window the slot was taken from ends (ms since the epoch): identifies that window. */
  resetAt: number;
}

/**
 * Counts attempts per key in fixed windows, for reserve-then-verify: a caller takes a slot *before*
 * the slow check (a password hash) and gives it back when the check succeeded, so that failures and
 * checks still running together never exceed the limit, however many requests arrive at once.
 * In memory, per process; `retryAfterMs` and `take` are synchronous, so nothing runs between them.
 */
export class FailureThrottle {
  private readonly windows = new Map<string, { used: number; resetAt: number }>();

  constructor(
    readonly maxAttempts: number,
    readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Milliseconds until `key` has a free slot (fewer than `max` taken), or 0 when it has one now. */
  retryAfterMs(key: string, now = Date.now(), max = this.maxAttempts): number {
    const w = this.windows.get(key);
    if (!w || w.resetAt <= now) return 0;
    return w.used >= max ? w.resetAt - now : 0;
  }

  /** Take one slot of `key`'s current window (a new window starts when none is running). */
  take(key: string, now = Date.now()): ThrottleSlot {
    const w = this.windows.get(key);
    if (w && w.resetAt > now) {
      w.used += 1;
      return { key, resetAt: w.resetAt };
    }
    if (!w && this.windows.size >= this.maxKeys) this.prune(now);
    const resetAt = now + this.windowMs;
    this.windows.set(key, { used: 1, resetAt });
    return { key, resetAt };
  }

  /** Give a slot back; ignored when its window has ended meanwhile (a new window owes it nothing). */
  release(slot: ThrottleSlot): void {
    const w = this.windows.get(slot.key);
    if (w && w.resetAt === slot.resetAt && w.used > 0) w.used -= 1;
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
    // Still full of live windows: forget the oldest rather than grow without bound.
    if (this.windows.size >= this.maxKeys) this.windows.delete(this.windows.keys().next().value as string);
  }
}
