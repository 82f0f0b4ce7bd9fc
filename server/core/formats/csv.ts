import { Readable, pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import { FormatError, LimitExceededError } from './errors.ts';
import type { ImportLimits } from './limits.ts';
import type { SourceRecord } from './source-types.ts';
import { decodeText, type TextEncoding, type TextEncodingOption } from './text-decoding.ts';

export interface CsvSource {
  headers: string[];
  records: AsyncIterable<SourceRecord>;
  encoding(): TextEncoding;
  delimiter: string;
  /** Lines before the header (titles, blank lines) that were skipped. */
  skippedLeadingLines: number;
}

const DELIMITERS = [',', '\t', ';', '|'] as const;

export type CsvLimits = Pick<ImportLimits, 'maxColumns' | 'maxValueChars' | 'maxCsvRowChars'>;

/**
 * Stream a delimited text file. Line numbers are spreadsheet row numbers: the header row is the first
 * row with at least two non-empty cells (title rows above it are skipped), or row `givenHeaderRow` when
 * given (FormatError when the file is shorter or that row is blank), blank rows count but yield
 * no record, and a quoted cell spanning several lines is one row.
 * Throws LimitExceededError, while reading, for a row longer than `limits.maxCsvRowChars` (before it
 * is held whole), a header or row with more than `maxColumns` columns up to its last non-empty cell,
 * or a cell longer than `maxValueChars`.
 */
export async function openCsv(
  bytes: AsyncIterable<Buffer>,
  head: Buffer,
  encoding: TextEncodingOption,
  limits: CsvLimits,
  givenHeaderRow?: number,
): Promise<CsvSource> {
  const delimiter = sniffDelimiter(head);
  const decoded = decodeText(bytes, encoding);
  const parser = parse({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    bom: true,
    max_record_size: limits.maxCsvRowChars,
    // Named rather than discovered: discovery rescans a row that is not ended yet (a row of a
    // million cells took 18 s instead of 1).
    record_delimiter: ['\r\n', '\n', '\r'],
  });
  pipeline(Readable.from(decoded.chunks, { objectMode: true }), parser, () => {});
  const iterator: AsyncIterator<string[]> = parser[Symbol.asyncIterator]();

  let line = 0;
  let headerRow: string[] | null = null;
  while (!headerRow) {
    const next = await nextRecord(iterator, line, limits);
    if (next.done) break;
    line++;
    const named = next.value.filter((v) => v.trim() !== '').length;
    if (givenHeaderRow === undefined ? named >= 2 : line === givenHeaderRow) {
      if (named === 0) throw new FormatError('empty-file', `row ${line}, given as the header row, is blank`);
      headerRow = next.value;
    }
  }
  if (!headerRow) {
    if (givenHeaderRow !== undefined) throw new FormatError('empty-file', `the file has no row ${givenHeaderRow} to read the header from`);
    throw new FormatError('empty-file', 'the file has no header row (a row with at least two column names)');
  }
  checkRow(headerRow, line, limits);
  // Empty cells after the last column name add no column (a sheet saved with a wide used range).
  if (headerRow.length > limits.maxColumns) headerRow = headerRow.slice(0, usedWidth(headerRow));
  const headers = uniqueHeaders(headerRow.map((h) => h.trim()));
  const skippedLeadingLines = line - 1;

  async function* records(): AsyncGenerator<SourceRecord> {
    for (;;) {
      const next = await nextRecord(iterator, line, limits);
      if (next.done) return;
      line++;
      const values = next.value;
      if (values.every((v) => v.trim() === '')) continue;
      checkRow(values, line, limits, headers);
      const fields: Record<string, string> = {};
      for (let i = 0; i < headers.length; i++) fields[headers[i]] = (values[i] ?? '').trim();
      const record: SourceRecord = { line, fields };
      if (values.length > headers.length) {
        const extra = values.slice(headers.length).map((v) => v.trim());
        if (extra.some((v) => v !== '')) record.extraFields = extra;
      }
      yield record;
    }
  }

  return { headers, records: records(), encoding: decoded.encoding, delimiter, skippedLeadingLines };
}

async function nextRecord(iterator: AsyncIterator<string[]>, line: number, limits: CsvLimits): Promise<IteratorResult<string[]>> {
  try {
    return await iterator.next();
  } catch (err) {
    if (err instanceof FormatError) throw err;
    if ((err as { code?: unknown }).code === 'CSV_MAX_RECORD_SIZE') {
      // Rows the parser ended but nobody read yet are dropped with the error: its count is the row's.
      const row = ((err as { records?: number }).records ?? line) + 1;
      throw new LimitExceededError(
        'row-too-long',
        'maxCsvRowChars',
        limits.maxCsvRowChars,
        `row ${row} is longer than ${limits.maxCsvRowChars.toLocaleString('en')} characters`,
      );
    }
    const message = err instanceof Error ? err.message : String(err);
    throw new FormatError('malformed-file', `CSV cannot be parsed after row ${line}: ${message}`);
  }
}

/** Cells up to the last non-empty one. */
function usedWidth(values: string[]): number {
  let width = values.length;
  while (width > 0 && values[width - 1].trim() === '') width--;
  return width;
}

/** Refuse a row (the header when `headers` is absent) wider than the column limit or with a value over the length limit. */
function checkRow(values: string[], line: number, limits: CsvLimits, headers?: string[]): void {
  if (values.length > limits.maxColumns) {
    const width = usedWidth(values);
    if (width > limits.maxColumns) {
      throw new LimitExceededError(
        'too-many-columns',
        'maxColumns',
        limits.maxColumns,
        `row ${line}${headers ? '' : ' (the header)'} has ${width.toLocaleString('en')} columns; at most ${limits.maxColumns} are read`,
      );
    }
  }
  for (let i = 0; i < values.length; i++) {
    if (values[i].length > limits.maxValueChars) {
      const column = headers?.[i] ?? `column ${i + 1}`;
      throw new LimitExceededError(
        'value-too-long',
        'maxValueChars',
        limits.maxValueChars,
        `row ${line}, ${JSON.stringify(column.slice(0, 80))}: a value of ${values[i].length.toLocaleString('en')} characters is longer than ${limits.maxValueChars.toLocaleString('en')}`,
      );
    }
  }
}

/** Pick the delimiter that occurs most often (outside quotes) in the first line of the sample. */
export function sniffDelimiter(head: Buffer): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (let i = 0; i < head.length; i++) {
    const c = String.fromCharCode(head[i]);
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      if ([...counts.values()].some((n) => n > 0)) break;
    } else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

/** Make repeated column names distinct ("备注", "备注 (2)") so no value is overwritten. */
export function uniqueHeaders(headers: string[]): string[] {
  const seen = new Map<string, number>();
  return headers.map((h, i) => {
    const name = h === '' ? `column ${i + 1}` : h;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
}
