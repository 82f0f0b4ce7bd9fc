export type CsvValue = string | number | null | undefined;

/** Byte order mark: Excel opens a UTF-8 CSV as UTF-8 (not the ANSI code page) only with it. */
export const UTF8_BOM = '\uFEFF';

/**
 * CSV text (RFC 4180: CRLF rows, fields with a comma, quote or line break quoted, quotes doubled),
 * starting with a UTF-8 BOM unless `bom` is false. Text that a spreadsheet would run as a formula
 * (starting with = + - @ or a tab) gets a leading apostrophe; numbers are written as they are.
 */
export function toCsv(rows: readonly (readonly CsvValue[])[], bom = true): string {
  const body = rows.map((row) => row.map(csvField).join(',')).join('\r\n');
  return (bom ? UTF8_BOM : '') + body + '\r\n';
}

function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}
