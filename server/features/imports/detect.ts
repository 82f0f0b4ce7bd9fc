import type { Kysely } from 'kysely';
import type { DetectedValue, ImportDetection, PreviewRow } from '../../contract/imports.ts';
import type { SourceInput } from '../../core/formats/byte-input.ts';
import { SOURCE_CRS, type SourceCrs } from '../../core/formats/crs.ts';
import { LimitExceededError } from '../../core/formats/errors.ts';
import { mapHeaders, type HeaderMappingFile } from '../../core/formats/headers.ts';
import { CANONICAL_FIELDS, GEOMETRY_KINDS, IMPORT_KINDS, REQUIRED_FIELDS, type ImportKind } from '../../core/formats/kinds.ts';
import type { ImportLimits } from '../../core/formats/limits.ts';
import { openSource } from '../../core/formats/source.ts';
import { SOURCE_FORMATS, type SourceFormat } from '../../core/formats/source-types.ts';
import type { TextEncodingOption } from '../../core/formats/text-decoding.ts';
import { createAreaTester } from '../../core/import/area-tester.ts';
import { guessCrs, guessImportKind } from '../../core/import/guess.ts';
import type { RowError } from '../../core/import/types.ts';
import { createRowValidator } from '../../core/import/validator.ts';
import { CATEGORY_FIELDS } from '../../core/import/category-rules.ts';
import { UnrecognisedTally } from '../../core/import/value-mappings.ts';
import type { OpenCellIdItem } from '../../core/formats/opencellid.ts';
import type { Database } from '../../db/types.ts';
import { requireArea } from '../areas/service.ts';
import { importLimitError } from './limits.ts';
import { DEFAULT_BOUNDARY_TOLERANCE_M, rowItems, shorten, WarningList, MAX_QUOTED_CHARS, MAX_MESSAGE_CHARS } from './service.ts';

/** Rows shown in the preview. */
export const PREVIEW_ROWS = 20;
/** Rows read from the top of the file to detect and to count unrecognised values. */
export const DETECT_SAMPLE_ROWS = 2000;
/** Unrecognised values listed at most. */
const MAX_UNRECOGNISED = 200;
/** A validator's reason for a categorical value it does not know; its list of known values follows. */
const UNKNOWN_VALUE = /^unknown value; expected one of (.*)$/;

export interface DetectParams {
  areaId: number;
  source: SourceInput;
  fileName: string;
  kind?: ImportKind;
  format?: SourceFormat;
  encoding?: TextEncodingOption;
  crs?: SourceCrs;
  mapping?: HeaderMappingFile;
  sheet?: string;
  headerRow?: number;
  mcc?: number[];
  mnc?: number[];
  radio?: string[];
  boundaryToleranceM?: number;
  limits?: Partial<ImportLimits>;
}

/**
 * What an import of the file would see, from the top of it: the format, encoding and header row it
 * was read with, the kind (given, or guessed from the columns), the CRS (given, or guessed from the
 * names), the column → field mapping, the first rows with their WGS84 positions and errors, and the
 * categorical values of the sample no field recognises, with their counts and the values they could
 * be mapped to. Reads at most DETECT_SAMPLE_ROWS rows and writes nothing.
 */
export async function detectImport(db: Kysely<Database>, params: DetectParams): Promise<ImportDetection> {
  try {
    return await detect(db, params);
  } catch (err) {
    if (err instanceof LimitExceededError) throw importLimitError(err, params.fileName);
    throw err;
  }
}

