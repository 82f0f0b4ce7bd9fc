import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ImportKind } from '../../core/formats/kinds.ts';
import type {
  BoundaryImport,
  CandidateImport,
  CellImport,
  ClutterImport,
  ImportRow,
  MeasurementImport,
  PlaceImport,
  ReportImport,
  SettlementImport,
  SurveyResponseImport,
} from '../../core/import/types.ts';
import type { ValueMappingFile } from '../../core/import/value-mappings.ts';
import type { BBox } from '../../core/validation/geometry.ts';
import type { Database, ImportsTable } from '../../db/types.ts';
import type { Selectable } from 'kysely';
import { copyIn, encodeCopyBinary, type CopyType, type CopyValue } from './copy-binary.ts';

/** Counts of one bulk upsert. */
export interface UpsertCounts {
  inserted: number;
  updated: number;
}

type SqlType = CopyType;

/**
 * One column of a bulk upsert: its SQL type and the canonical field whose presence in the file
 * allows overwriting it on conflict (undefined = always). A file without a `status` column thus
 * never resets the status of reports already in the database.
 */
interface Column<T> {
  name: string;
  type: SqlType;
  field?: string;
  value(row: T): CopyValue;
}

/** A column's values as a node-postgres array parameter (timestamps as ISO 8601 text). */
const arrayValues = <T>(c: Column<T>, rows: T[]) =>
  c.type === 'timestamptz'
    ? rows.map((r) => {
        const v = c.value(r);
        return v instanceof Date ? v.toISOString() : v;
      })
    : rows.map(c.value);

/** `col = EXCLUDED.col` for the columns an upsert may overwrite (see Column.field), and updated_at. */
function updateList<T>(columns: Column<T>[], conflictColumn: string, provided: ReadonlySet<string>): string {
  return columns
    .filter((c) => c.name !== conflictColumn && (c.field === undefined || provided.has(c.field)))
    .map((c) => `${c.name} = EXCLUDED.${c.name}`)
    .concat('updated_at = now()')
    .join(', ');
}

/**
 * Bulk upsert of `rows` into an area-scoped table as one statement:
 * INSERT ... SELECT FROM unnest(one array parameter per column) ON CONFLICT DO UPDATE, returning how
 * many rows were inserted vs updated (`xmax = 0` marks a freshly inserted tuple in PostgreSQL and PGlite).
 * One parameter per column whatever the row count, so batches stay far below pg's 65,535 parameters.
 */
async function upsertArea<T>(
  db: Kysely<Database>,
  table: string,
  areaId: number,
  conflictColumn: string,
  columns: Column<T>[],
  rows: T[],
  provided: ReadonlySet<string>,
): Promise<UpsertCounts> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const names = sql.raw(columns.map((c) => c.name).join(', '));
  const arrays = sql.join(columns.map((c) => sql`${arrayValues(c, rows)}::${sql.raw(c.type)}[]`));
  return countUpserts(
    db,
    sql`INSERT INTO ${sql.table(table)} (area_id, ${names})
      SELECT ${areaId}::int4, * FROM unnest(${arrays})
      ON CONFLICT (area_id, ${sql.raw(conflictColumn)}) DO UPDATE SET ${sql.raw(updateList(columns, conflictColumn, provided))}
      RETURNING (xmax = 0) AS inserted`,
  );
}

async function countUpserts(db: Kysely<Database>, upsert: RawBuilder<unknown>): Promise<UpsertCounts> {
  const result = await sql<{ inserted: number; total: number }>`
    WITH up AS (${upsert})
    SELECT count(*) FILTER (WHERE inserted)::int4 AS inserted, count(*)::int4 AS total FROM up`.execute(db);
  const { inserted, total } = result.rows[0];
  return { inserted, updated: total - inserted };
}

const json = (value: unknown) => JSON.stringify(value);

