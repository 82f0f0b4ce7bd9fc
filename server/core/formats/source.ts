import JSZip from 'jszip';
import { ByteInput, type SourceInput } from './byte-input.ts';
import { openCsv } from './csv.ts';
import { detectFormat, SNIFF_BYTES } from './detect.ts';
import { FormatError } from './errors.ts';
import { readGeoJson, type FeatureSource } from './geojson.ts';
import { readKml, readKmz } from './kml.ts';
import { isOpenCellIdHeader } from './opencellid.ts';
import type { OpenedSource, OpenSourceOptions, SourceFormat } from './source-types.ts';
import { openXlsx } from './xlsx.ts';

/**
 * Open a data file for import: detect its format (extension and content) and, for CSV, its text
 * encoding, and expose its header and records. CSV and XLSX are streamed (flat memory for millions
 * of rows); GeoJSON, KML and KMZ are read whole (they are small). OpenCelliD's cell_towers CSV is
 * recognised by its header and reported as format 'opencellid' with its raw columns.
 * Throws FormatError for empty, binary or malformed files.
 */
export async function openSource(input: SourceInput, opts: OpenSourceOptions): Promise<OpenedSource> {
  const bytes = new ByteInput(input);
  const head = await bytes.peek(SNIFF_BYTES);
  let format = detectFormat(opts.fileName, head, opts.format);
  if (format === 'zip') {
    const buffer = await bytes.readAll();
    format = await zipFormat(buffer, opts.fileName);
    return fromFeatures(format, format === 'kmz' ? await readKmz(buffer) : null, bytes, opts, buffer);
  }
  switch (format) {
    case 'csv':
    case 'opencellid': {
      const csv = await openCsv(bytes.chunks(), head, opts.encoding ?? 'auto');
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
    case 'xlsx': {
      const xlsx = await openXlsx(bytes.chunks(), opts.sheet);
      return { format, encoding: 'utf8', headers: xlsx.headers, headerLine: xlsx.headerLine, records: xlsx.records, warnings: xlsx.warnings, sha256: () => bytes.sha256(), bytesRead: () => bytes.bytesRead };
    }
    case 'geojson':
      return fromFeatures(format, readGeoJson((await bytes.readAll()).toString('utf8')), bytes, opts);
    case 'kml':
      return fromFeatures(format, readKml(await bytes.readAll()), bytes, opts);
    case 'kmz':
      return fromFeatures(format, await readKmz(await bytes.readAll()), bytes, opts);
  }
}

async function fromFeatures(
  format: SourceFormat,
  features: FeatureSource | null,
  bytes: ByteInput,
  opts: OpenSourceOptions,
  zipped?: Buffer,
): Promise<OpenedSource> {
  if (!features && zipped) {
    // A zip named neither .xlsx nor .kmz that turned out to be a workbook.
    const xlsx = await openXlsx(
      (async function* () {
        yield zipped;
      })(),
      opts.sheet,
    );
    return { format: 'xlsx', encoding: 'utf8', headers: xlsx.headers, headerLine: xlsx.headerLine, records: xlsx.records, warnings: xlsx.warnings, sha256: () => bytes.sha256(), bytesRead: () => bytes.bytesRead };
  }
  const source = features!;
  return { format, encoding: 'utf8', headers: source.headers, headerLine: 0, records: source.records, warnings: source.warnings, sha256: () => bytes.sha256(), bytesRead: () => bytes.bytesRead };
}

async function zipFormat(buffer: Buffer, fileName: string): Promise<'xlsx' | 'kmz'> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buffer);
  } catch (err) {
    throw new FormatError('malformed-file', `${fileName} looks like a zip archive but cannot be opened: ${err instanceof Error ? err.message : String(err)}`);
  }
  const names = Object.keys(zip.files);
  if (names.some((n) => n.startsWith('xl/'))) return 'xlsx';
  if (names.some((n) => /\.kml$/i.test(n))) return 'kmz';
  throw new FormatError('unsupported-format', `${fileName} is a zip archive with neither a workbook nor a KML document inside`);
}
