import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { uniqueHeaders } from './csv.ts';
import { FormatError, LimitExceededError } from './errors.ts';
import type { SourceRecord } from './source-types.ts';

export interface XlsxSource {
  sheet: string;
  headers: string[];
  headerLine: number;
  records: AsyncIterable<SourceRecord>;
  warnings: string[];
}

interface SheetReader extends AsyncIterable<ExcelJS.Row> {
  name?: string;
  id: number;
}

/** The workbook's sheet list and relationships, read from the archive before streaming (see openXlsx). */
export interface WorkbookIndex {
  sheets: Array<{ id: number; name: string; rId: string; state: string }>;
  relationships: Array<{ Id: string; Target: string }>;
  /** Dates count from 1904-01-01 (old Mac Excel) rather than 1900. */
  date1904: boolean;
}

/** The zip entries a WorkbookIndex is read from. */
export const WORKBOOK_INDEX_ENTRIES = ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels'] as const;

/**
 * Read the sheet list (`xl/workbook.xml`) and its relationships (`xl/_rels/workbook.xml.rels`).
 * Tags may carry a namespace prefix (`<x:sheet>`, as some generators write); attribute values are
 * XML-unescaped. Returns null when the workbook part is missing (exceljs then reports the file).
 */
export function readWorkbookIndex(workbookXml: Buffer | undefined, relsXml: Buffer | undefined): WorkbookIndex | null {
  if (!workbookXml) return null;
  const sheets = tags(workbookXml.toString('utf8'), 'sheet').map((a, i) => ({
    id: Number(a.sheetId ?? i + 1),
    name: a.name ?? `Sheet${i + 1}`,
    rId: a['r:id'] ?? a.id ?? '',
    state: a.state ?? 'visible',
  }));
  const relationships = relsXml
    ? tags(relsXml.toString('utf8'), 'Relationship').map((a) => ({ Id: a.Id ?? '', Target: a.Target ?? '' }))
    : [];
  const date1904 = ['1', 'true'].includes(tags(workbookXml.toString('utf8'), 'workbookPr')[0]?.date1904 ?? '');
  return { sheets, relationships, date1904 };
}

/** The attributes of every `<tag …>` or `<prefix:tag …>` element. */
function tags(xml: string, tag: string): Array<Record<string, string>> {
  const found: Array<Record<string, string>> = [];
  for (const m of xml.matchAll(new RegExp(`<(?:[\\w.-]+:)?${tag}\\s([^>]*?)/?>`, 'g'))) {
    const attributes: Record<string, string> = {};
    for (const a of m[1].matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      attributes[a[1]] = unescapeXml(a[2] ?? a[3] ?? '');
    }
    found.push(attributes);
  }
  return found;
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[e] ?? '';
  });
}

/**
 * Stream one worksheet of an .xlsx workbook (exceljs streaming reader: rows are not kept in memory).
 * `sheet` names the worksheet; default the first visible one. Line numbers are Excel row numbers.
 * Cells become text: numbers without float noise (0.30000000000000004 → "0.3"), date cells as
 * "YYYY-MM-DD HH:mm:ss" wall-clock time (no zone: Excel stores none), formulas as their cached result.
 * A row with a non-empty cell beyond column `maxColumns` throws LimitExceededError. The workbook's
 * sizes and value lengths are checked before (surveyZip): this reader trusts them.
 *
 * `index` (readWorkbookIndex) is handed to the reader before it starts: exceljs learns the sheet
 * names from `xl/workbook.xml`, which its own writer stores last, and its single streaming pass
 * does not reliably deliver that last entry before the worksheets (exceljs issue 3064: an
 * intermittent "reading 'sheets'" TypeError). Known beforehand, the names never depend on that race.
 */
