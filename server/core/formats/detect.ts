import { FormatError } from './errors.ts';
import { fileExtension } from './file-extension.ts';
import type { SourceFormat } from './source-types.ts';

/** Bytes read ahead for sniffing. */
export const SNIFF_BYTES = 64 * 1024;

const EXTENSIONS: Record<string, SourceFormat | 'zip'> = {
  '.csv': 'csv',
  '.txt': 'csv',
  '.tsv': 'csv',
  '.tab': 'csv',
  '.xlsx': 'xlsx',
  '.xlsm': 'xlsx',
  '.geojson': 'geojson',
  '.json': 'geojson',
  '.kml': 'kml',
  '.kmz': 'kmz',
  '.zip': 'zip',
};

const BINARY_SIGNATURES: Array<[number[], string]> = [
  [[0xd0, 0xcf, 0x11, 0xe0], 'a legacy Excel 97-2003 (.xls) or other OLE file: save it as .xlsx or CSV'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x1f, 0x8b], 'gzip-compressed: decompress it first'],
  [[0x52, 0x61, 0x72, 0x21], 'a RAR archive'],
  [[0x37, 0x7a, 0xbc, 0xaf], 'a 7-Zip archive'],
];

/**
 * Decide the format from the content's first bytes, then the file name's extension: a zip is an
 * .xlsx or a .kmz ('zip' when the name does not say, to be resolved by listing the archive), text
 * starting with { or [ is GeoJSON, with < is KML, other text is CSV (OpenCelliD is recognised later
 * by its header). Throws FormatError for empty files and binary files of other kinds.
 */
export function detectFormat(fileName: string, head: Buffer, explicit?: SourceFormat): SourceFormat | 'zip' {
  if (head.length === 0) throw new FormatError('empty-file', `${fileName} is empty`);
  for (const [signature, what] of BINARY_SIGNATURES) {
    if (signature.every((b, i) => head[i] === b)) throw new FormatError('unsupported-format', `${fileName} is ${what}`);
  }
  const byExtension = EXTENSIONS[fileExtension(fileName).toLowerCase()];
  const isZip = head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05);
  if (isZip) {
    if (explicit === 'xlsx' || explicit === 'kmz') return explicit;
    if (explicit) throw new FormatError('unsupported-format', `${fileName} is a zip archive, not ${explicit}`);
    return byExtension === 'xlsx' || byExtension === 'kmz' ? byExtension : 'zip';
  }
  if (explicit === 'xlsx' || explicit === 'kmz')
    throw new FormatError('malformed-file', `${fileName} is not a zip archive, so not ${explicit}`);
  if (looksBinary(head)) throw new FormatError('binary-file', `${fileName} looks like a binary file, not text (CSV, GeoJSON or KML)`);
  if (explicit) return explicit;
  const text = head
    .subarray(0, 1024)
    .toString('latin1')
    .replace(/^\xEF\xBB\xBF/, '')
    .trimStart();
  if (text.startsWith('{') || text.startsWith('[')) return 'geojson';
  if (text.startsWith('<')) return 'kml';
  if (byExtension === 'geojson' || byExtension === 'kml') {
    throw new FormatError('malformed-file', `${fileName} does not start like ${byExtension === 'kml' ? 'XML' : 'JSON'}`);
  }
  if (byExtension === 'xlsx' || byExtension === 'kmz' || byExtension === 'zip') {
    throw new FormatError('malformed-file', `${fileName} is not a zip archive, so not ${byExtension}`);
  }
  return 'csv';
}

/** NUL bytes or many control characters; UTF-16 text is reported as such by the decoder. */
function looksBinary(head: Buffer): boolean {
  const sample = head.subarray(0, 8192);
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) return false;
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  return control > sample.length * 0.01;
}
