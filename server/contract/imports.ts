import { Type, type Static } from 'typebox';
import { IMPORT_KINDS } from '../core/formats/kinds.ts';
import { SOURCE_CRS, SOURCE_FORMATS } from '../core/formats/source-names.ts';
import { ErrorResponse } from './shared.ts';

/**
 * File imports: `/api/v1/areas/:areaId/imports` (reports, the history with undo, the detection
 * preview) and `/api/v1/areas/:areaId/import-jobs` (imports in the background).
 */

export const ImportKind = Type.Enum([...IMPORT_KINDS]);
export type ImportKind = Static<typeof ImportKind>;

/** One problem of one row; `line` is the spreadsheet row (header = 1) or feature number. */
export const RowError = Type.Object({
  line: Type.Integer({ minimum: 0 }),
  column: Type.String({ description: 'the file\'s own column name, or "geometry"' }),
  value: Type.String(),
  reason: Type.String(),
});
export type RowError = Static<typeof RowError>;

/** A row error of a report: with a stable machine code; the reason is in the report's language. */
export const ReportedRowError = Type.Object({
  line: Type.Integer({ minimum: 0 }),
  column: Type.String({ description: 'the file\'s own column name, or "geometry"' }),
  value: Type.String(),
  reason: Type.String({ description: "in the report's language (lang)" }),
  code: Type.String({ description: 'stable machine code: required, not-a-date, outside-area, duplicate… (invalid when none fits)' }),
});

/** A value of a categorical column that was not recognised (the rows were imported with `assigned`). */
export const UnrecognisedValue = Type.Object({
  column: Type.String(),
  field: Type.Enum(['kind', 'technology', 'source', 'customer_tier', 'status']),
  value: Type.String(),
  count: Type.Integer({ minimum: 1 }),
  firstLine: Type.Integer({ minimum: 0 }),
  assigned: Type.String(),
});

const Counts = Type.Object({ inserted: Type.Integer(), updated: Type.Integer() });

export const ImportReport = Type.Object(
  {
    importId: Type.Integer({ description: 'id of the audit record' }),
    areaId: Type.Integer(),
    kind: ImportKind,
    format: Type.Enum([...SOURCE_FORMATS]),
    encoding: Type.Enum(['utf8', 'gbk']),
    fileName: Type.String(),
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    rowsTotal: Type.Integer(),
    rowsInserted: Type.Integer({ description: 'in a dry run: that would be inserted' }),
    rowsUpdated: Type.Integer(),
    rowsRejected: Type.Integer(),
    rowsSkipped: Type.Integer({ description: 'repeated rows without id, OpenCelliD rows outside the filters or the area' }),
    sites: Type.Optional(Counts),
    errorCount: Type.Integer({ description: 'all errors; `errors` lists the first 1000' }),
    errors: Type.Array(ReportedRowError, {
      description: 'the first 1000 errors; values and columns cut to 200 characters, reasons to 500',
    }),
    errorsOmitted: Type.Integer({ minimum: 0, description: 'errors counted but not listed' }),
    warnings: Type.Array(Type.String(), {
      description: 'the first 100 warnings (each cut to 500 characters), then a line counting the rest',
    }),
    warningsOmitted: Type.Integer({ minimum: 0, description: 'warnings not listed' }),
    unrecognisedValues: Type.Array(UnrecognisedValue, {
      description: 'values of categorical columns no mapping, spelling or rule knew (imported with the default), with counts',
    }),
    lang: Type.Enum(['en', 'zh'], { description: 'language of reasons and warnings (the lang field, else Accept-Language)' }),
    dryRun: Type.Boolean(),
    partial: Type.Boolean(),
    committed: Type.Boolean({ description: 'true when rows were written' }),
    durationMs: Type.Integer(),
  },
  { title: 'ImportReport' },
);
export type ImportReport = Static<typeof ImportReport>;

