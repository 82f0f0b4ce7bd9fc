import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's gc(), asked for an incremental major collection (marking runs alongside; no long pause). */
export type StartCollection = (options: { type: 'major'; execution: 'async' }) => void;

let cached: StartCollection | null | undefined;

/**
 * V8's gc() function, exposed at run time (no --expose-gc on the command line, which worker threads
 * refuse), or null where the runtime does not allow it. The coverage pool uses it because raster
 * memory lives on SharedArrayBuffers, which V8 hardly weighs when it decides to collect.
 */
export function startCollection(): StartCollection | null {
  if (cached !== undefined) return cached;
  try {
    setFlagsFromString('--expose-gc');
    cached = runInNewContext('gc') as StartCollection;
  } catch {
    cached = null;
  }
  return cached;
}
