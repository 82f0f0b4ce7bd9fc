import { TooManyRequestsError } from '../../errors.ts';
import { FailureThrottle, type ThrottleSlot } from './failure-throttle.ts';

/** Where a password arrives: HTTP Basic on /ogc, or a form (sign-in, the current password of a change). */
export type PasswordScope = 'basic' | 'form';

/**
 * One budget of password checks per process, shared by every place that checks a password
 * (reserve-then-verify). Before the scrypt verification an attempt takes a slot on two keys:
 * - the client address and user name: `perMinute` a minute (brute force on one account);
 * - the client address alone: 5 × `perMinute` for forms, `perMinute` for HTTP Basic (password spraying).
 * With a key full, the attempt is answered 429 with Retry-After, without a check. A wrong password
 * keeps its slots until the window (one minute) ends; a right one gives them back, so a client that
 * knows the password (GDAL sends it with every request) is never slowed down. Because slots are
 * taken before the check, a burst of simultaneous wrong passwords sees at most the limit checked.
 */
export class PasswordAttempts {
  private readonly accounts: FailureThrottle;
  private readonly addresses: FailureThrottle;

  constructor(
    readonly perMinute: number,
    windowMs = 60_000,
  ) {
    this.accounts = new FailureThrottle(perMinute, windowMs);
    this.addresses = new FailureThrottle(perMinute * 5, windowMs);
  }

  /**
   * Run `check` (a password verification answering undefined when wrong) under the budget of
   * `address` and `username`; throws TooManyRequestsError without running it when the budget is spent.
   */
  async attempt<T>(
    address: string,
    username: string,
    check: () => Promise<T | undefined>,
    scope: PasswordScope = 'form',
    now = Date.now(),
  ): Promise<T | undefined> {
    const account = `${address}|${username.trim().toLowerCase().slice(0, 64)}`;
    const addressMax = scope === 'basic' ? this.perMinute : this.addresses.maxAttempts;
    const waitMs = Math.max(this.accounts.retryAfterMs(account, now), this.addresses.retryAfterMs(address, now, addressMax));
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new TooManyRequestsError(`too many failed password attempts; retry in ${seconds} s`, seconds);
    }
    const slots: ThrottleSlot[] = [this.accounts.take(account, now), this.addresses.take(address, now)];
    const giveBack = () => {
      this.accounts.release(slots[0]);
      this.addresses.release(slots[1]);
    };
    let result: T | undefined;
    try {
      result = await check();
    } catch (err) {
      // Not a wrong password (the database is away, say): it costs the client nothing.
      giveBack();
      throw err;
    }
    if (result !== undefined) giveBack();
    return result;
  }
}
