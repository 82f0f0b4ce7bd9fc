/**
 * CSV writer for spreadsheet users (RFC 4180): CRLF line ends, fields quoted only when they hold a
 * comma, a double quote, CR or LF, quotes doubled. Output starts with a UTF-8 byte-order mark so Excel
 * opens Chinese text as UTF-8 rather than the system code page (GBK on Chinese Windows).
 */

/** U+FEFF, encoded in UTF-8 as EF BB BF. */
export const UTF8_BOM = '\uFEFF';

/** One output column: its header and how to read the cell from a row. */
export interface CsvColumn<T> {
  header: string;
  value(row: T): unknown;
}

// OWASP "CSV Injection": a cell starting with one of these is read by spreadsheets as a formula.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Text of one cell. Numbers stay unquoted (non-finite ones are empty), null/undefined are empty, dates
 * are ISO 8601, arrays and objects JSON. A string that a spreadsheet would run as a formula gets a
 * leading apostrophe (OWASP CSV injection guidance); numbers are never altered, so -90 stays -90.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  let text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : JSON.stringify(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The header line (BOM first, CRLF last). */
export function csvHeader<T>(columns: readonly CsvColumn<T>[]): string {
  return UTF8_BOM + columns.map((c) => csvCell(c.header)).join(',') + '\r\n';
}

/** Data lines for `rows`, each ending in CRLF; concatenated after `csvHeader` for streaming. */
export function csvRows<T>(rows: Iterable<T>, columns: readonly CsvColumn<T>[]): string {
  let out = '';
  for (const row of rows) out += columns.map((c) => csvCell(c.value(row))).join(',') + '\r\n';
  return out;
}

/** A whole CSV document: BOM, header line, one line per row. */
export function toCsv<T>(rows: Iterable<T>, columns: readonly CsvColumn<T>[]): string {
  if (columns.length === 0) throw new RangeError('toCsv: at least one column is needed');
  return csvHeader(columns) + csvRows(rows, columns);
}
