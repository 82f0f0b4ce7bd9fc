import { parseCrs, type SourceCrs } from '../../core/formats/crs.ts';
import { isImportKind, IMPORT_KINDS, type ImportKind } from '../../core/formats/kinds.ts';
import type { HeaderMappingFile } from '../../core/formats/headers.ts';
import { SOURCE_FORMATS, type SourceFormat } from '../../core/formats/source-types.ts';
import type { TextEncodingOption } from '../../core/formats/text-decoding.ts';
import { BadRequestError } from '../../errors.ts';
import { categoryTarget } from '../../core/import/category-rules.ts';
import { parseImportLang, type ImportLang } from '../../core/import/messages.ts';
import { checkValueMappingShape, type ValueMappingFile } from '../../core/import/value-mappings.ts';
import { REPORT_SOURCES, type ReportSource } from '../../core/model.ts';

/** What an upload form or the command line says about a file, before it is opened. */
export interface ImportOptions {
  kind: ImportKind;
  format?: SourceFormat;
  encoding?: TextEncodingOption;
  crs?: SourceCrs;
  mapping?: HeaderMappingFile;
  sheet?: string;
  /** Row number of the header row (CSV, XLSX); default: found after any title rows. */
  headerRow?: number;
  mcc?: number[];
  mnc?: number[];
  radio?: string[];
  boundaryToleranceM?: number;
  dryRun?: boolean;
  partial?: boolean;
  /** Value mappings of categorical columns ({"<column>": {"<value>": "<category>"}}). */
  values?: ValueMappingFile;
  /** Source of reports when the file has none (`source`, `--source`). */
  defaultSource?: ReportSource;
  lang?: ImportLang;
  /** How `values` is named in errors. */
  valuesOrigin?: string;
}

const ENCODINGS: readonly TextEncodingOption[] = ['auto', 'utf8', 'gbk'];
const MAX_TOLERANCE_M = 100_000;
/** The header row is looked for among the first rows only. */
const MAX_HEADER_ROW = 1000;

/**
 * Parse import options given as text (multipart fields, CLI flags). Throws BadRequestError naming
 * the field (prefixed by `where`, e.g. "/body/" or "--") and quoting the bad value.
 */
export function parseImportOptions(input: Record<string, string | undefined>, where = '/body/'): ImportOptions {
  const bad = (field: string, message: string): never => {
    const value = input[field];
    throw new BadRequestError(`${where}${field}: ${message}${value === undefined ? '' : ` (got ${JSON.stringify(value.slice(0, 80))})`}`, [
      { field: `${where}${field}`, message, value },
    ]);
  };
  const text = (field: string) => {
    const v = input[field]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const kind = text('kind');
  if (!kind) bad('kind', `required: one of ${IMPORT_KINDS.join(', ')}`);
  if (!isImportKind(kind!)) bad('kind', `must be one of ${IMPORT_KINDS.join(', ')}`);
  const options: ImportOptions = { kind: kind as ImportKind };
  const format = text('format');
  if (format !== undefined) {
    if (!(SOURCE_FORMATS as readonly string[]).includes(format)) bad('format', `must be one of ${SOURCE_FORMATS.join(', ')}`);
    options.format = format as SourceFormat;
  }
  const encoding = text('encoding');
  if (encoding !== undefined) {
    const e = encoding.toLowerCase().replace(/[-_]/g, '');
    const normalised = e === 'gb2312' || e === 'gb18030' || e === 'cp936' ? 'gbk' : e;
    if (!(ENCODINGS as readonly string[]).includes(normalised)) bad('encoding', 'must be auto, utf8 or gbk');
    options.encoding = normalised as TextEncodingOption;
  }
  const crs = text('crs');
  if (crs !== undefined) options.crs = parseCrs(crs) ?? bad('crs', 'must be wgs84, gcj02 or bd09');
  const mapping = text('mapping');
  if (mapping !== undefined)
    options.mapping = parseMapping(mapping, () => bad('mapping', 'must be a JSON object {"<column>": "<field>" | null}'));
  const values = text('values');
  if (values !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(values.replace(/^\uFEFF/, ''));
    } catch {
      bad('values', 'must be a JSON object {"<column>": {"<value>": "<category>"}}');
    }
    const problems = checkValueMappingShape(parsed);
    if (problems.length) {
      throw new BadRequestError(
        `${where}values: ${problems.map((p) => (p.path ? `"${p.path}": ${p.message}` : p.message)).join('; ')}`,
        problems.map((p) => ({ field: `${where}values${p.path ? `/${p.path}` : ''}`, message: p.message, value: p.value })),
      );
    }
    options.values = parsed as ValueMappingFile;
    options.valuesOrigin = `${where}values`;
  }
  const source = text('source');
  if (source !== undefined) {
    options.defaultSource =
      categoryTarget('source', source) ?? bad('source', `must be one of ${REPORT_SOURCES.join(', ')} (or 投诉, 回访, 问卷…)`);
  }
  const lang = text('lang');
  if (lang !== undefined) options.lang = parseImportLang(lang) ?? bad('lang', 'must be zh or en');
  const sheet = text('sheet');
  if (sheet !== undefined) options.sheet = sheet;
  const headerRow = text('headerRow');
  if (headerRow !== undefined) {
    const row = Number(headerRow);
    if (!Number.isInteger(row) || row < 1 || row > MAX_HEADER_ROW) bad('headerRow', `must be a row number within 1..${MAX_HEADER_ROW}`);
    options.headerRow = row;
  }
  for (const field of ['mcc', 'mnc'] as const) {
    const list = text(field);
    if (list === undefined) continue;
    const values = list
      .split(/[,\s;]+/)
      .filter(Boolean)
      .map(Number);
    if (!values.length || values.some((v) => !Number.isInteger(v) || v < 0 || v > 999))
      bad(field, 'must be comma-separated integers 0-999');
    options[field] = values;
  }
  const radio = text('radio');
  if (radio !== undefined)
    options.radio = radio
      .split(/[,\s;]+/)
      .filter(Boolean)
      .map((r) => r.toUpperCase());
  const tolerance = text('boundaryToleranceM');
  if (tolerance !== undefined) {
    const t = Number(tolerance);
    if (!Number.isFinite(t) || t < 0 || t > MAX_TOLERANCE_M)
      bad('boundaryToleranceM', `must be a number of metres within 0..${MAX_TOLERANCE_M}`);
    options.boundaryToleranceM = t;
  }
  for (const field of ['dryRun', 'partial'] as const) {
    const flag = text(field);
    if (flag === undefined) continue;
    const value = parseFlag(flag);
    if (value === null) bad(field, 'must be true or false');
    options[field] = value!;
  }
  return options;
}

function parseFlag(text: string): boolean | null {
  const t = text.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(t)) return true;
  if (['false', '0', 'no', 'off'].includes(t)) return false;
  return null;
}

/** A mapping file's JSON: an object whose values are field names or null. */
export function parseMapping(text: string, fail: () => never): HeaderMappingFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return fail();
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return fail();
  for (const value of Object.values(parsed)) if (value !== null && typeof value !== 'string') return fail();
  return parsed as HeaderMappingFile;
}
