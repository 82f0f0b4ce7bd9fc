import type { FastifyInstance } from 'fastify';

/**
 * Let the event loop answer what is waiting (health checks, cached reads) before going on: a long
 * chain of synchronous steps on one large input is cut into pieces, each short enough on its own.
 * Awaiting a resolved promise is not enough (microtasks run before any I/O); setImmediate is.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Request bodies from this size on are handled in yielded steps (a 40,000-vertex polygon is about 1 MB). */
export const LARGE_BODY_BYTES = 256 * 1024;

/** True when the request declared a body of at least LARGE_BODY_BYTES. */
export function hasLargeBody(headers: Record<string, string | string[] | undefined>): boolean {
  const length = Number(headers['content-length']);
  return Number.isFinite(length) && length >= LARGE_BODY_BYTES;
}

/**
 * For large JSON bodies (a polygon of 200,000 vertices is 4.7 MB), yield between the steps Fastify
 * runs back to back: parsing the JSON, schema validation, and the preHandler checks (the input guard
 * walks every value). Each step alone takes tens of milliseconds; run in one go they held the event
 * loop for several hundred. Register before the other preHandler hooks.
 */
export function installLargeBodyYields(app: FastifyInstance): void {
  const yieldIfLarge = async (request: { headers: Record<string, string | string[] | undefined> }) => {
    if (hasLargeBody(request.headers)) await yieldToEventLoop();
  };
  app.addHook('preValidation', yieldIfLarge);
  app.addHook('preHandler', yieldIfLarge);
}