/** The multipart form of an upload (documented; parsed in the route because it is multipart). */
export const ImportForm = Type.Object({
  kind: ImportKind,
  format: Type.Optional(Type.Enum([...SOURCE_FORMATS])),
  encoding: Type.Optional(Type.Enum(['auto', 'utf8', 'gbk'])),
  crs: Type.Optional(Type.Enum([...SOURCE_CRS])),
  dryRun: Type.Optional(Type.Boolean()),
  partial: Type.Optional(Type.Boolean()),
  mapping: Type.Optional(Type.String({ description: 'JSON object { "<column>": "<field>" | null }' })),
  values: Type.Optional(
    Type.String({
      description:
        'JSON object {"<column>": {"<value>": "<category>"}} for categorical values; remembered for the area and kind once imported',
    }),
  ),
  source: Type.Optional(
    Type.String({ description: 'source of reports when the file has no source column (callback, complaint, 投诉…; default unknown)' }),
  ),
  lang: Type.Optional(Type.Enum(['en', 'zh'], { description: 'language of the answer; default from Accept-Language, else en' })),
  sheet: Type.Optional(Type.String()),
  headerRow: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 1000, description: 'row number of the header (default: after title rows)' }),
  ),
  mcc: Type.Optional(Type.String({ description: 'comma-separated, e.g. 460' })),
  mnc: Type.Optional(Type.String({ description: 'comma-separated, e.g. 1,3' })),
  radio: Type.Optional(Type.String({ description: 'comma-separated, e.g. GSM,CDMA' })),
  boundaryToleranceM: Type.Optional(Type.Number({ minimum: 0, maximum: 100000 })),
  file: Type.String({ format: 'binary' }),
});
export type ImportForm = Static<typeof ImportForm>;

export const ImportAudit = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  format: Type.String(),
  fileName: Type.String(),
  sha256: Type.String(),
  rowsTotal: Type.Integer(),
  rowsInserted: Type.Integer(),
  rowsUpdated: Type.Integer(),
  rowsRejected: Type.Integer(),
  errorCount: Type.Integer({ description: 'all errors; `errors` keeps the first 100' }),
  mode: Type.Enum(['all-or-nothing', 'partial', 'dry-run']),
  committed: Type.Boolean(),
  username: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  undoneAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  undoneBy: Type.Union([Type.String(), Type.Null()]),
  undoable: Type.Boolean({ description: 'committed, not undone, and its changes were recorded' }),
  warnings: Type.Array(Type.String(), { description: "the import's warnings (the first 100), in the answer's language (lang)" }),
  errors: Type.Optional(Type.Array(ReportedRowError, { description: "the first 100 row errors, in the answer's language (lang)" })),
});
export type ImportAudit = Static<typeof ImportAudit>;

export const ImportAuditList = Type.Object({ items: Type.Array(ImportAudit), total: Type.Integer() });
export type ImportAuditList = Static<typeof ImportAuditList>;

const AnswerLang = Type.Optional(
  Type.Enum(['en', 'zh'], { description: 'language of the recorded errors and warnings; default from Accept-Language, else en' }),
);

export const ImportListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000000 })),
  lang: AnswerLang,
});
export type ImportListQuery = Static<typeof ImportListQuery>;

export const ImportAuditQuery = Type.Object({ lang: AnswerLang });
export type ImportAuditQuery = Static<typeof ImportAuditQuery>;

export const ImportItemParams = Type.Object({
  areaId: Type.String({ minLength: 1, maxLength: 64, description: 'area id or code' }),
  importId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
});
export type ImportItemParams = Static<typeof ImportItemParams>;

/** 422 carries the report (bad rows, nothing written) or, for other unprocessable input, an error. */
export const Unprocessable = Type.Union([ImportReport, ErrorResponse]);
export type Unprocessable = Static<typeof Unprocessable>;

export const ImportUndoResult = Type.Object({
  importId: Type.Integer(),
  deleted: Type.Integer({ description: 'rows the import had inserted, now deleted' }),
  restored: Type.Integer({ description: 'rows the import had updated, now as they were before it' }),
  undoneAt: Type.String({ format: 'date-time' }),
  undoneBy: Type.String(),
});
export type ImportUndoResult = Static<typeof ImportUndoResult>;

