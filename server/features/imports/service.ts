import type { Kysely } from 'kysely';
import type { SourceInput } from '../../core/formats/byte-input.ts';
import { parseCoordinate } from '../../core/formats/coordinate.ts';
import { SOURCE_CRS, type SourceCrs } from '../../core/formats/crs.ts';
import { FormatError, LimitExceededError } from '../../core/formats/errors.ts';
import { listColumns, mapHeaders, type HeaderMappingFile, type HeaderMapping } from '../../core/formats/headers.ts';
import {
  ADDRESS_LOCATABLE_KINDS,
  CANONICAL_FIELDS,
  GEOMETRY_KINDS,
  IMPORT_KINDS,
  isImportKind,
  type ImportKind,
} from '../../core/formats/kinds.ts';
import type { ImportLimits } from '../../core/formats/limits.ts';
import { detectSwappedLonLat } from '../../core/formats/lonlat-swap.ts';
import { OPENCELLID_NOTE, openCellIdToCells, type OpenCellIdDefaults, type OpenCellIdItem } from '../../core/formats/opencellid.ts';
import { openSource } from '../../core/formats/source.ts';
import type { OpenedSource, SourceFormat } from '../../core/formats/source-types.ts';
import type { TextEncoding, TextEncodingOption } from '../../core/formats/text-decoding.ts';
import { createAreaTester, type AreaTester } from '../../core/import/area-tester.ts';
import type { ImportRow, RowError } from '../../core/import/types.ts';
import { createRowValidator } from '../../core/import/validator.ts';
import {
  auditedRowError,
  auditedWarning,
  localiseReason,
  localiseWarning,
  rowErrorCode,
  type ImportLang,
} from '../../core/import/messages.ts';
import {
  mergeValueMappings,
  resolveValueMappings,
  UnrecognisedTally,
  unrecognisedWarning,
  type ResolvedValueMappings,
  type UnrecognisedValue,
  type ValueMappingFile,
} from '../../core/import/value-mappings.ts';
import { normaliseKey } from '../../core/formats/normalise-key.ts';
import type { ReportSource } from '../../core/model.ts';
import type { Database } from '../../db/types.ts';
import { BadRequestError } from '../../errors.ts';
import type { Area } from '../areas/repository.ts';
import { requireArea } from '../areas/service.ts';
import { importLimitError } from './limits.ts';
import {
  getValueMappings,
  insertImportAudit,
  nextImportId,
  reclaimRolledBackRows,
  saveValueMappings,
  wasCommitted,
  type ImportMode,
} from './repository.ts';
import { createChangeRecorder } from './undo.ts';
import { createRowWriter } from './row-writer.ts';
import { polygonPrecheck } from './polygon-precheck.ts';
import type { CpuTasks } from '../../workers/cpu-pool.ts';
import { loadGazetteer } from '../places/service.ts';

/** Errors listed in a report (all are counted). */
export const MAX_REPORTED_ERRORS = 1000;
/** Errors kept with the audit record of an import (all are counted). */
export const MAX_AUDITED_ERRORS = 100;
/** Warnings an import's audit record keeps. */
export const MAX_AUDITED_WARNINGS = 100;
/** Warnings listed in a report before a summary line. */
const MAX_WARNINGS = 100;
/** Characters of a warning or an error's reason in a report; longer ones end in "…". */
export const MAX_MESSAGE_CHARS = 500;
/** Characters of an error's value and column in a report. */
export const MAX_QUOTED_CHARS = 200;
const PROGRESS_EVERY_ROWS = 10_000;
/** Rows validated between two turns of the event loop (a few ms of work). */
const ROWS_PER_TURN = 256;
/** Rows sampled from the top of a file to detect exchanged lon/lat columns. */
const SWAP_SAMPLE_ROWS = 200;

/**
 * How far outside the area boundary rows may lie, metres, per kind: sites in the next district serve
 * this one (and OpenCelliD towers around it matter), so cells get 30 km; everything else must be inside.
 */