const REPORT_COLUMNS: Column<ReportImport>[] = [
  { name: 'external_id', type: 'text', value: (r) => r.externalId },
  { name: 'lon', type: 'float8', value: (r) => r.lon },
  { name: 'lat', type: 'float8', value: (r) => r.lat },
  { name: 'technology', type: 'text', field: 'technology', value: (r) => r.technology },
  { name: 'kind', type: 'text', value: (r) => r.kind },
  { name: 'source', type: 'text', field: 'source', value: (r) => r.source },
  { name: 'customer_tier', type: 'text', field: 'customer_tier', value: (r) => r.customerTier },
  { name: 'reported_at', type: 'timestamptz', value: (r) => r.reportedAt },
  { name: 'status', type: 'text', field: 'status', value: (r) => r.status },
  { name: 'address', type: 'text', field: 'address', value: (r) => r.address },
  { name: 'note', type: 'text', field: 'note', value: (r) => r.note },
  { name: 'original_values', type: 'jsonb', value: (r) => (r.originalValues ? json(r.originalValues) : null) },
  // The position's provenance goes with the position (always written, like lon/lat).
  { name: 'located', type: 'text', value: (r) => r.located },
  { name: 'place_id', type: 'int4', value: (r) => (r.placeId ? r.placeId : null) },
  { name: 'place_name', type: 'text', value: (r) => r.placeName },
  { name: 'location_radius_m', type: 'float8', value: (r) => r.locationRadiusM },
];

const MEASUREMENT_COLUMNS: Column<MeasurementImport>[] = [
  { name: 'external_id', type: 'text', value: (r) => r.externalId },
  { name: 'survey', type: 'text', field: 'survey', value: (r) => r.survey },
  { name: 'lon', type: 'float8', value: (r) => r.lon },
  { name: 'lat', type: 'float8', value: (r) => r.lat },
  { name: 'technology', type: 'text', value: (r) => r.technology },
  { name: 'level_dbm', type: 'float8', value: (r) => r.levelDbm },
  { name: 'serving_cell', type: 'text', field: 'serving_cell', value: (r) => r.servingCell },
  { name: 'measured_at', type: 'timestamptz', value: (r) => r.measuredAt },
];

const SURVEY_RESPONSE_COLUMNS: Column<SurveyResponseImport>[] = [
  { name: 'external_id', type: 'text', value: (r) => r.externalId },
  { name: 'lon', type: 'float8', value: (r) => r.lon },
  { name: 'lat', type: 'float8', value: (r) => r.lat },
  { name: 'located', type: 'text', value: (r) => r.located },
  { name: 'place_code', type: 'text', value: (r) => r.placeCode },
  { name: 'address', type: 'text', field: 'address', value: (r) => r.address },
  { name: 'technology', type: 'text', field: 'technology', value: (r) => r.technology },
  { name: 'satisfaction', type: 'int4', value: (r) => r.satisfaction },
  { name: 'problems', type: 'jsonb', value: (r) => json(r.problems) },
  { name: 'problems_text', type: 'text', field: 'problems', value: (r) => r.problemsText },
  { name: 'comment', type: 'text', field: 'comment', value: (r) => r.comment },
  { name: 'source', type: 'text', field: 'source', value: (r) => r.source },
  { name: 'answered_at', type: 'timestamptz', value: (r) => r.answeredAt },
];

/** Radio columns of a candidates file: any of them present means the cells list is the file's. */
const CANDIDATE_RADIO_FIELDS = [
  'azimuths_deg',
  'frequency_mhz',
  'height_m',
  'beamwidth_deg',
  'tilt_deg',
  'power_dbm',
  'gain_dbi',
  'loss_db',
];

const CANDIDATE_COLUMNS: Column<CandidateImport>[] = [
  { name: 'code', type: 'text', value: (r) => r.code },
  { name: 'name', type: 'text', field: 'name', value: (r) => r.name },
  { name: 'lon', type: 'float8', value: (r) => r.lon },
  { name: 'lat', type: 'float8', value: (r) => r.lat },
  { name: 'technology', type: 'text', value: (r) => r.technology },
  { name: 'cells', type: 'jsonb', field: 'cells', value: (r) => json(r.cells) },
  { name: 'cost', type: 'float8', field: 'cost', value: (r) => r.cost },
  { name: 'status', type: 'text', field: 'status', value: (r) => r.status },
  { name: 'origin', type: 'text', field: 'origin', value: (r) => r.origin },
  { name: 'approximate', type: 'bool', field: 'approximate', value: (r) => r.approximate },
  { name: 'note', type: 'text', field: 'note', value: (r) => r.note },
];

