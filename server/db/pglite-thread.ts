/**
 * The embedded database's own thread (a one-thread piscina pool, see pglite-remote.ts): one PGlite
 * instance that answers PostgreSQL wire-protocol messages sent by the main thread. PGlite runs
 * PostgreSQL compiled to WebAssembly synchronously in the thread that owns it; here a multi-megabyte
 * statement (a 200,000-vertex polygon, an import's batch) takes its time on this thread and not on
 * the service's event loop.
 */
import { workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { Piscina } from 'piscina';

export type PgliteTask = { kind: 'exec'; bytes: Uint8Array } | { kind: 'close' };
/** A failure comes back as data (a thrown error would lose its message's origin). */
export type PgliteOutcome = Uint8Array | { closed: true } | { error: string };

const { dataDir } = workerData as { dataDir: string };
const pglite = new PGlite(dataDir);

export default async function runPgliteTask(task: PgliteTask): Promise<PgliteOutcome> {
  try {
    await pglite.waitReady;
    if (task.kind === 'close') {
      await pglite.close();
      return { closed: true };
    }
    // execProtocolRaw answers a fresh copy of its receive buffer, so it can be handed over as is.
    const bytes = await pglite.execProtocolRaw(task.bytes);
    return Piscina.move(bytes) as Uint8Array;
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}
