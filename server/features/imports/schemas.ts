import { Type } from 'typebox';
import { SOURCE_CRS } from '../../core/formats/crs.ts';
import { IMPORT_KINDS } from '../../core/formats/kinds.ts';
import { SOURCE_FORMATS } from '../../core/formats/source-types.ts';
import { ErrorResponse } from '../shared/schemas.ts';

export const ImportKind = Type.Enum([...IMPORT_KINDS]);

export {
  ImportAudit,
  ImportAuditList,
  ImportItemParams,
  ImportListQuery,
  ImportReport,
  RowError,
} from '../../contract/imports.ts';
import { ImportReport } from '../../contract/imports.ts';

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
  headerRow: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 1000, description: 'row number of the header (default: after title rows)' }),
  ),
  mcc: Type.Optional(Type.String({ description: 'comma-separated, e.g. 460' })),
  mnc: Type.Optional(Type.String({ description: 'comma-separated, e.g. 1,3' })),
  radio: Type.Optional(Type.String({ description: 'comma-separated, e.g. GSM,CDMA' })),
  boundaryToleranceM: Type.Optional(Type.Number({ minimum: 0, maximum: 100000 })),
  file: Type.String({ format: 'binary' }),
});

/** 422 carries the report (bad rows, nothing written) or, for other unprocessable input, an error. */
export const Unprocessable = Type.Union([ImportReport, ErrorResponse]);