export const DEFAULT_BOUNDARY_TOLERANCE_M: Record<ImportKind, number> = {
  cells: 30_000,
  reports: 0,
  candidates: 0,
  measurements: 0,
  clutter: 0,
  settlements: 0,
  boundary: 0,
  places: 0,
  'survey-responses': 0,
};

export interface ImportParams {
  areaId: number;
  kind: ImportKind;
  source: SourceInput;
  fileName: string;
  format?: SourceFormat;
  encoding?: TextEncodingOption;
  /** CRS of the file's coordinates (default wgs84); phone map apps in China export gcj02 or bd09. */
  crs?: SourceCrs;
  mapping?: HeaderMappingFile;
  sheet?: string;
  /** Row number of the header (CSV, XLSX); default: the first row with at least two names. */
  headerRow?: number;
  /** OpenCelliD filters: mobile country codes, network codes (China Unicom: 460 / 1), radio types. */
  mcc?: number | number[];
  mnc?: number | number[];
  radio?: string | string[];
  /** Overrides the area settings' `opencellidDefaults` for OpenCelliD cells. */
  openCellIdDefaults?: Partial<OpenCellIdDefaults>;
  /** Metres outside the area boundary still accepted (default DEFAULT_BOUNDARY_TOLERANCE_M). */
  boundaryToleranceM?: number;
  /** What reading the file may cost (default DEFAULT_IMPORT_LIMITS; the server's come from its settings). */
  limits?: Partial<ImportLimits>;
  /** Validate and count what would be written (existing natural keys are looked up), write nothing. */
  dryRun?: boolean;
  /** Write the good rows even when some are bad (default: nothing unless every row is good). */
  partial?: boolean;
  /**
   * Value mappings for categorical columns ({"<column>": {"<value>": "<category>"}}), applied before
   * the exact lists and the rules; merged over those remembered for the area and kind, and
   * remembered with them when the import is committed.
   */
  values?: ValueMappingFile;
  /** Source of reports whose file has no source column or an empty cell (default `unknown`). */
  defaultSource?: ReportSource;
  /** Language of the report's errors and warnings (default English); error codes do not change. */
  lang?: ImportLang;
  /** How `values` is named in errors ("/body/values", "--values"; default "values"). */
  valuesOrigin?: string;
  username: string;
  /** Called every 10,000 rows and at the end; bytesRead lets a caller that knows the file size show a percentage. */
  onProgress?(rowsRead: number, bytesRead: number): void;
  /** Worker threads for large polygons (the server's pool); absent: everything in the calling thread. */
  cpu?: CpuTasks;
}

export interface ImportReport {
  /** Id of the audit row in `imports` (dry runs and rejected files are recorded too). */
  importId: number;
  areaId: number;
  kind: ImportKind;
  format: SourceFormat;
  encoding: TextEncoding;
  fileName: string;
  sha256: string;
  /** Data rows read (blank rows not counted). */
  rowsTotal: number;
  /** Written (or, in a dry run, that would be written) as new records. */
  rowsInserted: number;
  /** Written over existing records with the same natural key. */
  rowsUpdated: number;
  /** Rows with at least one error. */
  rowsRejected: number;
  /** Rows deliberately not imported (repeats, OpenCelliD filters); see warnings. */
  rowsSkipped: number;
  /** Sites written by a `cells` import (rows count cells). */
  sites?: { inserted: number; updated: number };
  /** Every error counted; at most MAX_REPORTED_ERRORS listed, each shortened to MAX_MESSAGE_CHARS. */
  errorCount: number;
  errors: ReportedError[];
  /** Errors counted but not listed. */
  errorsOmitted: number;
  warnings: string[];
  /** Warnings not listed (the list ends with a line saying how many). */
  warningsOmitted: number;
  /**
   * Values of categorical columns that no mapping, exact spelling or rule knew, with their counts
   * and what the rows got (they are imported, not rejected); each also has a warning.
   */
  unrecognisedValues: UnrecognisedValue[];
  /** Language of `errors[].reason` and `warnings`. */
  lang: ImportLang;
  dryRun: boolean;
  partial: boolean;
  /** True when the rows were written (all of them, or the good ones with `partial`). */
  committed: boolean;
  durationMs: number;
}