export async function openXlsx(
  bytes: AsyncIterable<Buffer>,
  sheet: string | undefined,
  maxColumns: number,
  index: WorkbookIndex | null = null,
): Promise<XlsxSource> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(bytes), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  } as ExcelJS.stream.xlsx.WorkbookStreamReaderOptions);
  if (index) {
    Object.assign(reader, {
      model: { sheets: index.sheets },
      workbookRels: index.relationships,
      properties: { model: { date1904: index.date1904 } },
    });
  }
  // Cast, not typed: exceljs's typings omit the `name` and `id` that its WorksheetReader carries at run time.
  const sheets = (reader as unknown as AsyncIterable<SheetReader>)[Symbol.asyncIterator]();
  const seen: string[] = [];
  let chosen: SheetReader | null = null;
  try {
    for (let next = await sheets.next(); !next.done; next = await sheets.next()) {
      const worksheet = next.value;
      const name = worksheet.name ?? `Sheet${worksheet.id}`;
      seen.push(name);
      const wanted = sheet ?? firstVisibleSheetName(reader) ?? name;
      if (name === wanted) {
        chosen = worksheet;
        break;
      }
    }
  } catch (err) {
    throw new FormatError('malformed-file', `the workbook cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!chosen) {
    if (sheet)
      throw new FormatError(
        'sheet-not-found',
        `no worksheet named "${sheet}"; the workbook has ${seen.map((s) => `"${s}"`).join(', ') || 'no sheets'}`,
      );
    throw new FormatError('empty-file', 'the workbook has no worksheets');
  }
  const sheetName = chosen.name ?? `Sheet${chosen.id}`;
  const rows = chosen[Symbol.asyncIterator]();
  let headers: string[] | null = null;
  let headerLine = 0;
  for (let next = await rows.next(); !next.done; next = await rows.next()) {
    const values = rowValues(next.value, maxColumns);
    if (values.filter((v) => v !== '').length >= 2) {
      headers = uniqueHeaders(values);
      headerLine = next.value.number;
      break;
    }
  }
  if (!headers) throw new FormatError('empty-file', `worksheet "${sheetName}" has no header row (a row with at least two column names)`);
  const warnings: string[] = [];
  if (headerLine > 1) warnings.push(`worksheet "${sheetName}": rows 1-${headerLine - 1} above the header skipped`);
  const columns = headers;

  async function* records(): AsyncGenerator<SourceRecord> {
    for (let next = await rows.next(); !next.done; next = await rows.next()) {
      const values = rowValues(next.value, maxColumns);
      if (values.every((v) => v === '')) continue;
      const fields: Record<string, string> = {};
      for (let i = 0; i < columns.length; i++) fields[columns[i]] = values[i] ?? '';
      const record: SourceRecord = { line: next.value.number, fields };
      const extra = values.slice(columns.length);
      if (extra.some((v) => v !== '')) record.extraFields = extra;
      yield record;
    }
    // Let the reader finish the archive so the caller's byte count and hash cover the whole file.
    for (let next = await sheets.next(); !next.done; next = await sheets.next()) {
      // later worksheets are skipped unread
    }
  }
  return { sheet: sheetName, headers, headerLine, records: records(), warnings };
}

function firstVisibleSheetName(reader: unknown): string | undefined {
  const model = (reader as { model?: { sheets?: Array<{ name: string; state?: string }> } }).model;
  return model?.sheets?.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden')?.name;
}

/**
 * Row cells as text, 0-based (exceljs rows are 1-based with a hole at 0), up to the last non-empty
 * cell when the row is wider than `maxColumns` (throws LimitExceededError when that is still wider).
 */
function rowValues(row: ExcelJS.Row, maxColumns: number): string[] {
  const raw = row.values as ExcelJS.CellValue[];
  let end = raw.length;
  if (end - 1 > maxColumns) {
    // Sparse: forEach visits the cells that exist only.
    let last = 0;
    raw.forEach((v, i) => {
      if (cellText(v).trim() !== '') last = i;
    });
    if (last > maxColumns) {
      throw new LimitExceededError(
        'too-many-columns',
        'maxColumns',
        maxColumns,
        `row ${row.number} has ${last.toLocaleString('en')} columns; at most ${maxColumns} are read`,
      );
    }
    end = last + 1;
  }
  const out: string[] = [];
  for (let i = 1; i < end; i++) out.push(cellText(raw[i]).trim());
  return out;
}

/** One cell value as the user sees it, in a form the field parsers accept. */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return formatWallClock(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value || 'formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: unknown }).result;
      if (result && typeof result === 'object' && 'error' in result) return String((result as { error: unknown }).error);
      return cellText(result as ExcelJS.CellValue);
    }
    if ('text' in value) return String((value as { text: unknown }).text);
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

/** Shortest decimal that survives the float round trip at 15 significant digits. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return String(Number(n.toPrecision(15)));
}

/** exceljs returns date cells as UTC instants holding the sheet's wall-clock time. */
function formatWallClock(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds() + (d.getUTCMilliseconds() >= 500 ? 1 : 0);
  if (h === 0 && m === 0 && s === 0) return date;
  return `${date} ${pad(h)}:${pad(m)}:${pad(Math.min(s, 59))}`;
}
