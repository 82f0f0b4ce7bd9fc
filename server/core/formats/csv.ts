import { Readable, pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import { FormatError } from './errors.ts';
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

/**
 * Stream a delimited text file. Line numbers are spreadsheet row numbers: the header row is the first
 * row with at least two non-empty cells (title rows above it are skipped), blank rows count but yield
 * no record, and a quoted cell spanning several lines is one row.
 */
export async function openCsv(bytes: AsyncIterable<Buffer>, head: Buffer, encoding: TextEncodingOption): Promise<CsvSource> {
  const delimiter = sniffDelimiter(head);
  const decoded = decodeText(bytes, encoding);
  const parser = parse({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    bom: true,
  });
  pipeline(Readable.from(decoded.chunks, { objectMode: true }), parser, () => {});
  const iterator: AsyncIterator<string[]> = parser[Symbol.asyncIterator]();

  let line = 0;
  let headerRow: string[] | null = null;
  while (!headerRow) {
    const next = await nextRecord(iterator, line);
    if (next.done) break;
    line++;
    if (next.value.filter((v) => v.trim() !== '').length >= 2) headerRow = next.value;
  }
  if (!headerRow) throw new FormatError('empty-file', 'the file has no header row (a row with at least two column names)');
  const headers = uniqueHeaders(headerRow.map((h) => h.trim()));
  const skippedLeadingLines = line - 1;

  async function* records(): AsyncGenerator<SourceRecord> {
    for (;;) {
      const next = await nextRecord(iterator, line);
      if (next.done) return;
      line++;
      const values = next.value;
      if (values.every((v) => v.trim() === '')) continue;
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

async function nextRecord(iterator: AsyncIterator<string[]>, line: number): Promise<IteratorResult<string[]>> {
  try {
    return await iterator.next();
  } catch (err) {
    if (err instanceof FormatError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new FormatError('malformed-file', `CSV cannot be parsed after row ${line}: ${message}`);
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
