import type { Kysely } from 'kysely';
import type { ImportKind } from '../../core/formats/kinds.ts';
import type { BoundaryImport, CellImport, ImportRow } from '../../core/import/types.ts';
import type { Database } from '../../db/types.ts';
import * as repo from './repository.ts';

/** Rows per upsert statement: big enough to amortise a round trip, small enough for flat memory. */
export const BATCH_ROWS = 5000;

export interface WriteCounts extends repo.UpsertCounts {
  sites?: repo.UpsertCounts;
}

export interface RowWriter {
  add(row: ImportRow): Promise<void>;
  /** Write what is buffered and return the totals. */
  finish(): Promise<WriteCounts>;
}

/**
 * Buffers valid rows of one kind and upserts them BATCH_ROWS at a time. `provided` lists the
 * canonical fields the file has: only those overwrite existing records' columns.
 */
export function createRowWriter(db: Kysely<Database>, kind: ImportKind, areaId: number, provided: ReadonlySet<string>): RowWriter {
  const totals: WriteCounts = { inserted: 0, updated: 0 };
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
        if (parts.length) await repo.replaceBoundary(db, areaId, parts);
        return { inserted: 0, updated: parts.length };
      },
    };
  }
  let flushBatch: (rows: ImportRow[]) => Promise<void>;
  if (kind === 'cells') {
    const sitesWritten = new Set<string>();
    totals.sites = { inserted: 0, updated: 0 };
    flushBatch = async (rows) => {
      const cells = rows as CellImport[];
      // Each site once per import (its first row), so a site's counts are not inflated by its cells.
      const siteRows = cells.filter((c) => !sitesWritten.has(c.siteCode) && sitesWritten.add(c.siteCode));
      const counts = await repo.upsertSitesAndCells(db, areaId, siteRows, cells, provided);
      add(counts);
      totals.sites!.inserted += counts.sites.inserted;
      totals.sites!.updated += counts.sites.updated;
    };
  } else {
    const upsert = {
      reports: repo.upsertReports,
      measurements: repo.upsertMeasurements,
      candidates: repo.upsertCandidates,
      clutter: repo.upsertClutter,
      settlements: repo.upsertSettlements,
    }[kind] as (db: Kysely<Database>, areaId: number, rows: ImportRow[], provided: ReadonlySet<string>) => Promise<repo.UpsertCounts>;
    flushBatch = async (rows) => add(await upsert(db, areaId, rows, provided));
  }
  // One batch is written while the next is parsed and validated (PostgreSQL works in parallel).
  let batch: ImportRow[] = [];
  let inflight: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | null = null;
  const settle = async () => {
    await inflight;
    if (failure) throw failure.error;
  };
  return {
    async add(row) {
      batch.push(row);
      if (batch.length >= BATCH_ROWS) {
        await settle();
        const full = batch;
        batch = [];
        inflight = flushBatch(full).catch((error: unknown) => {
          failure = { error };
        });
      }
    },
    async finish() {
      await settle();
      if (batch.length) await flushBatch(batch);
      batch = [];
      return totals;
    },
  };
}