/** A row error as a report lists it: with a stable machine code, its reason in the report's language. */
export interface ReportedError extends RowError {
  code: string;
}

/** A pass over the rows, its counts and what became of them. */
interface RowPass {
  rowsTotal: number;
  rowsRejected: number;
  rowsSkipped: number;
  errorCount: number;
  errors: RowError[];
  inserted: number;
  updated: number;
  sites?: { inserted: number; updated: number };
}

class Rollback extends Error {
  constructor(readonly pass: RowPass) {
    super('rollback');
  }
}

/**
 * Import one file into an area: open and parse it, map its columns, convert coordinates to WGS84,
 * validate every row and upsert the valid ones in batches by natural key, all in one transaction.
 * All-or-nothing by default (any bad row: nothing written, every error reported with line and column);
 * `partial` writes the good rows; `dryRun` validates all of it and counts what would be written.
 * Every run is recorded in `imports` with the file's SHA-256, including dry runs and rejected files
 * (mode + error_count tell whether it was committed), so the audit shows who tried what; a file that
 * cannot be read at all throws FormatError and is not recorded, nor is a file refused by a limit
 * (`params.limits`): AppError 413 or 422 naming the limit and its setting. A dry run writes no row
 * (each batch's natural keys are looked up instead), so it leaves nothing behind. Upserts never
 * delete, and overwrite only the columns the file has. Throws NotFoundError for an unknown area.
 */
export async function importFile(db: Kysely<Database>, params: ImportParams): Promise<ImportReport> {
  try {
    return await runImport(db, params);
  } catch (err) {
    if (err instanceof LimitExceededError) throw importLimitError(err, params.fileName);
    throw err;
  }
}

