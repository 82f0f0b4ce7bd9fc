/**
 * The embedded database's own thread (a one-thread piscina pool, see pglite-remote.ts): one PGlite
 * instance that answers PostgreSQL wire-protocol messages sent by the main thread. PGlite runs
 * PostgreSQL compiled to WebAssembly synchronously in the thread that owns it; here a multi-megabyte
 * statement (a 200,000-vertex polygon, an import's batch) takes its time on this thread and not on
 * the service's event loop.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { Piscina } from 'piscina';

export type PgliteTask = { kind: 'exec'; bytes: Uint8Array } | { kind: 'close' };
/** A failure comes back as data (a thrown error would lose its message's origin). */
export type PgliteOutcome = Uint8Array | { closed: true } | { error: string };

const { dataDir } = workerData as { dataDir: string };
// A start that fails here is answered to every task (the pool would only say that the thread failed).
const pglite = startPglite();

function startPglite(): PGlite | Error {
  try {
    return new PGlite(dataDir, emptyClusterOptions(dataDir));
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/**
 * PGLITE_EMPTY_CLUSTER (optional): a tarball of an empty cluster, as PGlite's dumpDataDir writes it
 * right after its initdb, with the same PGlite version. A database opened on an empty place (memory://,
 * or a missing or empty directory) loads it instead of running initdb, which takes seconds; the test
 * suite, which opens hundreds of databases, sets it (tests/helpers/pglite-template.ts).
 */
function emptyClusterOptions(dir: string): PGliteOptions {
  const file = process.env.PGLITE_EMPTY_CLUSTER;
  if (!file) return {};
  if (!dir.startsWith('memory://') && existsSync(dir) && readdirSync(dir).length > 0) return {};
  try {
    return { loadDataDir: new Blob([readFileSync(file)]) };
  } catch (err) {
    throw new Error(`PGLITE_EMPTY_CLUSTER: cannot read ${file} (${err instanceof Error ? err.message : String(err)})`);
  }
}

export default async function runPgliteTask(task: PgliteTask): Promise<PgliteOutcome> {
  if (pglite instanceof Error) return task.kind === 'close' ? { closed: true } : { error: pglite.message };
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
