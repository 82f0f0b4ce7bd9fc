import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ImportKind } from '../../core/formats/kinds.ts';
import type { CellImport, ImportRow } from '../../core/import/types.ts';
import type { Database } from '../../db/types.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import { areaTableKey, type AreaTableKind, type ImportMode, wasCommitted } from './repository.ts';

/**
 * Records what one import changes, for its undo: before each batch is written, the rows it will
 * update are copied whole into `import_changes` (once per row: its state before the import's first
 * write); at the end, the rows of the area the import's transaction inserted (written by it, `xmin`,
 * and not among those it updated) go to `import_inserts` as one array of ids per table, found with
 * one pass over the area's rows rather than a lookup per row.
 */
export interface ChangeRecorder {
  before(rows: ImportRow[]): Promise<void>;
  finish(): Promise<void>;
}

/**
 * Rows written by the current transaction (inserted or updated by it): what an earlier batch of the
 * import wrote is not a previous state (a site's cells may come in two batches).
 */
const WRITTEN_NOW = (alias: string) => sql.raw(`${alias}.xmin = pg_current_xact_id()::xid`);

export function createChangeRecorder(db: Kysely<Database>, kind: ImportKind, areaId: number, importId: number): ChangeRecorder {
  const area = sql`${areaId}::int4`;
  const id = sql`${importId}::int4`;
  /** Record the rows of `table` (as `t`, joined by `from`, of the area by `inArea`) the transaction inserted. */
  const recordInserts = async (table: string, from: RawBuilder<unknown>, inArea: RawBuilder<unknown>) => {
    await sql`INSERT INTO import_inserts (import_id, table_name, row_ids)
      SELECT ${id}, ${table}, array_agg(t.id ORDER BY t.id) FROM ${from}
      WHERE ${inArea} AND ${WRITTEN_NOW('t')}
        AND NOT EXISTS (SELECT 1 FROM import_changes x WHERE x.import_id = ${id} AND x.table_name = ${table} AND x.row_id = t.id)
      HAVING count(*) > 0`.execute(db);
  };
  if (kind === 'boundary') {
    return {
      async before() {
        await sql`INSERT INTO import_changes (import_id, table_name, row_id, previous)
          SELECT ${id}, 'areas', a.id, to_jsonb(a) FROM areas a WHERE a.id = ${area}
          ON CONFLICT DO NOTHING`.execute(db);
      },
      async finish() {},
    };
  }
  if (kind === 'cells') {
    return {
      async before(rows) {
        const cells = rows as CellImport[];
        const siteCodes = [...new Set(cells.map((c) => c.siteCode))];
        await sql`INSERT INTO import_changes (import_id, table_name, row_id, previous)
          SELECT ${id}, 'sites', s.id, to_jsonb(s) FROM sites s
          WHERE s.area_id = ${area} AND s.code = ANY(${siteCodes}::text[]) AND NOT ${WRITTEN_NOW('s')}
          ON CONFLICT DO NOTHING`.execute(db);
        await sql`INSERT INTO import_changes (import_id, table_name, row_id, previous)
          SELECT ${id}, 'cells', c.id, to_jsonb(c)
          FROM unnest(${cells.map((c) => c.siteCode)}::text[], ${cells.map((c) => c.cellCode)}::text[]) AS u(site_code, cell_code)
          JOIN sites s ON s.area_id = ${area} AND s.code = u.site_code
          JOIN cells c ON c.site_id = s.id AND c.code = u.cell_code AND NOT ${WRITTEN_NOW('c')}
          ON CONFLICT DO NOTHING`.execute(db);
      },
      async finish() {
        await recordInserts('sites', sql`sites t`, sql`t.area_id = ${area}`);
        await recordInserts('cells', sql`cells t JOIN sites s ON s.id = t.site_id`, sql`s.area_id = ${area}`);
      },
    };
  }
  const spec = areaTableKey(kind as AreaTableKind);
  return {
    async before(rows) {
      const keys = (rows as ImportRow<AreaTableKind>[]).map(spec.key);
      await sql`INSERT INTO import_changes (import_id, table_name, row_id, previous)
        SELECT ${id}, ${spec.table}, t.id, to_jsonb(t) FROM ${sql.table(spec.table)} t
        WHERE t.area_id = ${area} AND ${sql.ref(`t.${spec.column}`)} = ANY(${keys}::text[]) AND NOT ${WRITTEN_NOW('t')}
        ON CONFLICT DO NOTHING`.execute(db);
    },
    async finish() {
      await recordInserts(spec.table, sql`${sql.table(spec.table)} t`, sql`t.area_id = ${area}`);
    },
  };
}