async function detect(db: Kysely<Database>, params: DetectParams): Promise<ImportDetection> {
  const area = await requireArea(db, params.areaId);
  const opened = await openSource(params.source, {
    fileName: params.fileName,
    format: params.format,
    encoding: params.encoding,
    sheet: params.sheet,
    headerRow: params.headerRow,
    limits: params.limits,
  });
  const warnings = new WarningList(50);
  opened.warnings.forEach((w) => warnings.add(w));
  const opencellid = opened.format === 'opencellid';
  // The sample is read before the kind is known: OpenCelliD files are always cells.
  const provisional: ImportKind = opencellid ? 'cells' : (params.kind ?? 'reports');
  const { headers, items } = rowItems(opened, { ...params, kind: provisional }, area, warnings);
  const sample: OpenCellIdItem[] = [];
  const iterator = items[Symbol.asyncIterator]();
  try {
    while (sample.length < DETECT_SAMPLE_ROWS) {
      const next = await iterator.next();
      if (next.done) break;
      sample.push(next.value);
    }
  } finally {
    await iterator.return?.();
  }
  const geometries = sample.flatMap((i) => (i.type === 'record' && i.record.geometry ? [i.record.geometry] : []));
  const hasGeometry = opened.format === 'geojson' || opened.format === 'kml' || opened.format === 'kmz';
  const polygons = geometries.length > 0 && geometries.every((g) => g.type === 'Polygon' || g.type === 'MultiPolygon');
  const kindGuessed = !params.kind && !opencellid;
  const kind: ImportKind = opencellid ? 'cells' : (params.kind ?? guessImportKind(headers, { hasGeometry, polygons }));
  const mapping = mapHeaders(headers, kind, opencellid ? undefined : params.mapping, { hasGeometry });
  mapping.warnings.forEach((w) => warnings.add(w));
  const crsGuess = params.crs ? { crs: params.crs, basis: 'given' as const } : guessCrs(params.fileName, headers);
  const toleranceM = params.boundaryToleranceM ?? DEFAULT_BOUNDARY_TOLERANCE_M[kind];
  const tester = kind === 'boundary' ? null : createAreaTester(area.boundary, toleranceM);
  // Values no rule knows are not errors: the validator counts them here, as the import reports them.
  const tally = new UnrecognisedTally(MAX_UNRECOGNISED);
  const validate = createRowValidator(kind, { columns: mapping.fields, crs: crsGuess.crs, area: tester, unrecognised: tally });
  const missing = new Set(mapping.missing);
  const fieldOfColumn = new Map(Object.entries(mapping.fields).map(([field, column]) => [column, field]));
  const preview: PreviewRow[] = [];
  const unrecognised = new Map<string, DetectedValue>();
  let sampleRows = 0;
  let withErrors = 0;
  for (const item of sample) {
    if (item.type === 'skipped') continue;
    sampleRows++;
    const outcome = item.type === 'error' ? { status: 'invalid' as const, errors: [item] } : validate(item.record);
    const errors: RowError[] =
      outcome.status === 'invalid'
        ? outcome.errors
            .filter((e) => !(missing.has(e.column) && e.reason === 'required'))
            .map((e) => ({
              line: e.line,
              column: shorten(e.column, MAX_QUOTED_CHARS),
              value: shorten(e.value, MAX_QUOTED_CHARS),
              reason: shorten(e.reason, MAX_MESSAGE_CHARS),
            }))
        : [];
    if (errors.length) withErrors++;
    for (const e of errors) {
      const known = UNKNOWN_VALUE.exec(e.reason);
      const field = fieldOfColumn.get(e.column);
      if (!known || !field) continue;
      const key = `${e.column}\u0000${e.value}`;
      const entry = unrecognised.get(key);
      if (entry) entry.count++;
      else if (unrecognised.size < MAX_UNRECOGNISED)
        unrecognised.set(key, { column: e.column, field, value: e.value, count: 1, choices: known[1].split(', ').filter(Boolean) });
    }
    if (preview.length < PREVIEW_ROWS) {
      const line = item.type === 'error' ? item.line : item.record.line;
      const values = item.type === 'record' ? item.record.fields : {};
      preview.push({ line, values, position: outcome.status === 'ok' ? positionOf(outcome.value) : null, errors });
    }
  }
  return {
    kind,
    kindGuessed,
    kinds: IMPORT_KINDS.map((k) => ({ kind: k, fields: [...CANONICAL_FIELDS[k]], required: [...REQUIRED_FIELDS[k]] })),
    format: opened.format,
    formats: [...SOURCE_FORMATS],
    encoding: opened.encoding,
    crs: crsGuess.crs,
    crsBasis: crsGuess.basis,
    crsList: [...SOURCE_CRS],
    headerLine: opened.headerLine,
    columns: mapping.columns.map((c) => ({ header: c.header, field: c.field, by: c.by })),
    missing: mapping.missing.filter((f) => !(GEOMETRY_KINDS.has(kind) && (f === 'lon' || f === 'lat'))),
    warnings: warnings.list(),
    preview,
    sampleRows,
    sampleRowsWithErrors: withErrors,
    unrecognised: [
      ...tally.list().map((u) => ({
        column: u.column,
        field: u.field,
        value: u.value,
        count: u.count,
        choices: [...CATEGORY_FIELDS[u.field].values] as string[],
      })),
      ...unrecognised.values(),
    ].sort((a, b) => b.count - a.count || a.column.localeCompare(b.column)),
  };
}

/** A validated row's position: its lon/lat, or its polygon's bounding box centre. */
function positionOf(value: unknown): [number, number] | null {
  const v = value as { lon?: unknown; lat?: unknown; bbox?: unknown };
  if (typeof v.lon === 'number' && typeof v.lat === 'number') return [v.lon, v.lat];
  if (Array.isArray(v.bbox) && v.bbox.length === 4) {
    const [w, s, e, n] = v.bbox as number[];
    return [(w + e) / 2, (s + n) / 2];
  }
  return null;
}