const bboxColumns = <T extends { bbox: BBox }>(): Column<T>[] => [
  { name: 'min_lon', type: 'float8', value: (r) => r.bbox[0] },
  { name: 'min_lat', type: 'float8', value: (r) => r.bbox[1] },
  { name: 'max_lon', type: 'float8', value: (r) => r.bbox[2] },
  { name: 'max_lat', type: 'float8', value: (r) => r.bbox[3] },
];

const CLUTTER_COLUMNS: Column<ClutterImport>[] = [
  { name: 'code', type: 'text', value: (r) => r.code },
  { name: 'name', type: 'text', field: 'name', value: (r) => r.name },
  { name: 'environment', type: 'text', value: (r) => r.environment },
  { name: 'geometry', type: 'jsonb', value: (r) => json(r.geometry) },
  ...bboxColumns<ClutterImport>(),
];

const SETTLEMENT_COLUMNS: Column<SettlementImport>[] = [
  { name: 'code', type: 'text', value: (r) => r.code },
  { name: 'name', type: 'text', value: (r) => r.name },
  { name: 'population', type: 'int4', value: (r) => r.population },
  { name: 'geometry', type: 'jsonb', value: (r) => json(r.geometry) },
  ...bboxColumns<SettlementImport>(),
  { name: 'approximate', type: 'bool', field: 'approximate', value: (r) => r.approximate },
];

/** The table and natural key of an area-scoped kind, and a row's key (for the undo record). */
export function areaTableKey<K extends AreaTableKind>(kind: K): { table: string; column: string; key(row: ImportRow<K>): string } {
  const spec = AREA_TABLES[kind] as AreaTable<ImportRow<K>>;
  const key = spec.columns.find((c) => c.name === spec.conflictColumn)!;
  return { table: spec.table, column: spec.conflictColumn, key: (row) => String(key.value(row)) };
}

const PLACE_COLUMNS: Column<PlaceImport>[] = [
  { name: 'code', type: 'text', value: (r) => r.code },
  { name: 'name', type: 'text', value: (r) => r.name },
  { name: 'name_en', type: 'text', field: 'name_en', value: (r) => r.nameEn },
  { name: 'aliases', type: 'jsonb', field: 'aliases', value: (r) => json(r.aliases) },
  { name: 'kind', type: 'text', field: 'kind', value: (r) => r.kind },
  { name: 'geometry', type: 'jsonb', value: (r) => json(r.geometry) },
  ...bboxColumns<PlaceImport>(),
  { name: 'approximate', type: 'bool', field: 'approximate', value: (r) => r.approximate },
];

/** The kinds written to one area-scoped table by natural key (cells and boundary have their own paths). */
export type AreaTableKind = 'reports' | 'measurements' | 'candidates' | 'clutter' | 'settlements' | 'places' | 'survey-responses';

interface AreaTable<T> {
  table: string;
  conflictColumn: string;
  columns: Column<T>[];
  /** The fields that may overwrite, from the file's fields (default: those). */
  overwritable?(provided: ReadonlySet<string>): ReadonlySet<string>;
  /** Only imports add rows to the table, so a file for an area without any may be copied straight in. */
  importsOnly?: boolean;
}

const AREA_TABLES: { [K in AreaTableKind]: AreaTable<ImportRow<K>> } = {
  reports: { table: 'problem_reports', conflictColumn: 'external_id', columns: REPORT_COLUMNS, importsOnly: true },
  measurements: { table: 'survey_measurements', conflictColumn: 'external_id', columns: MEASUREMENT_COLUMNS, importsOnly: true },
  candidates: {
    table: 'candidates',
    conflictColumn: 'code',
    columns: CANDIDATE_COLUMNS,
    overwritable: (provided) => (CANDIDATE_RADIO_FIELDS.some((f) => provided.has(f)) ? new Set([...provided, 'cells']) : provided),
  },
  clutter: { table: 'clutter_zones', conflictColumn: 'code', columns: CLUTTER_COLUMNS },
  settlements: { table: 'settlements', conflictColumn: 'code', columns: SETTLEMENT_COLUMNS },
  places: { table: 'places', conflictColumn: 'code', columns: PLACE_COLUMNS },
  'survey-responses': { table: 'survey_responses', conflictColumn: 'external_id', columns: SURVEY_RESPONSE_COLUMNS, importsOnly: true },
};

