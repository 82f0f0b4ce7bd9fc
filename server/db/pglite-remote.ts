import type { PGlite } from '@electric-sql/pglite';
import type { BackendMessage } from 'pg-protocol/dist/messages.js';
import { Parser } from 'pg-protocol/dist/parser.js';
import { Piscina } from 'piscina';
import { typescriptWorkerExecArgv } from '../workers/coverage-pool.ts';
import type { PgliteOutcome, PgliteTask } from './pglite-thread.ts';

export interface RemotePglite {
  /** Resolves once the database has started on its thread (rejects if it could not). */
  readonly waitReady: Promise<void>;
  /** What PGlite's node-postgres adapter calls: run protocol messages, answer the parsed replies. */
  execProtocolStream(message: Uint8Array, options?: { throwOnError?: boolean }): Promise<BackendMessage[]>;
  close(): Promise<void>;
  /**
   * Milliseconds the database thread has been running its current statement without answering (0:
   * idle). A busy thread is a live database: a health probe need not queue behind a long statement.
   */
  busyForMs(): number;
  /** This object typed as the adapter's parameter (the adapter itself only uses the two members above). */
  readonly asAdapterPeer: PGlite;
}

/**
 * An embedded PGlite database running on its own worker thread (server/db/pglite-thread.ts), shaped
 * like the PGlite instance that PGlite's node-postgres adapter (createPgConfig) drives: the adapter
 * sends each protocol message through execProtocolStream (duck-typed) and emits the parsed answers
 * to node-postgres. Here the bytes go to the database thread and its raw answer is parsed on return
 * with node-postgres's own protocol parser, so the service's event loop never runs a statement (PGlite
 * runs each one synchronously in its thread: storing a 4.7 MB geometry took about a second there).
 *
 * One thread, one task at a time, in order: the adapter's single connection already sends messages
 * one after another. If the thread fails or is closed, every call rejects with "PGlite is closed",
 * which database-loss.ts classifies as a lost database (503).
 */
export function startRemotePglite(dataDir: string): RemotePglite {
  const pool = new Piscina<PgliteTask, PgliteOutcome>({
    filename: new URL('./pglite-thread.ts', import.meta.url).href,
    minThreads: 1,
    maxThreads: 1,
    concurrentTasksPerWorker: 1,
    idleTimeout: Number.POSITIVE_INFINITY,
    execArgv: typescriptWorkerExecArgv(),
    workerData: { dataDir },
  });
  let closedReason: string | null = null;
  const closedError = () => new Error(`PGlite is closed: ${closedReason}`);
  // A thread that dies takes an in-memory database with it: never start a fresh one in its place.
  pool.on('error', (err: Error) => {
    closedReason ??= `its thread failed (${err.message})`;
  });

  // Tasks sent and not answered yet, and when the thread last answered one (or was last idle).
  let outstanding = 0;
  let lastProgressAt = performance.now();
  const run = async (task: PgliteTask, transferList?: ArrayBuffer[]): Promise<PgliteOutcome> => {
    if (closedReason) throw closedError();
    if (outstanding++ === 0) lastProgressAt = performance.now();
    try {
      return await pool.run(task, transferList ? { transferList } : {});
    } catch (err) {
      closedReason ??= `its thread failed (${err instanceof Error ? err.message : String(err)})`;
      throw closedError();
    } finally {
      outstanding--;
      lastProgressAt = performance.now();
    }
  };
  const failure = (outcome: PgliteOutcome) => ('error' in outcome ? new Error(outcome.error) : null);

  // Starting: the first task waits for the database to be ready on the thread (a closed connection
  // message 'X' is answered without touching the database).
  const waitReady = run({ kind: 'exec', bytes: new Uint8Array([0x58, 0, 0, 0, 4]) }).then((outcome) => {
    const err = failure(outcome);
    if (err) {
      closedReason ??= `the embedded database did not start (${err.message})`;
      throw closedError();
    }
  });
  // A failed start is reported to whoever waits; nobody waiting must not make it an unhandled rejection.
  waitReady.catch(() => {});

  let closing: Promise<void> | undefined;
  const remote: RemotePglite = {
    waitReady,
    async execProtocolStream(message) {
      // A copy of exactly these bytes (node-postgres may pass a view into a shared buffer), handed over.
      const bytes = Uint8Array.prototype.slice.call(message);
      const outcome = await run({ kind: 'exec', bytes }, [bytes.buffer as ArrayBuffer]);
      if (!(outcome instanceof Uint8Array)) throw failure(outcome) ?? new Error('PGlite answered nothing');
      const messages: BackendMessage[] = [];
      if (outcome.length > 0) {
        new Parser().parse(Buffer.from(outcome.buffer, outcome.byteOffset, outcome.byteLength), (m) => messages.push(m));
      }
      return messages;
    },
    close: () =>
      (closing ??= (async () => {
        if (!closedReason) {
          await waitReady.catch(() => {});
          if (!closedReason) await run({ kind: 'close' }).catch(() => {});
        }
        closedReason ??= 'closed';
        closedReason = 'closed';
        await pool.destroy();
      })()),
    busyForMs: () => (outstanding > 0 && !closedReason ? performance.now() - lastProgressAt : 0),
    get asAdapterPeer() {
      // The adapter's parameter is typed PGlite; it checks for and calls only waitReady and execProtocolStream.
      return remote as unknown as PGlite;
    },
  };
  return remote;
}
