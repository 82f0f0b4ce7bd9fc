import type { ImportLimits } from './limits.ts';
import type { SourceFormat } from './source-names.ts';
import type { TextEncoding, TextEncodingOption } from './text-decoding.ts';

// The format names are plain data in source-names.ts (the API contract lists them).
export { SOURCE_FORMATS, type SourceFormat } from './source-names.ts';

/** One row (CSV/XLSX) or feature (GeoJSON/KML) of a source file, with values as text. */
export interface SourceRecord {
  /**
   * Where the user finds it: the spreadsheet row number (header = 1) for CSV and XLSX, the 1-based
   * feature or Placemark number for GeoJSON and KML.
   */
  line: number;
  /** Values keyed by the file's own column names (or feature property names), trimmed. */
  fields: Record<string, string>;
  /** Feature geometry as found in the file (coordinates [lon, lat] in the file's CRS). */
  geometry?: GeoJSON.Geometry | null;
  /** Non-empty values beyond the last header column (a row that is wider than its header). */
  extraFields?: string[];
}

export interface OpenSourceOptions {
  /** Used for format detection by extension and in messages. */
  fileName: string;
  format?: SourceFormat;
  encoding?: TextEncodingOption;
  /** Worksheet name for XLSX; default the first sheet. */
  sheet?: string;
  /** What reading the file may cost (default DEFAULT_IMPORT_LIMITS). */
  limits?: Partial<ImportLimits>;
}

export interface OpenedSource {
  format: SourceFormat;
  /** Text encoding of CSV files (final once `records` has been read); 'utf8' for other formats. */
  readonly encoding: TextEncoding;
  headers: string[];
  /** Row number of the header (CSV/XLSX, after any title rows); 0 for GeoJSON/KML (the file as a whole). */
  headerLine: number;
  records: AsyncIterable<SourceRecord>;
  /** Notes about the file as a whole (skipped title rows, ignored sheets...). */
  warnings: string[];
  /** Bytes read from the file so far (runs ahead of the records by up to a few MB), for progress. */
  bytesRead(): number;
  /** Hex SHA-256 of the whole file (reads any rest of it); call after `records` is consumed. */
  sha256(): Promise<string>;
}
