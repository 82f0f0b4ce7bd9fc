import { Readable } from 'node:stream';
import unzipper from 'unzipper';
import { FormatError, LimitExceededError } from './errors.ts';
import type { ImportLimits } from './limits.ts';
import { XmlValueGuard } from './xml-value-guard.ts';

/** What a walk of a zip archive found, every entry inflated and measured. */
export interface ZipSurvey {
  /** Entry names in archive order. */
  entries: string[];
  /** Bytes all entries inflated to. */
  expandedBytes: number;
  /** The inflated bytes of the entries asked for with `keep` that the archive has. */
  kept: Map<string, Buffer>;
}

/** Entries that parsers read as XML (exceljs matches worksheet paths anywhere in a name, so: anywhere). */
const XML_ENTRY = /\.(xml|rels|kml)/i;

type ZipLimits = Pick<ImportLimits, 'maxExpandedBytes' | 'maxValueChars' | 'maxZipEntries'>;

/**
 * Walk a zip archive's entries in file order and inflate each, counting the bytes that really come
 * out (the sizes headers declare are never trusted) and measuring the values of XML entries
 * (XmlValueGuard), with the same reader (unzipper's streaming parser) exceljs reads workbooks with,
 * so the walk sees exactly the entries and bytes the parser will. Throws LimitExceededError at once
 * when the total passes `maxExpandedBytes`, an entry count passes `maxZipEntries` or a value passes
 * `maxValueChars`; FormatError for a broken archive. Memory stays flat: inflated bytes are discarded,
 * except those of the (small) entries named in `keep`, which are kept up to `maxKeptBytes` each.
 */
export async function surveyZip(
  bytes: AsyncIterable<Buffer>,
  limits: ZipLimits,
  keep: readonly string[] = [],
  maxKeptBytes = Number.POSITIVE_INFINITY,
): Promise<ZipSurvey> {
  const survey: ZipSurvey = { entries: [], expandedBytes: 0, kept: new Map() };
  const parts = new Map<string, Buffer[]>();
  survey.expandedBytes = await walkZip(bytes, limits, (name) => {
    survey.entries.push(name);
    if (!keep.includes(name) || parts.has(name)) return null;
    const chunks: Buffer[] = [];
    parts.set(name, chunks);
    let length = 0;
    return (chunk) => {
      length += chunk.length;
      if (length > maxKeptBytes) {
        throw new LimitExceededError(
          'document-too-large',
          'maxDocumentBytes',
          maxKeptBytes,
          `${name} expands to more than ${maxKeptBytes.toLocaleString('en')} bytes`,
        );
      }
      chunks.push(chunk);
    };
  });
  for (const [name, chunks] of parts) survey.kept.set(name, Buffer.concat(chunks));
  return survey;
}

/**
 * The inflated bytes of entry `name`, read under the same limits as surveyZip (the whole archive is
 * walked and measured again; only that entry is kept).
 */
export async function readZipEntry(
  bytes: AsyncIterable<Buffer>,
  name: string,
  limits: ZipLimits,
  maxBytes = Number.POSITIVE_INFINITY,
  tooLarge?: (maxBytes: number) => never,
): Promise<Buffer> {
  const parts: Buffer[] = [];
  let found = false;
  let length = 0;
  await walkZip(bytes, limits, (entryName) => {
    if (entryName !== name || found) return null;
    found = true;
    return (chunk) => {
      length += chunk.length;
      if (length > maxBytes && tooLarge) tooLarge(maxBytes);
      parts.push(chunk);
    };
  });
  if (!found) throw new FormatError('malformed-file', `the archive has no entry "${name}"`);
  return Buffer.concat(parts);
}

/** Called for each entry with its name; may return a sink for the entry's inflated chunks. */
type EntryVisitor = (name: string) => ((chunk: Buffer) => void) | null;

/** Walk and measure every entry (see surveyZip); returns the bytes they inflated to. */
async function walkZip(bytes: AsyncIterable<Buffer>, limits: ZipLimits, visit: EntryVisitor): Promise<number> {
  const source = Readable.from(bytes, { objectMode: false });
  const zip = unzipper.Parse({ forceStream: true });
  let failure: Error | null = null;
  let current: unzipper.Entry | null = null;
  // The parser reports a broken archive (bad signature, bad deflate data, cut short) on itself, not
  // on the entry being read: end that entry's stream too, or its reader would wait for ever.
  const fail = (err: Error) => {
    failure ??= err;
    current?.destroy(err);
  };
  zip.on('error', fail);
  source.on('error', fail);
  // The parser ends its output the same way whether it read the end-of-archive record or the input
  // just stopped (a file cut short, with an error that may come later): note when it reads the record.
  let reachedEnd = false;
  // Cast, not typed: the hook is a private method of unzipper's parser, absent from its typings.
  const parser = zip as unknown as { _readEndOfCentralDirectoryRecord(): Promise<void> };
  const readEnd = parser._readEndOfCentralDirectoryRecord;
  parser._readEndOfCentralDirectoryRecord = function (this: unknown) {
    reachedEnd = true;
    return readEnd.call(this);
  };
  source.pipe(zip);
  let entries = 0;
  let expandedBytes = 0;
  try {
    for await (const item of zip) {
      const entry = item as unzipper.Entry;
      current = entry;
      if (failure) throw failure;
      if (++entries > limits.maxZipEntries) {
        throw new LimitExceededError(
          'too-many-entries',
          'maxZipEntries',
          limits.maxZipEntries,
          `the archive has more than ${limits.maxZipEntries.toLocaleString('en')} entries`,
        );
      }
      const sink = visit(entry.path);
      const values = XML_ENTRY.test(entry.path) ? new XmlValueGuard(limits.maxValueChars, entry.path) : null;
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        expandedBytes += chunk.length;
        if (expandedBytes > limits.maxExpandedBytes) {
          throw new LimitExceededError(
            'expanded-too-large',
            'maxExpandedBytes',
            limits.maxExpandedBytes,
            `the archive expands to more than ${limits.maxExpandedBytes.toLocaleString('en')} bytes (stopped in ${entry.path})`,
          );
        }
        values?.write(chunk);
        sink?.(chunk);
      }
      current = null;
      if (failure) break;
    }
    if (failure) throw failure;
    if (!reachedEnd) throw new Error('FILE_ENDED');
    return expandedBytes;
  } catch (err) {
    if (err instanceof LimitExceededError || err instanceof FormatError) throw err;
    const message = (failure ?? err) instanceof Error ? ((failure ?? err) as Error).message : String(err);
    throw new FormatError('malformed-file', `not a readable zip archive: ${message === 'FILE_ENDED' ? 'it is cut short' : message}`);
  } finally {
    current?.destroy();
    source.unpipe(zip);
    source.destroy();
    zip.destroy();
  }
}