async function runImport(db: Kysely<Database>, params: ImportParams): Promise<ImportReport> {
  const started = Date.now();
  if (!isImportKind(params.kind))
    throw new BadRequestError(`unknown import kind "${String(params.kind)}"; expected one of ${IMPORT_KINDS.join(', ')}`, [
      { field: 'kind', message: 'unknown', value: params.kind },
    ]);
  if (params.crs !== undefined && !(SOURCE_CRS as readonly string[]).includes(params.crs)) {
    throw new BadRequestError(`unknown crs "${String(params.crs)}"; expected one of ${SOURCE_CRS.join(', ')}`, [
      { field: 'crs', message: 'unknown', value: params.crs },
    ]);
  }
  const area = await requireArea(db, params.areaId);
  const opened = await openSource(params.source, {
    fileName: params.fileName,
    format: params.format,
    encoding: params.encoding,
    sheet: params.sheet,
    headerRow: params.headerRow,
    limits: params.limits,
  });
  const warnings = new WarningList(MAX_WARNINGS);
  opened.warnings.forEach((w) => warnings.add(w));
  const { headers, items } = rowItems(opened, params, area, warnings);
  const mapping = mapHeaders(headers, params.kind, opened.format === 'opencellid' ? undefined : params.mapping, {
    hasGeometry: opened.format === 'geojson' || opened.format === 'kml' || opened.format === 'kmz',
  });
  mapping.warnings.forEach((w) => warnings.add(w));
  const values = await prepareValueMappings(db, area.id, params, mapping, warnings);
  if (params.kind === 'reports' && !('source' in mapping.fields))
    warnings.add(`no source column: every report gets source "${params.defaultSource ?? 'unknown'}"`);
  const unrecognised = new UnrecognisedTally();
  const headerErrors = mapping.missing.map(
    (field): RowError => ({
      line: opened.headerLine,
      column: field,
      value: '',
      reason: `required column missing (columns found: ${listColumns(headers) || 'none'})`,
    }),
  );
  const toleranceM = params.boundaryToleranceM ?? DEFAULT_BOUNDARY_TOLERANCE_M[params.kind];
  const tester = params.kind === 'boundary' ? null : createAreaTester(area.boundary, toleranceM);
  const sampled = await sampleItems(items, SWAP_SAMPLE_ROWS);
  const swap = swappedColumnsError(params.kind, mapping, sampled.sample, tester, opened.headerLine);
  if (swap) headerErrors.push(swap);
  const mode: ImportMode = params.dryRun ? 'dry-run' : params.partial ? 'partial' : 'all-or-nothing';

  const audit = (pass: RowPass, sha256: string) => ({
    areaId: area.id,
    kind: params.kind,
    format: opened.format,
    fileName: params.fileName,
    sha256,
    rowsTotal: pass.rowsTotal,
    rowsInserted: pass.inserted,
    rowsUpdated: pass.updated,
    rowsRejected: pass.rowsRejected,
    errorCount: pass.errorCount,
    // Codes and both languages, so the history reads in the reader's language.
    errors: pass.errors.slice(0, MAX_AUDITED_ERRORS).map(auditedRowError),
    warnings: [
      ...warnings.list(),
      ...unrecognised.list().map(unrecognisedWarning),
      ...(unrecognised.omitted ? [`${unrecognised.omitted} more unrecognised value(s) not listed`] : []),
    ]
      .slice(0, MAX_AUDITED_WARNINGS)
      .map(auditedWarning),
    mode,
    username: params.username,
  });
  let pass: RowPass;
  let importId: number;
  const sent = { rows: 0 };
  try {
    ({ pass, importId } = await db.transaction().execute(async (trx) => {
      // The id is taken first so that what the import changes is recorded under it (for its undo).
      const id = params.dryRun ? undefined : await nextImportId(trx);
      const p = await runRows(
        trx,
        params,
        area,
        mapping,
        tester,
        sampled.items,
        headerErrors,
        warnings,
        opened.bytesRead,
        sent,
        { values: values.resolved, unrecognised },
        id,
      );
      if (params.dryRun || !wasCommitted(mode, p.errorCount)) throw new Rollback(p);
      if (values.toRemember) await saveValueMappings(trx, area.id, params.kind, values.toRemember, params.username);
      return { pass: p, importId: await insertImportAudit(trx, audit(p, await opened.sha256()), id) };
    }));
  } catch (err) {
    // Housekeeping only: a failure here must not hide what happened to the import.
    if (sent.rows > 0) await reclaimRolledBackRows(db, params.kind).catch(() => {});
    if (!(err instanceof Rollback)) throw err;
    pass = err.pass;
    importId = await insertImportAudit(db, audit(pass, await opened.sha256()));
  }
  params.onProgress?.(pass.rowsTotal, opened.bytesRead());
  const unrecognisedValues = unrecognised.list();
  for (const u of unrecognisedValues) warnings.add(unrecognisedWarning(u));
  if (unrecognised.omitted) warnings.add(`${unrecognised.omitted} more unrecognised value(s) not listed`);
  const lang = params.lang ?? 'en';
  return {
    importId,
    areaId: area.id,
    kind: params.kind,
    format: opened.format,
    encoding: opened.encoding,
    fileName: params.fileName,
    sha256: await opened.sha256(),
    rowsTotal: pass.rowsTotal,
    rowsInserted: pass.inserted,
    rowsUpdated: pass.updated,
    rowsRejected: pass.rowsRejected,
    rowsSkipped: pass.rowsSkipped,
    ...(pass.sites ? { sites: pass.sites } : {}),
    errorCount: pass.errorCount,
    errors: pass.errors.map((e) => ({
      ...e,
      reason: shorten(localiseReason(e.reason, lang), MAX_MESSAGE_CHARS),
      code: rowErrorCode(e.reason),
    })),
    errorsOmitted: pass.errorCount - pass.errors.length,
    warnings: warnings.list().map((w) => localiseWarning(w, lang)),
    warningsOmitted: warnings.omitted,
    unrecognisedValues,
    lang,
    dryRun: !!params.dryRun,
    partial: !!params.partial,
    committed: !params.dryRun && wasCommitted(mode, pass.errorCount),
    durationMs: Date.now() - started,
  };
}

