import type { Kysely } from 'kysely';
import type { ImportKind } from '../../core/formats/kinds.ts';
import type { BoundaryImport, CellImport, ImportRow } from '../../core/import/types.ts';
import type { Database } from '../../db/types.ts';
import * as repo from './repository.ts';
import type { ChangeRecorder } from './undo.ts';

/**
 * Rows per batch written with COPY (PostgreSQL): few round trips, and a reports batch (a few MB)
 * stays inside the default 8 MB temp_buffers of the staging table.
 */
export const COPY_BATCH_ROWS = 20_000;
/** Rows per unnest statement (PGlite, cells): big enough to amortise a statement, small enough to parse quickly. */
export const UNNEST_BATCH_ROWS = 5000;
/**
 * While a batch is being written, rows between two turns of the event loop. Parsing runs mostly in
 * promise jobs, and only a turn of the event loop lets the socket take more of a COPY's data: without
 * these turns the server would wait for the data of a batch as long as it works on it.
 */
const ROWS_PER_TURN = 256;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface WriteCounts extends repo.UpsertCounts {
  sites?: repo.UpsertCounts;
}

export interface RowWriter {
  add(row: ImportRow): Promise<void>;
  /** Write what is buffered and return the totals. */
  finish(): Promise<WriteCounts>;
  /**
   * Wait for the batch being written, if any, and drop what is buffered: afterwards the writer sends
   * nothing more, so a rollback cannot be overtaken by a batch. An error of that batch is not
   * thrown again (finish() reports it; after a rejected file the transaction is rolled back anyway).
   */
  close(): Promise<void>;
  /** Rows sent to the database so far (none in a dry run): a rollback leaves their space behind. */
  rowsSent(): number;
}

export interface RowWriterOptions {
  /** Rows per batch (default: COPY_BATCH_ROWS or UNNEST_BATCH_ROWS for the database). */
  batchRows?: number;
  /** Count what each batch would insert and update (natural keys looked up), write nothing. */
  dryRun?: boolean;
  /** Records what each batch inserts and updates, for the undo of the import (not in a dry run). */
  recorder?: ChangeRecorder;
}

/**
 * Buffers valid rows of one kind and upserts them a batch at a time, in the transaction `db`:
 * on PostgreSQL by binary COPY into a staging table, on PGlite by unnest (see BulkTransport).
 * `provided` lists the canonical fields the file has: only those overwrite existing records' columns.
 * With `dryRun` the same batches are only counted: a dry run leaves no row, dead tuple or index
 * entry behind (a rolled-back write would leave the space, and PGlite has no autovacuum).
 */
export async function createRowWriter(
  db: Kysely<Database>,
  kind: ImportKind,
  areaId: number,
  provided: ReadonlySet<string>,
  options: RowWriterOptions = {},
): Promise<RowWriter> {
  const totals: WriteCounts = { inserted: 0, updated: 0 };
  let sent = 0;
  const add = (c: repo.UpsertCounts) => {
    totals.inserted += c.inserted;
    totals.updated += c.updated;
  };
  if (kind === 'boundary') {
    const parts: BoundaryImport[] = [];
    return {
      async add(row) {
        parts.push(row as BoundaryImport);
      },
      async finish() {
        if (parts.length && !options.dryRun) {
          sent += parts.length;
          await options.recorder?.before(parts);
          await repo.replaceBoundary(db, areaId, parts);
          await options.recorder?.finish();
        }
        return { inserted: 0, updated: parts.length };
      },
      async close() {
        parts.length = 0;
      },
      rowsSent: () => sent,
    };
  }
  let flushBatch: (rows: ImportRow[]) => Promise<void>;
  let batchRows = UNNEST_BATCH_ROWS;
  if (kind === 'cells') {
    const sitesWritten = new Set<string>();
    totals.sites = { inserted: 0, updated: 0 };
    flushBatch = async (rows) => {
      const cells = rows as CellImport[];
      // Each site once per import (its first row), so a site's counts are not inflated by its cells.
      const siteRows = cells.filter((c) => !sitesWritten.has(c.siteCode) && sitesWritten.add(c.siteCode));
      const counts = options.dryRun
        ? await repo.countSiteAndCellUpserts(db, areaId, siteRows, cells)
        : await repo.upsertSitesAndCells(db, areaId, siteRows, cells, provided);
      add(counts);
      totals.sites!.inserted += counts.sites.inserted;
      totals.sites!.updated += counts.sites.updated;
    };
  } else if (options.dryRun) {
    flushBatch = async (rows) => add(await repo.countAreaUpserts(db, kind, areaId, rows as ImportRow<repo.AreaTableKind>[]));
  } else {
    const transport = await repo.detectBulkTransport(db);
    const upserter = repo.createAreaUpserter(db, transport, kind, areaId, provided) as repo.AreaUpserter<ImportRow>;
    if (transport === 'copy') batchRows = COPY_BATCH_ROWS;
    flushBatch = async (rows) => add(await upserter.write(rows));
  }
  batchRows = options.batchRows ?? batchRows;
  if (!options.dryRun) {
    const write = flushBatch;
    const recorder = options.recorder;
    flushBatch = async (rows) => {
      sent += rows.length;
      await recorder?.before(rows);
      await write(rows);
    };
  }
  // One batch is written while the next is parsed and validated (PostgreSQL works in parallel).
  let batch: ImportRow[] = [];
  let inflight: Promise<void> = Promise.resolve();
  let writing = false;
  let failure: { error: unknown } | null = null;
  const settle = async () => {
    await inflight;
    if (failure) throw failure.error;
  };
  return {
    async add(row) {
      batch.push(row);
      if (batch.length >= batchRows) {
        await settle();
        const full = batch;
        batch = [];
        writing = true;
        inflight = flushBatch(full)
          .catch((error: unknown) => {
            failure = { error };
          })
          .finally(() => {
            writing = false;
          });
      } else if (writing && batch.length % ROWS_PER_TURN === 0) {
        await nextTurn();
      }
    },
    async finish() {
      await settle();
      if (batch.length) await flushBatch(batch);
      batch = [];
      if (!options.dryRun) await options.recorder?.finish();
      return totals;
    },
    async close() {
      batch = [];
      await inflight;
    },
    rowsSent: () => sent,
  };
}