/** A field of an import kind, for the column mapping of the import screen. */
export const ImportKindFields = Type.Object({
  kind: Type.String(),
  fields: Type.Array(Type.String(), { description: 'canonical fields, in the order of the canonical CSV' }),
  required: Type.Array(Type.String()),
});
export type ImportKindFields = Static<typeof ImportKindFields>;

export const DetectedColumn = Type.Object({
  header: Type.String({ description: "the file's column name" }),
  field: Type.Union([Type.String(), Type.Null()], { description: 'the canonical field it maps to, or null (ignored)' }),
  by: Type.Enum(['mapping', 'alias', 'none'], { description: 'mapped by the given mapping, recognised by name, or not at all' }),
});

export const PreviewRow = Type.Object({
  line: Type.Integer(),
  values: Type.Record(Type.String(), Type.String(), { description: "the row's values by the file's column names" }),
  position: Type.Union([Type.Tuple([Type.Number(), Type.Number()]), Type.Null()], {
    description: 'WGS84 [lon, lat] after CRS conversion (a polygon: its bounding box centre); null when unreadable',
  }),
  errors: Type.Array(RowError),
});
export type PreviewRow = Static<typeof PreviewRow>;

export const DetectedValue = Type.Object({
  column: Type.String({ description: "the file's column" }),
  field: Type.String({ description: 'the canonical field of the column' }),
  value: Type.String(),
  count: Type.Integer({ description: 'rows of the sample with this value' }),
  choices: Type.Array(Type.String(), { description: 'the values the field takes' }),
});
export type DetectedValue = Static<typeof DetectedValue>;

export const ImportDetection = Type.Object(
  {
    kind: Type.String(),
    kindGuessed: Type.Boolean({ description: 'true when the kind was guessed from the columns (not given)' }),
    kinds: Type.Array(ImportKindFields, { description: 'every import kind with its fields' }),
    format: Type.String(),
    formats: Type.Array(Type.String()),
    encoding: Type.Enum(['utf8', 'gbk']),
    crs: Type.String(),
    crsBasis: Type.Enum(['given', 'name', 'default']),
    crsList: Type.Array(Type.String()),
    headerLine: Type.Integer({ description: 'row of the header (CSV/XLSX, after title rows); 0 for GeoJSON/KML' }),
    columns: Type.Array(DetectedColumn),
    missing: Type.Array(Type.String(), { description: 'required fields no column maps to' }),
    warnings: Type.Array(Type.String()),
    preview: Type.Array(PreviewRow, { description: 'the first rows, with their positions and errors' }),
    sampleRows: Type.Integer({ description: 'rows read for the detection (the top of the file)' }),
    sampleRowsWithErrors: Type.Integer(),
    unrecognised: Type.Array(DetectedValue, { description: 'categorical values not recognised in the sample, with counts' }),
  },
  { title: 'ImportDetection' },
);
export type ImportDetection = Static<typeof ImportDetection>;

export const ImportJobParams = Type.Object({
  areaId: Type.String({ minLength: 1, maxLength: 64, description: 'area id or code' }),
  jobId: Type.String({ format: 'uuid' }),
});

export const ImportJob = Type.Object(
  {
    id: Type.String(),
    state: Type.Enum(['running', 'done', 'failed']),
    fileName: Type.String(),
    rowsRead: Type.Integer(),
    bytesRead: Type.Integer(),
    bytesTotal: Type.Integer(),
    startedAt: Type.String({ format: 'date-time' }),
    finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    report: Type.Union([ImportReport, Type.Null()], { description: 'once done' }),
    reportStatus: Type.Union([Type.Integer(), Type.Null()], {
      description: 'what the synchronous route would have answered: 200 written or dry run, 422 refused',
    }),
    error: Type.Union(
      [
        Type.Object({
          statusCode: Type.Integer(),
          error: Type.String(),
          message: Type.String(),
          details: Type.Array(Type.Unknown()),
        }),
        Type.Null(),
      ],
      { description: 'when failed: the error the synchronous route would have answered' },
    ),
  },
  { title: 'ImportJob' },
);
export type ImportJob = Static<typeof ImportJob>;
