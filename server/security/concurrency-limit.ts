import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { AppError } from '../errors.ts';

/** Retry-After of a request refused for too many of the same user's running at once, seconds (most end within it). */
export const CONCURRENCY_RETRY_AFTER_S = 1;

/**
 * How long a request over the limit waits for a slot of its user before the 429, ms. A page that
 * cancels stale requests and sends new ones (a network switch) reaches the server before the close of
 * the cancelled ones' connections has been seen: the slots they hold are freed within milliseconds.
 */
export const CONCURRENCY_GRACE_MS = 250;

/** At most `limit` holders per key at once (e.g. expensive requests per user). */
export class ConcurrencyLimiter {
  private readonly held = new Map<string, number>();
  /** Per key, requests waiting for a slot (oldest first): each takes a freed slot as it is released. */
  private readonly waiting = new Map<string, Array<(release: () => void) => void>>();

  constructor(readonly limit: number) {}

  /**
   * Take a slot of `key`, waiting at most `waitMs` for one to be released: its release function, or
   * null when none came free in time.
   */
  acquire(key: string, waitMs: number): Promise<(() => void) | null> {
    const now = this.tryAcquire(key);
    if (now || waitMs <= 0) return Promise.resolve(now);
    return new Promise((resolve) => {
      const queue = this.waiting.get(key) ?? [];
      this.waiting.set(key, queue);
      const take = (release: () => void) => {
        clearTimeout(timer);
        resolve(release);
      };
      const timer = setTimeout(() => {
        const at = queue.indexOf(take);
        if (at >= 0) queue.splice(at, 1);
        if (queue.length === 0) this.waiting.delete(key);
        resolve(null);
      }, waitMs);
      queue.push(take);
    });
  }

  /** Take a slot of `key`: its release function (idempotent), or null when all `limit` are taken. */
  tryAcquire(key: string): (() => void) | null {
    const n = this.held.get(key) ?? 0;
    if (n >= this.limit) return null;
    this.held.set(key, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.held.get(key) ?? 1) - 1;
      if (left > 0) this.held.set(key, left);
      else this.held.delete(key);
      // A waiting request of the same key takes the slot just freed.
      const queue = this.waiting.get(key);
      const next = queue?.shift();
      if (queue && queue.length === 0) this.waiting.delete(key);
      if (next) next(this.tryAcquire(key)!);
    };
  }

  /** Slots of `key` taken now. */
  inUse(key: string): number {
    return this.held.get(key) ?? 0;
  }
}

/**
 * Wrap an expensive route's handler: the user (by principal, else client address) takes a slot of
 * `limiter` before it runs (waiting up to CONCURRENCY_GRACE_MS for one), or gets 429
 * `too_many_concurrent_requests` with Retry-After (the handler has not run: any method may be sent again). The slot is given back when the request ends:
 * its response sent (a streamed one to its end), failed, or its client gone. A request whose client
 * has gone frees its slot although its computation may still be finishing (long ones take the
 * clientGone signal and stop), so that a page that cancels stale requests is not refused its new ones.
 */
export function limitConcurrency(handler: RouteHandlerMethod, limiter: ConcurrencyLimiter): RouteHandlerMethod {
  return async function limited(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
    const principal = (request as { principal?: { userId: number } | null }).principal;
    const key = principal ? `user:${principal.userId}` : `ip:${request.ip}`;
    const release = await limiter.acquire(key, CONCURRENCY_GRACE_MS);
    if (!release) {
      reply.header('retry-after', String(CONCURRENCY_RETRY_AFTER_S));
      throw new AppError(
        'too_many_concurrent_requests',
        429,
        `at most ${limiter.limit} expensive requests at once per user (EXPENSIVE_CONCURRENCY_PER_USER); ${limiter.inUse(key)} still running, retry when one has finished`,
      );
    }
    whenResponseOver(reply, release);
    return handler.call(this, request, reply);
  };
}

/** Call `fn` once the response has been sent or its connection has closed (now, if that already happened). */
function whenResponseOver(reply: FastifyReply, fn: () => void): void {
  if (reply.raw.writableFinished || reply.raw.destroyed) fn();
  else reply.raw.once('close', fn);
}

const gone = new WeakMap<FastifyRequest, AbortSignal>();

/**
 * A signal aborted when the client goes away before its response has been sent (the connection
 * closed with the response unfinished): long computations pass it on to be abandoned. (Fastify's
 * request.signal cannot serve: Node closes the request stream once its body is read.)
 */
export function clientGone(request: FastifyRequest, reply: FastifyReply): AbortSignal {
  let signal = gone.get(request);
  if (signal) return signal;
  const controller = new AbortController();
  signal = controller.signal;
  gone.set(request, signal);
  const res = reply.raw;
  const abortUnlessSent = () => {
    if (!res.writableFinished) controller.abort();
  };
  if (res.destroyed) abortUnlessSent();
  else res.once('close', abortUnlessSent);
  return signal;
}
