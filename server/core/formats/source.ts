import { ByteInput, reread, type SourceInput } from './byte-input.ts';
import { openCsv } from './csv.ts';
import { detectFormat, SNIFF_BYTES } from './detect.ts';
import { FormatError, LimitExceededError } from './errors.ts';
import { readGeoJson, type FeatureSource } from './geojson.ts';
import { readKml } from './kml.ts';
import { importLimits, type ImportLimits } from './limits.ts';
import { isOpenCellIdHeader } from './opencellid.ts';
import type { OpenedSource, OpenSourceOptions, SourceFormat } from './source-types.ts';
import { openXlsx, readWorkbookIndex, WORKBOOK_INDEX_ENTRIES } from './xlsx.ts';
import { readZipEntry, surveyZip, type ZipSurvey } from './zip-guard.ts';

/**
 * Open a data file for import: detect its format (extension and content) and, for CSV, its text
 * encoding, and expose its header and records. CSV and XLSX are streamed (flat memory for millions
 * of rows); GeoJSON, KML and KMZ are read whole (they are small). OpenCelliD's cell_towers CSV is
 * recognised by its header and reported as format 'opencellid' with its raw columns.
 * A zip-based file (XLSX, KMZ) is first walked and inflated entry by entry under `opts.limits`
 * (surveyZip) before its parser sees any of it.
 * Throws FormatError for empty, binary or malformed files, LimitExceededError for files beyond the limits.
 */
export async function openSource(input: SourceInput, opts: OpenSourceOptions): Promise<OpenedSource> {
  const limits = importLimits(opts.limits);
  const bytes = new ByteInput(input);
  try {
    return await open(input, bytes, opts, limits);
  } catch (err) {
    await bytes.close();
    throw err;
  }
}

async function open(input: SourceInput, bytes: ByteInput, opts: OpenSourceOptions, limits: ImportLimits): Promise<OpenedSource> {
  const head = await bytes.peek(SNIFF_BYTES);
  const format = detectFormat(opts.fileName, head, opts.format);
  switch (format) {
    case 'zip':
    case 'xlsx':
    case 'kmz':
      return openZipped(input, bytes, format, opts, limits);
    case 'csv':
    case 'opencellid': {
      const csv = await openCsv(bytes.chunks(), head, opts.encoding ?? 'auto', limits, opts.headerRow);
      const warnings: string[] = [];
      if (csv.skippedLeadingLines > 0) warnings.push(`rows 1-${csv.skippedLeadingLines} above the header skipped`);
      const detected: SourceFormat = format === 'opencellid' || isOpenCellIdHeader(csv.headers) ? 'opencellid' : 'csv';
      return {
        format: detected,
        get encoding() {
          return csv.encoding();
        },
        headers: csv.headers,
        headerLine: csv.skippedLeadingLines + 1,
        records: csv.records,
        warnings,
        sha256: () => bytes.sha256(),
        bytesRead: () => bytes.bytesRead,
      };
    }
    case 'geojson':
      return fromFeatures(
        format,
        checkColumns(
          readGeoJson((await bytes.readAll(limits.maxDocumentBytes, documentTooLarge('GeoJSON file'))).toString('utf8')),
          limits,
        ),
        bytes,
      );
    case 'kml':
      return fromFeatures(
        format,
        checkColumns(readKml(await bytes.readAll(limits.maxDocumentBytes, documentTooLarge('KML file')), limits.maxValueChars), limits),
        bytes,
      );
  }
}

/**
 * An XLSX or KMZ (or a zip whose entries tell which): surveyed first, then parsed from a second read
 * of the same bytes. A stream input cannot be read twice and is held in memory.
 */
async function openZipped(
  input: SourceInput,
  bytes: ByteInput,
  format: 'xlsx' | 'kmz' | 'zip',
  opts: OpenSourceOptions,
  limits: ImportLimits,
): Promise<OpenedSource> {
  const held = 'stream' in input ? await bytes.readAll() : null;
  const again = () => reread(held ? { buffer: held } : input);
  const survey = await surveyZip(again(), limits, WORKBOOK_INDEX_ENTRIES, limits.maxDocumentBytes);
  const kind = format === 'zip' ? zipContent(survey, opts.fileName) : format;
  if (kind === 'xlsx') {
    const index = readWorkbookIndex(survey.kept.get(WORKBOOK_INDEX_ENTRIES[0]), survey.kept.get(WORKBOOK_INDEX_ENTRIES[1]));
    const xlsx = await openXlsx(held ? again() : bytes.chunks(), opts.sheet, limits.maxColumns, index, opts.headerRow);
    return {
      format: 'xlsx',
      encoding: 'utf8',
      headers: xlsx.headers,
      headerLine: xlsx.headerLine,
      records: xlsx.records,
      warnings: xlsx.warnings,
      sha256: () => bytes.sha256(),
      bytesRead: () => bytes.bytesRead,
    };
  }
  const name = kmlEntry(survey);
  if (!name) throw new FormatError('malformed-file', 'the KMZ archive contains no .kml file');
  const document = await readZipEntry(again(), name, limits, limits.maxDocumentBytes, documentTooLarge(`KML document ${name} of the KMZ`));
  return fromFeatures('kmz', checkColumns(readKml(document, limits.maxValueChars), limits), bytes);
}

function fromFeatures(format: SourceFormat, source: FeatureSource, bytes: ByteInput): OpenedSource {
  return {
    format,
    encoding: 'utf8',
    headers: source.headers,
    headerLine: 0,
    records: source.records,
    warnings: source.warnings,
    sha256: () => bytes.sha256(),
    bytesRead: () => bytes.bytesRead,
  };
}

/** Features whose properties make more columns than a file may have are refused. */
function checkColumns(source: FeatureSource, limits: ImportLimits): FeatureSource {
  if (source.headers.length > limits.maxColumns) {
    throw new LimitExceededError(
      'too-many-columns',
      'maxColumns',
      limits.maxColumns,
      `the features have ${source.headers.length.toLocaleString('en')} distinct properties; at most ${limits.maxColumns} columns are read`,
    );
  }
  return source;
}

/** A zip named neither .xlsx nor .kmz: a workbook has xl/ entries, a KMZ a .kml document. */
function zipContent(survey: ZipSurvey, fileName: string): 'xlsx' | 'kmz' {
  if (survey.entries.some((n) => n.startsWith('xl/'))) return 'xlsx';
  if (kmlEntry(survey)) return 'kmz';
  throw new FormatError('unsupported-format', `${fileName} is a zip archive with neither a workbook nor a KML document inside`);
}

/** The KML document of a KMZ: doc.kml (at any depth), else the .kml with the shortest name. */
function kmlEntry(survey: ZipSurvey): string | undefined {
  const kml = survey.entries.filter((n) => !n.endsWith('/') && /\.kml$/i.test(n));
  return kml.find((n) => /(^|\/)doc\.kml$/i.test(n)) ?? kml.sort((a, b) => a.length - b.length)[0];
}

/** The refusal of a document parsed whole in memory (GeoJSON, KML) that is longer than maxDocumentBytes. */
function documentTooLarge(what: string): (maxBytes: number) => never {
  return (maxBytes) => {
    throw new LimitExceededError(
      'document-too-large',
      'maxDocumentBytes',
      maxBytes,
      `the ${what} is larger than ${formatMiB(maxBytes)}, which is parsed whole in memory; split it, or send the data as CSV or XLSX (read as a stream)`,
    );
  };
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toLocaleString('en', { maximumFractionDigits: 1 })} MiB`;
}