/**
 * How an import's rows reach the database: `copy` (PostgreSQL) streams each batch with binary
 * COPY into a temporary staging table and upserts from there; `unnest` (PGlite, whose node-postgres
 * adapter cannot COPY FROM STDIN) sends each batch as one array parameter per column.
 */
export type BulkTransport = 'copy' | 'unnest';

/** The transport for the database behind `db`. */
export async function detectBulkTransport(db: Kysely<Database>): Promise<BulkTransport> {
  return (await isEmbedded(db)) ? 'unnest' : 'copy';
}

/** True when `db` is the embedded database (PGlite). */
async function isEmbedded(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{ version: string }>`SELECT version() AS version`.execute(db);
  return /\bPGlite\b/.test(rows[0]?.version ?? '');
}

/** The tables an import of each kind writes rows to (a boundary import updates one area row). */
const KIND_TABLES: Record<ImportKind, string[]> = {
  reports: ['problem_reports'],
  measurements: ['survey_measurements'],
  candidates: ['candidates'],
  clutter: ['clutter_zones'],
  settlements: ['settlements'],
  cells: ['sites', 'cells'],
  boundary: [],
  places: ['places'],
  'survey-responses': ['survey_responses'],
};

/**
 * After an import of `kind` that wrote rows and was rolled back (a rejected file): on the embedded
 * database, which has no autovacuum, VACUUM the tables it wrote, so the space of the dead rows is
 * used again and the empty pages at a table's end go back to the file system (PostgreSQL's
 * autovacuum does this by itself). Outside any transaction.
 */
export async function reclaimRolledBackRows(db: Kysely<Database>, kind: ImportKind): Promise<void> {
  if (KIND_TABLES[kind].length === 0 || !(await isEmbedded(db))) return;
  await sql.raw(`VACUUM ${KIND_TABLES[kind].join(', ')}`).execute(db);
}

/** Upserts batches of one kind's rows (natural keys distinct within the file) in the caller's transaction. */
export interface AreaUpserter<T> {
  write(rows: T[]): Promise<UpsertCounts>;
}

/**
 * An upserter of `kind` rows into area `areaId`, overwriting only the columns of `provided` fields.
 * With `copy` each batch is copied into a staging table (temporary, created by the first batch and
 * dropped at commit or rollback), upserted from there with one INSERT ... SELECT ... ON CONFLICT whose
 * per-row `xmax = 0` is only counted (no row goes back to the client), and the staging table emptied;
 * with `unnest` each batch is one such INSERT from its array parameters.
 * Reports and measurements come in millions, and only imports add them: when the area has none yet
 * and no other import of the table into it is running (transaction-scoped advisory lock, exclusive
 * for such a first import, shared for the others), every row of the file is new (its keys are
 * distinct), so the batches are inserted as they are, without staging or conflict checks (COPY
 * straight into the table, or a plain INSERT from unnest), every row counted as inserted.
 */
