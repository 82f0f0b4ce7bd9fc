import { Type, type Static } from 'typebox';
import { IMPORT_KINDS } from '../core/formats/kinds.ts';
import { SOURCE_CRS, SOURCE_FORMATS } from '../core/formats/source-names.ts';
import { ErrorResponse } from './shared.ts';

/** File imports: `/api/v1/areas/:areaId/imports`. */

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
    errors: Type.Array(RowError, { description: 'the first 1000 errors; values and columns cut to 200 characters, reasons to 500' }),
    errorsOmitted: Type.Integer({ minimum: 0, description: 'errors counted but not listed' }),
    warnings: Type.Array(Type.String(), {
      description: 'the first 100 warnings (each cut to 500 characters), then a line counting the rest',
    }),
    warningsOmitted: Type.Integer({ minimum: 0, description: 'warnings not listed' }),
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
  sheet: Type.Optional(Type.String()),
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
  errors: Type.Optional(Type.Array(RowError)),
});
export type ImportAudit = Static<typeof ImportAudit>;

export const ImportAuditList = Type.Object({ items: Type.Array(ImportAudit), total: Type.Integer() });
export type ImportAuditList = Static<typeof ImportAuditList>;

export const ImportListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000000 })),
});
export type ImportListQuery = Static<typeof ImportListQuery>;

export const ImportItemParams = Type.Object({
  areaId: Type.String({ minLength: 1, maxLength: 64, description: 'area id or code' }),
  importId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
});
export type ImportItemParams = Static<typeof ImportItemParams>;

/** 422 carries the report (bad rows, nothing written) or, for other unprocessable input, an error. */
export const Unprocessable = Type.Union([ImportReport, ErrorResponse]);
export type Unprocessable = Static<typeof Unprocessable>;