/** Validate every row and write the good ones in batches (stopping writes at the first error unless partial). */
async function runRows(
  trx: Kysely<Database>,
  params: ImportParams,
  area: Area,
  mapping: HeaderMapping,
  tester: AreaTester | null,
  items: AsyncIterable<OpenCellIdItem>,
  headerErrors: RowError[],
  warnings: WarningList,
  bytesRead: () => number,
  /** Rows sent to the database, known even when this throws. */
  sent: { rows: number },
  categories: { values: ResolvedValueMappings; unrecognised: UnrecognisedTally },
  /** The import's id, under which its changes are recorded for undo (absent in a dry run). */
  importId?: number,
): Promise<RowPass> {
  const pass: RowPass = { rowsTotal: 0, rowsRejected: 0, rowsSkipped: 0, errorCount: 0, errors: [], inserted: 0, updated: 0 };
  const addErrors = (errors: RowError[]) => {
    pass.errorCount += errors.length;
    for (const e of errors) if (pass.errors.length < MAX_REPORTED_ERRORS) pass.errors.push(shortenError(e));
  };
  addErrors(headerErrors);
  const crs = params.crs ?? 'wgs84';
  const precheck = polygonPrecheck(
    params.kind,
    params.cpu,
    crs,
    params.kind === 'boundary' || !tester ? null : { boundary: area.boundary, toleranceM: tester.toleranceM },
  );
  // Rows that may be placed by their address need the area's gazetteer (read in this transaction).
  const gazetteer = ADDRESS_LOCATABLE_KINDS.has(params.kind) && 'address' in mapping.fields ? await loadGazetteer(trx, area.id) : null;
  const validate = createRowValidator(params.kind, {
    columns: mapping.fields,
    crs,
    area: tester,
    checkedPolygons: precheck?.checked,
    values: categories.values,
    unrecognised: categories.unrecognised,
    defaults: params.defaultSource ? { source: params.defaultSource } : undefined,
    gazetteer,
  });
  // A source given for the file overwrites the source of reports already stored.
  const provided = new Set(Object.keys(mapping.fields));
  if (params.defaultSource) provided.add('source');
  const writer = await createRowWriter(trx, params.kind, area.id, provided, {
    dryRun: params.dryRun,
    recorder: importId === undefined ? undefined : createChangeRecorder(trx, params.kind, area.id, importId),
  });
  try {
    let writing = headerErrors.length === 0;
    const missing = new Set(mapping.missing);
    const skipped = new Map<string, number>();
    for await (const item of items) {
      // Parsing and validation run in promise jobs: give the event loop a turn now and then (other requests, health checks).
      if (pass.rowsTotal % ROWS_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      pass.rowsTotal++;
      if (params.onProgress && pass.rowsTotal % PROGRESS_EVERY_ROWS === 0) params.onProgress(pass.rowsTotal, bytesRead());
      if (item.type === 'skipped') {
        pass.rowsSkipped++;
        skipped.set(item.reason, (skipped.get(item.reason) ?? 0) + 1);
        continue;
      }
      if (precheck && item.type === 'record') await precheck.before(item.record);
      const outcome = item.type === 'error' ? { status: 'invalid' as const, errors: [item] satisfies RowError[] } : validate(item.record);
      if (outcome.status === 'skip') {
        pass.rowsSkipped++;
        warnings.add(outcome.warning);
      } else if (outcome.status === 'invalid') {
        pass.rowsRejected++;
        // A missing column is reported once at the header, not again on every row.
        const rowErrors = outcome.errors.filter((e) => !(missing.has(e.column) && e.reason === 'required'));
        addErrors(rowErrors.map(({ line, column, value, reason }) => ({ line, column, value, reason })));
        if (!params.partial && writing) {
          // Nothing of this file will be committed: stop writing (the rest is only validated).
          writing = false;
          await writer.close();
        }
      } else {
        if (outcome.warning) warnings.add(outcome.warning);
        if (writing) await writer.add(outcome.value as ImportRow);
      }
    }
    if (headerErrors.length > 0 && pass.rowsTotal > 0 && pass.rowsRejected < pass.rowsTotal - pass.rowsSkipped) {
      // Rows that passed row checks are still not imported when the header itself is wrong.
      pass.rowsRejected = pass.rowsTotal - pass.rowsSkipped;
    }
    for (const [reason, count] of skipped) warnings.add(`${count} row(s) skipped: ${reason}`);
    if (writing) {
      const counts = await writer.finish();
      Object.assign(pass, { inserted: counts.inserted, updated: counts.updated }, counts.sites ? { sites: counts.sites } : {});
    }
  } finally {
    // Never leave a batch running when the transaction ends (a file unreadable half-way throws here).
    await writer.close();
    sent.rows = writer.rowsSent();
  }
  return pass;
}

/**
 * The value mappings of this import: those remembered for the area and kind with the given ones over
 * them, resolved against the file's columns. A given entry that names a column that is not
 * categorical, or a category that does not exist, is a BadRequestError naming it; a remembered entry
 * that does not fit this file is left out. `toRemember` is what to store once the import commits.
 */
async function prepareValueMappings(
  db: Kysely<Database>,
  areaId: number,
  params: ImportParams,
  mapping: HeaderMapping,
  warnings: WarningList,
): Promise<{ resolved: ResolvedValueMappings; toRemember: ValueMappingFile | null }> {
  const given = params.values ?? {};
  const hasGiven = Object.keys(given).length > 0;
  const stored = params.kind === 'reports' ? await getValueMappings(db, areaId, params.kind) : {};
  const fieldOf = (column: string): string | null => {
    const inFile =
      mapping.columns.find((c) => c.header === column) ?? mapping.columns.find((c) => normaliseKey(c.header) === normaliseKey(column));
    if (inFile) return inFile.field;
    return mapHeaders([column], params.kind).columns[0]?.field ?? null;
  };
  const fromGiven = resolveValueMappings(given, fieldOf);
  if (fromGiven.problems.length) {
    const where = params.valuesOrigin ?? 'values';
    throw new BadRequestError(
      `${where}: ${fromGiven.problems.map((p) => (p.path ? `"${p.path}": ${p.message}` : p.message)).join('; ')}`,
      fromGiven.problems.map((p) => ({ field: `${where}${p.path ? `/${p.path}` : ''}`, message: p.message, value: p.value })),
    );
  }
  for (const column of fromGiven.unused) warnings.add(`value mapping for column "${column}": no such column in the file`);
  const fromStored = resolveValueMappings(stored, fieldOf);
  const resolved: ResolvedValueMappings = {};
  let storedEntries = 0;
  for (const source of [fromStored.resolved, fromGiven.resolved]) {
    for (const [field, map] of Object.entries(source) as Array<[keyof ResolvedValueMappings, Map<string, string>]>) {
      const into = (resolved[field] ??= new Map());
      for (const [from, to] of map) into.set(from, to);
      if (source === fromStored.resolved) storedEntries += map.size;
    }
  }
  if (storedEntries > 0) warnings.add(`applied ${storedEntries} value mapping(s) remembered for ${params.kind} in this area`);
  return { resolved, toRemember: hasGiven ? mergeValueMappings(stored, given) : null };
}

/** The records as items; OpenCelliD rows are turned into `cells` rows, filtered and restricted to the area. */
export function rowItems(
  opened: OpenedSource,
  params: Omit<ImportParams, 'source' | 'fileName' | 'username' | 'areaId'>,
  area: Area,
  warnings: { add(warning: string): void },
): { headers: string[]; items: AsyncIterable<OpenCellIdItem> } {
  if (opened.format !== 'opencellid') {
    return {
      headers: opened.headers,
      items: (async function* () {
        for await (const record of opened.records) yield { type: 'record' as const, record };
      })(),
    };
  }
  if (params.kind !== 'cells')
    throw new FormatError('unsupported-format', `an OpenCelliD cell_towers file imports as kind "cells", not "${params.kind}"`);
  if (params.mapping && Object.keys(params.mapping).length) warnings.add('the column mapping is ignored for OpenCelliD files');
  warnings.add(OPENCELLID_NOTE);
  const list = <T>(v: T | T[] | undefined): T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
  const settings = (area.storedSettings as Record<string, unknown>).opencellidDefaults as Partial<OpenCellIdDefaults> | undefined;
  const cells = openCellIdToCells(opened.records, {
    mcc: list(params.mcc),
    mnc: list(params.mnc),
    radio: list(params.radio),
    defaults: { ...(settings && typeof settings === 'object' ? settings : {}), ...params.openCellIdDefaults },
  });
  const tolerance = params.boundaryToleranceM ?? DEFAULT_BOUNDARY_TOLERANCE_M.cells;
  const tester = createAreaTester(area.boundary, tolerance);
  const crs = params.crs ?? 'wgs84';
  return {
    headers: [...CANONICAL_FIELDS.cells],
    items: (async function* () {
      for await (const item of cells) {
        if (item.type === 'record' && crs === 'wgs84') {
          const lon = Number(item.record.fields.lon);
          const lat = Number(item.record.fields.lat);
          if (Number.isFinite(lon) && Number.isFinite(lat) && !tester.containsPoint(lon, lat)) {
            yield { type: 'skipped' as const, line: item.record.line, reason: `tower more than ${tolerance} m outside the area` };
            continue;
          }
        }
        yield item;
      }
    })(),
  };
}

/** The first `n` items, and all items again (the sample followed by the rest), reading the source once. */
async function sampleItems<T>(items: AsyncIterable<T>, n: number): Promise<{ sample: T[]; items: AsyncIterable<T> }> {
  const iterator = items[Symbol.asyncIterator]();
  const sample: T[] = [];
  let done = false;
  while (sample.length < n) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    sample.push(next.value);
  }
  return {
    sample,
    items: (async function* () {
      yield* sample;
      if (done) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    })(),
  };
}