export function createAreaUpserter<K extends AreaTableKind>(
  db: Kysely<Database>,
  transport: BulkTransport,
  kind: K,
  areaId: number,
  provided: ReadonlySet<string>,
): AreaUpserter<ImportRow<K>> {
  const spec = AREA_TABLES[kind] as AreaTable<ImportRow<K>>;
  const overwritable = spec.overwritable?.(provided) ?? provided;
  const stage = `pg_temp.import_stage_${spec.table}`;
  const names = spec.columns.map((c) => c.name).join(', ');
  const areaColumn: Column<ImportRow<K>> = { name: 'area_id', type: 'int4', value: () => areaId };
  const start = async (): Promise<'new' | 'upsert'> => {
    if (spec.importsOnly) {
      const lock = sql`hashtext(${`imports:${spec.table}`}), ${areaId}::int4`;
      const empty = async () =>
        (
          await sql<{
            empty: boolean;
          }>`SELECT NOT EXISTS (SELECT 1 FROM ${sql.table(spec.table)} WHERE area_id = ${areaId}::int4) AS empty`.execute(db)
        ).rows[0].empty;
      // A first import into the area has it to itself (never waiting for that): found empty under the
      // exclusive lock, the area gets no rows but this file's until the transaction ends.
      if (
        (await empty()) &&
        (await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(${lock}) AS locked`.execute(db)).rows[0].locked &&
        (await empty())
      ) {
        return 'new';
      }
      // Other imports of the table into the area run side by side, only after such a first import.
      await sql`SELECT pg_advisory_xact_lock_shared(${lock})`.execute(db);
    }
    if (transport === 'copy') {
      await sql
        .raw(`CREATE TEMPORARY TABLE ${stage} (${spec.columns.map((c) => `${c.name} ${c.type}`).join(', ')}) ON COMMIT DROP`)
        .execute(db);
    }
    return 'upsert';
  };
  let mode: Promise<'new' | 'upsert'> | undefined;
  return {
    async write(rows) {
      if (rows.length === 0) return { inserted: 0, updated: 0 };
      mode ??= start();
      const allNew = (await mode) === 'new';
      if (transport === 'unnest') {
        if (!allNew) return upsertArea(db, spec.table, areaId, spec.conflictColumn, spec.columns, rows, overwritable);
        const arrays = sql.join(spec.columns.map((c) => sql`${arrayValues(c, rows)}::${sql.raw(c.type)}[]`));
        const result = await sql`INSERT INTO ${sql.table(spec.table)} (area_id, ${sql.raw(names)})
          SELECT ${areaId}::int4, * FROM unnest(${arrays})`.execute(db);
        return { inserted: Number(result.numAffectedRows ?? 0), updated: 0 };
      }
      if (allNew) {
        const copied = await copyIn(
          db,
          `COPY ${spec.table} (area_id, ${names}) FROM STDIN (FORMAT binary)`,
          encodeCopyBinary(rows, [areaColumn, ...spec.columns]),
        );
        return { inserted: copied, updated: 0 };
      }
      await copyIn(db, `COPY ${stage} (${names}) FROM STDIN (FORMAT binary)`, encodeCopyBinary(rows, spec.columns));
      const counts = await countUpserts(
        db,
        sql`INSERT INTO ${sql.table(spec.table)} (area_id, ${sql.raw(names)})
          SELECT ${areaId}::int4, ${sql.raw(names)} FROM ${sql.raw(stage)}
          ON CONFLICT (area_id, ${sql.raw(spec.conflictColumn)}) DO UPDATE SET ${sql.raw(updateList(spec.columns, spec.conflictColumn, overwritable))}
          RETURNING (xmax = 0) AS inserted`,
      );
      // Created in this transaction, so emptied in place (no new file, nothing logged).
      await sql.raw(`TRUNCATE ${stage}`).execute(db);
      return counts;
    },
  };
}

/**
 * What upserting `rows` of `kind` into area `areaId` would count, without writing: the rows whose
 * natural key the area has are updates, the others inserts (keys are distinct within a file).
 */
export async function countAreaUpserts<K extends AreaTableKind>(
  db: Kysely<Database>,
  kind: K,
  areaId: number,
  rows: ImportRow<K>[],
): Promise<UpsertCounts> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const spec = AREA_TABLES[kind] as AreaTable<ImportRow<K>>;
  const key = spec.columns.find((c) => c.name === spec.conflictColumn)!;
  const { rows: found } = await sql<{ n: number }>`
    SELECT count(*)::int4 AS n FROM ${sql.table(spec.table)}
    WHERE area_id = ${areaId}::int4 AND ${sql.ref(spec.conflictColumn)} = ANY(${rows.map(key.value)}::text[])`.execute(db);
  return { inserted: rows.length - found[0].n, updated: found[0].n };
}

/** What upsertSitesAndCells would count for the same rows, without writing. */
export async function countSiteAndCellUpserts(
  db: Kysely<Database>,
  areaId: number,
  siteRows: CellImport[],
  rows: CellImport[],
): Promise<UpsertCounts & { sites: UpsertCounts }> {
  let sites: UpsertCounts = { inserted: 0, updated: 0 };
  if (siteRows.length) {
    const { rows: found } = await sql<{ n: number }>`
      SELECT count(*)::int4 AS n FROM sites WHERE area_id = ${areaId}::int4 AND code = ANY(${siteRows.map((r) => r.siteCode)}::text[])`.execute(
      db,
    );
    sites = { inserted: siteRows.length - found[0].n, updated: found[0].n };
  }
  if (rows.length === 0) return { inserted: 0, updated: 0, sites };
  const { rows: found } = await sql<{ n: number }>`
    SELECT count(*)::int4 AS n
    FROM unnest(${rows.map((r) => r.siteCode)}::text[], ${rows.map((r) => r.cellCode)}::text[]) AS u(site_code, cell_code)
    JOIN sites s ON s.area_id = ${areaId}::int4 AND s.code = u.site_code
    JOIN cells c ON c.site_id = s.id AND c.code = u.cell_code`.execute(db);
  return { inserted: rows.length - found[0].n, updated: found[0].n, sites };
}

const SITE_COLUMNS: Column<CellImport>[] = [
  { name: 'code', type: 'text', value: (r) => r.siteCode },
  { name: 'name', type: 'text', field: 'site_name', value: (r) => r.siteName },
  { name: 'lon', type: 'float8', value: (r) => r.lon },
  { name: 'lat', type: 'float8', value: (r) => r.lat },
  { name: 'status', type: 'text', field: 'site_status', value: (r) => r.siteStatus },
  { name: 'address', type: 'text', field: 'address', value: (r) => r.address },
  { name: 'note', type: 'text', field: 'note', value: (r) => r.note },
  { name: 'approximate', type: 'bool', field: 'approximate', value: (r) => r.approximate },
];

const CELL_COLUMNS: Column<CellImport>[] = [
  { name: 'code', type: 'text', value: (r) => r.cellCode },
  { name: 'technology', type: 'text', value: (r) => r.radio.technology },
  { name: 'frequency_mhz', type: 'float8', value: (r) => r.radio.frequencyMhz },
  { name: 'height_m', type: 'float8', value: (r) => r.radio.heightM },
  { name: 'azimuth_deg', type: 'float8', field: 'azimuth_deg', value: (r) => r.radio.azimuthDeg },
  { name: 'beamwidth_deg', type: 'float8', field: 'beamwidth_deg', value: (r) => r.radio.beamwidthDeg },
  { name: 'tilt_deg', type: 'float8', field: 'tilt_deg', value: (r) => r.radio.tiltDeg },
  { name: 'power_dbm', type: 'float8', value: (r) => r.radio.powerDbm },
  { name: 'gain_dbi', type: 'float8', field: 'gain_dbi', value: (r) => r.radio.gainDbi },
  { name: 'loss_db', type: 'float8', field: 'loss_db', value: (r) => r.radio.lossDb },
];

/**
 * Upsert the sites of `siteRows` (one row per site, first row of each) and then the cells of `rows`,
 * joined to their site by (area, site code). Counts are the cells'; `sites` counts the sites.
 */
export async function upsertSitesAndCells(
  db: Kysely<Database>,
  areaId: number,
  siteRows: CellImport[],
  rows: CellImport[],
  provided: ReadonlySet<string>,
): Promise<UpsertCounts & { sites: UpsertCounts }> {
  const sites = await upsertArea(db, 'sites', areaId, 'code', SITE_COLUMNS, siteRows, provided);
  if (rows.length === 0) return { inserted: 0, updated: 0, sites };
  const names = CELL_COLUMNS.map((c) => c.name);
  const arrays = sql.join([
    sql`${rows.map((r) => r.siteCode)}::text[]`,
    ...CELL_COLUMNS.map((c) => sql`${arrayValues(c, rows)}::${sql.raw(c.type)}[]`),
  ]);
  const updates = updateList(CELL_COLUMNS, 'code', provided);
  const cells = await countUpserts(
    db,
    sql`INSERT INTO cells (site_id, ${sql.raw(names.join(', '))})
      SELECT s.id, ${sql.raw(names.map((n) => `u.${n}`).join(', '))}
      FROM unnest(${arrays}) AS u(site_code, ${sql.raw(names.join(', '))})
      JOIN sites s ON s.area_id = ${areaId}::int4 AND s.code = u.site_code
      ON CONFLICT (site_id, code) DO UPDATE SET ${sql.raw(updates)}
      RETURNING (xmax = 0) AS inserted`,
  );
  return { ...cells, sites };
}

/** Replace an area's boundary (and bbox) by the union of `parts`; bumps the inputs version. */
export async function replaceBoundary(db: Kysely<Database>, areaId: number, parts: BoundaryImport[]): Promise<void> {
  const polygons = parts.flatMap((p) => (p.geometry.type === 'Polygon' ? [p.geometry.coordinates] : p.geometry.coordinates));
  const boundary: GeoJSON.Polygon | GeoJSON.MultiPolygon =
    polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
  const bbox: BBox = [
    Math.min(...parts.map((p) => p.bbox[0])),
    Math.min(...parts.map((p) => p.bbox[1])),
    Math.max(...parts.map((p) => p.bbox[2])),
    Math.max(...parts.map((p) => p.bbox[3])),
  ];
  await db
    .updateTable('areas')
    .set((eb) => ({
      boundary: json(boundary),
      min_lon: bbox[0],
      min_lat: bbox[1],
      max_lon: bbox[2],
      max_lat: bbox[3],
      updated_at: new Date(),
      inputs_version: eb('inputs_version', '+', 1),
    }))
    .where('id', '=', areaId)
    .execute();
}

/** How the import ran; with error_count it tells whether anything was committed. */
export type ImportMode = 'all-or-nothing' | 'partial' | 'dry-run';

export interface ImportAudit {
  areaId: number;
  kind: ImportKind;
  format: string;
  fileName: string;
  sha256: string;
  rowsTotal: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsRejected: number;
  errorCount: number;
  errors: unknown[];
  /** AuditedMessage of each warning (absent: none). */
  warnings?: unknown[];
  mode: ImportMode;
  username: string;
}

/** A new import id, taken before the import writes so its changes can be recorded under it. */
export async function nextImportId(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('imports', 'id'))::int4 AS id`.execute(db);
  return rows[0].id;
}

export async function insertImportAudit(db: Kysely<Database>, audit: ImportAudit, id?: number): Promise<number> {
  const row = await db
    .insertInto('imports')
    .values({
      ...(id === undefined ? {} : { id }),
      area_id: audit.areaId,
      kind: audit.kind,
      format: audit.format,
      file_name: audit.fileName,
      sha256: audit.sha256,
      rows_total: audit.rowsTotal,
      rows_inserted: audit.rowsInserted,
      rows_updated: audit.rowsUpdated,
      rows_rejected: audit.rowsRejected,
      error_count: audit.errorCount,
      errors: json(audit.errors),
      warnings: JSON.stringify(audit.warnings ?? []),
      mode: audit.mode,
      username: audit.username,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface ImportAuditRow extends Omit<ImportAudit, 'errors' | 'warnings'> {
  id: number;
  committed: boolean;
  createdAt: Date;
  undoneAt: Date | null;
  undoneBy: string | null;
  /** Committed, not undone, and its changes were recorded (imports before undo existed were not). */
  undoable: boolean;
  /** First errors (as capped in the report); only in the detail, not the list. */
  errors?: unknown[];
  /** The warnings as stored (AuditedMessage, or English text in older records). */
  warnings: unknown[];
}

const AUDIT_COLUMNS = [
  'id',
  'area_id',
  'kind',
  'format',
  'file_name',
  'sha256',
  'rows_total',
  'rows_inserted',
  'rows_updated',
  'rows_rejected',
  'error_count',
  'mode',
  'username',
  'created_at',
  'undone_at',
  'undone_by',
  'warnings',
] as const;

type AuditSelect = Pick<Selectable<ImportsTable>, (typeof AUDIT_COLUMNS)[number]> & { has_changes: boolean };

/** Whether the import has recorded changes (so it can be undone). */
const hasChanges = sql<boolean>`(EXISTS (SELECT 1 FROM import_changes c WHERE c.import_id = imports.id)
  OR EXISTS (SELECT 1 FROM import_inserts n WHERE n.import_id = imports.id))`.as('has_changes');

function toAudit(r: AuditSelect, areaId: number): ImportAuditRow {
  const committed = wasCommitted(r.mode as ImportMode, r.error_count);
  return {
    id: r.id,
    areaId: r.area_id ?? areaId,
    kind: r.kind as ImportKind,
    format: r.format,
    fileName: r.file_name,
    sha256: r.sha256,
    rowsTotal: r.rows_total,
    rowsInserted: r.rows_inserted,
    rowsUpdated: r.rows_updated,
    rowsRejected: r.rows_rejected,
    errorCount: r.error_count,
    mode: r.mode as ImportMode,
    username: r.username,
    committed,
    createdAt: r.created_at,
    undoneAt: r.undone_at,
    undoneBy: r.undone_by,
    undoable: committed && r.undone_at === null && r.has_changes,
    warnings: Array.isArray(r.warnings) ? r.warnings : [],
  };
}

/** The area's import history, newest first (without the error lists). */
export async function listImportAudits(
  db: Kysely<Database>,
  areaId: number,
  limit: number,
  offset: number,
): Promise<{ items: ImportAuditRow[]; total: number }> {
  const rows = await db
    .selectFrom('imports')
    .select([...AUDIT_COLUMNS, hasChanges])
    .where('area_id', '=', areaId)
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  const { total } = await db
    .selectFrom('imports')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where('area_id', '=', areaId)
    .executeTakeFirstOrThrow();
  return { total: Number(total), items: rows.map((r) => toAudit(r, areaId)) };
}

/** One import of the area with its recorded errors. */
export async function findImportAudit(db: Kysely<Database>, areaId: number, id: number): Promise<ImportAuditRow | undefined> {
  const row = await db
    .selectFrom('imports')
    .select([...AUDIT_COLUMNS, 'errors', hasChanges])
    .where('area_id', '=', areaId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { ...toAudit(row, areaId), errors: row.errors as unknown[] } : undefined;
}

/** A dry run never commits; an all-or-nothing import commits only without errors; partial always. */
export function wasCommitted(mode: ImportMode, errorCount: number): boolean {
  return mode === 'partial' || (mode === 'all-or-nothing' && errorCount === 0);
}

/** The value mappings remembered for an area and import kind ({} when none). */
export async function getValueMappings(db: Kysely<Database>, areaId: number, kind: ImportKind): Promise<ValueMappingFile> {
  const row = await db
    .selectFrom('import_value_mappings')
    .select('mappings')
    .where('area_id', '=', areaId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return row?.mappings ?? {};
}

/** Replace the value mappings remembered for an area and import kind. */
export async function saveValueMappings(
  db: Kysely<Database>,
  areaId: number,
  kind: ImportKind,
  mappings: ValueMappingFile,
  username: string,
): Promise<void> {
  await db
    .insertInto('import_value_mappings')
    .values({ area_id: areaId, kind, mappings: json(mappings), updated_by: username })
    .onConflict((oc) =>
      oc.columns(['area_id', 'kind']).doUpdateSet({ mappings: json(mappings), updated_by: username, updated_at: new Date() }),
    )
    .execute();
}

/** The stored value mappings of an area and import kind with who last changed them, or undefined. */
export async function findValueMappings(
  db: Kysely<Database>,
  areaId: number,
  kind: ImportKind,
): Promise<{ mappings: ValueMappingFile; updatedAt: Date; updatedBy: string | null } | undefined> {
  const row = await db
    .selectFrom('import_value_mappings')
    .select(['mappings', 'updated_at', 'updated_by'])
    .where('area_id', '=', areaId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return row && { mappings: row.mappings, updatedAt: row.updated_at, updatedBy: row.updated_by };
}