/** Area columns a boundary import replaces, restored by its undo. */
const BOUNDARY_COLUMNS = ['boundary', 'min_lon', 'min_lat', 'max_lon', 'max_lat'];

export interface UndoResult {
  importId: number;
  /** Rows the import had inserted, now deleted. */
  deleted: number;
  /** Rows the import had updated, now as they were before it. */
  restored: number;
  undoneAt: Date;
  undoneBy: string;
}

/** Child tables first: deleting an inserted site after its inserted cells. */
const TABLE_ORDER = ['cells', 'sites', 'problem_reports', 'survey_measurements', 'candidates', 'clutter_zones', 'settlements', 'areas'];
const orderOf = (table: string) => {
  const i = TABLE_ORDER.indexOf(table);
  return i < 0 ? TABLE_ORDER.length : i;
};

/**
 * Undo a committed import of the area: delete exactly the rows it inserted and put back the rows it
 * updated as they were before it, in one transaction, and mark the import undone. Refused (409) when
 * it is not safe: already undone, nothing written, changes not recorded (an import older than undo),
 * a later import (not undone) changed the same rows, a row it wrote was edited since, a row it
 * updated was deleted since, or a site it inserted got cells from elsewhere.
 */
export async function undoImport(db: Kysely<Database>, areaId: number, importId: number, username: string): Promise<UndoResult> {
  return db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom('imports')
      .select(['id', 'mode', 'error_count', 'rows_inserted', 'rows_updated', 'undone_at', 'undone_by', 'file_name'])
      .where('id', '=', importId)
      .where('area_id', '=', areaId)
      .forUpdate()
      .executeTakeFirst();
    if (!found) throw new NotFoundError('import', importId);
    const refuse = (message: string): never => {
      throw new ConflictError(`import ${importId} (${found.file_name}) cannot be undone: ${message}`, [
        { field: 'importId', message, value: importId },
      ]);
    };
    if (found.undone_at) refuse(`it was undone already, at ${found.undone_at.toISOString()} by ${found.undone_by ?? '?'}`);
    if (!wasCommitted(found.mode as ImportMode, found.error_count)) refuse('it wrote nothing (a dry run or a rejected file)');
    const tables = [
      ...new Set(
        [
          ...(await trx.selectFrom('import_changes').select('table_name').distinct().where('import_id', '=', importId).execute()),
          ...(await trx.selectFrom('import_inserts').select('table_name').where('import_id', '=', importId).execute()),
        ].map((r) => r.table_name),
      ),
    ];
    // The rows the import wrote: (table, id, previous state or null when it inserted the row).
    const written = sql`(
      SELECT c.table_name, c.row_id, c.previous FROM import_changes c WHERE c.import_id = ${importId}::int4
      UNION ALL
      SELECT n.table_name, unnest(n.row_ids), NULL::jsonb FROM import_inserts n WHERE n.import_id = ${importId}::int4
    )`;
    if (tables.length === 0) {
      if (found.rows_inserted + found.rows_updated > 0)
        refuse('it was made before imports recorded their changes, so what it replaced is not known');
      refuse('it changed no row');
    }
    const later = await sql<{ import_id: number }>`
      SELECT DISTINCT l.import_id FROM ${written} w
      JOIN import_changes l ON l.table_name = w.table_name AND l.row_id = w.row_id AND l.import_id > ${importId}::int4
      JOIN imports i ON i.id = l.import_id AND i.undone_at IS NULL
      ORDER BY l.import_id LIMIT 5`.execute(trx);
    if (later.rows.length)
      refuse(`later import(s) ${later.rows.map((r) => r.import_id).join(', ')} changed the same rows; undo them first (newest first)`);
    for (const table of tables) {
      const t = sql.table(table);
      if (table !== 'areas') {
        const edited = await sql<{ n: number; id: number | null }>`
          SELECT count(*)::int4 AS n, min(t.id)::int4 AS id FROM ${written} w
          JOIN imports i ON i.id = ${importId}::int4 JOIN ${t} t ON t.id = w.row_id
          WHERE w.table_name = ${table} AND t.updated_at > i.created_at`.execute(trx);
        if (edited.rows[0].n > 0)
          refuse(
            `${edited.rows[0].n} row(s) of ${table} it wrote were edited afterwards (e.g. id ${edited.rows[0].id}); undoing would lose those edits`,
          );
      }
      const gone = await sql<{ n: number }>`
        SELECT count(*)::int4 AS n FROM import_changes c LEFT JOIN ${t} t ON t.id = c.row_id
        WHERE c.import_id = ${importId}::int4 AND c.table_name = ${table} AND t.id IS NULL`.execute(trx);
      if (gone.rows[0].n > 0) refuse(`${gone.rows[0].n} row(s) of ${table} it updated were deleted afterwards`);
    }
    if (tables.includes('sites')) {
      const foreign = await sql<{ n: number }>`
        SELECT count(*)::int4 AS n FROM ${written} w JOIN cells ce ON ce.site_id = w.row_id
        WHERE w.table_name = 'sites' AND w.previous IS NULL
          AND NOT EXISTS (SELECT 1 FROM ${written} x WHERE x.table_name = 'cells' AND x.row_id = ce.id)`.execute(trx);
      if (foreign.rows[0].n > 0) refuse(`${foreign.rows[0].n} cell(s) were added afterwards to sites it created`);
    }
    let deleted = 0;
    let restored = 0;
    for (const table of [...tables].sort((a, b) => orderOf(a) - orderOf(b))) {
      const t = sql.table(table);
      const del = await sql`DELETE FROM ${t} t USING import_inserts n
        WHERE n.import_id = ${importId}::int4 AND n.table_name = ${table} AND t.id = ANY(n.row_ids)`.execute(trx);
      deleted += Number(del.numAffectedRows ?? 0);
      const columns =
        table === 'areas'
          ? BOUNDARY_COLUMNS
          : (
              await sql<{ column_name: string }>`
                SELECT column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = ${table} AND column_name <> 'id' AND is_generated = 'NEVER'
                ORDER BY ordinal_position`.execute(trx)
            ).rows.map((r) => r.column_name);
      const set = sql.join(
        columns.map((c) => sql`${sql.ref(c)} = ${sql.ref(`r.${c}`)}`),
        sql`, `,
      );
      const upd = await sql`UPDATE ${t} t SET ${set}
        FROM import_changes c CROSS JOIN LATERAL jsonb_populate_record(NULL::${t}, c.previous) r
        WHERE c.import_id = ${importId}::int4 AND c.table_name = ${table} AND t.id = c.row_id`.execute(trx);
      restored += Number(upd.numAffectedRows ?? 0);
      if (table === 'areas') await sql`SELECT bump_area_inputs_version(${areaId}::int4)`.execute(trx);
    }
    const undoneAt = new Date();
    await trx.updateTable('imports').set({ undone_at: undoneAt, undone_by: username }).where('id', '=', importId).execute();
    return { importId, deleted, restored, undoneAt, undoneBy: username };
  });
}