/** A header-level error when the lon/lat columns of the sampled rows look exchanged. */
function swappedColumnsError(
  kind: ImportKind,
  mapping: HeaderMapping,
  sample: OpenCellIdItem[],
  tester: AreaTester | null,
  headerLine: number,
): RowError | null {
  const lonColumn = mapping.fields.lon;
  const latColumn = mapping.fields.lat;
  if (GEOMETRY_KINDS.has(kind) || lonColumn === undefined || latColumn === undefined) return null;
  const points: Array<[number, number]> = [];
  for (const item of sample) {
    if (item.type !== 'record') continue;
    try {
      points.push([parseCoordinate(item.record.fields[lonColumn] ?? '').value, parseCoordinate(item.record.fields[latColumn] ?? '').value]);
    } catch {
      // unreadable coordinates are reported per row
    }
  }
  const check = detectSwappedLonLat(points, tester?.bbox);
  if (!check.swapped) return null;
  return {
    line: headerLine,
    column: `${lonColumn},${latColumn}`,
    value: '',
    reason:
      `columns "${lonColumn}" (longitude) and "${latColumn}" (latitude) look swapped: ${check.reason}; ` +
      `fix the header or map them with {"${lonColumn}": "lat", "${latColumn}": "lon"}`,
  };
}

/** Warnings in order, at most `max` listed (each shortened to MAX_MESSAGE_CHARS), then a count of the rest. */
export class WarningList {
  private readonly items: string[] = [];
  /** Warnings added but not listed. */
  omitted = 0;
  constructor(private readonly max: number) {}
  add(warning: string): void {
    if (this.items.length < this.max) this.items.push(shorten(warning, MAX_MESSAGE_CHARS));
    else this.omitted++;
  }
  list(): string[] {
    return this.omitted ? [...this.items, `… and ${this.omitted} more warning(s)`] : [...this.items];
  }
}

/** `text` cut to `max` characters, ending in "…" when cut. */
export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** An error as a report lists it: its value, column and reason of bounded length. */
function shortenError(e: RowError): RowError {
  return {
    line: e.line,
    column: shorten(e.column, MAX_QUOTED_CHARS),
    value: shorten(e.value, MAX_QUOTED_CHARS),
    reason: shorten(e.reason, MAX_MESSAGE_CHARS),
  };
}
