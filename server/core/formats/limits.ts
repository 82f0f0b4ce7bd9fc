/** Largest accepted upload, bytes: a million-row CSV is about 150 MB. */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

/**
 * What one import file may cost to read. Zip-based files (XLSX, KMZ) are walked and inflated once
 * before their parser sees them, so a decompression bomb is refused while memory stays flat.
 */
export interface ImportLimits {
  /** Bytes all entries of a zip-based file may inflate to, counted while inflating (never from headers). */
  maxExpandedBytes: number;
  /**
   * Characters of one value a reader must hold at once: an XLSX cell or shared string, an XML text
   * node, CDATA section, comment or tag (XLSX, KML, KMZ), a CSV cell.
   */
  maxValueChars: number;
  /** Columns of a header or a row (up to its last non-empty cell), or properties of a feature file. */
  maxColumns: number;
  /** Entries of a zip archive. */
  maxZipEntries: number;
  /** Characters of one CSV row, read whole before it is split into cells (bounds a reader's memory). */
  maxCsvRowChars: number;
  /**
   * Bytes of a document parsed whole in memory, where a parser holds several times its size: a GeoJSON
   * file, a KML file or the KML inside a KMZ (CSV and XLSX are read as streams and have no such cap).
   */
  maxDocumentBytes: number;
}

export const DEFAULT_IMPORT_LIMITS: Readonly<ImportLimits> = {
  maxExpandedBytes: 4 * MAX_UPLOAD_BYTES,
  maxValueChars: 1_000_000,
  maxColumns: 500,
  maxZipEntries: 10_000,
  maxCsvRowChars: 16_000_000,
  maxDocumentBytes: 128 * 1024 * 1024,
};

/** The defaults with `overrides` applied (undefined fields keep their default). */
export function importLimits(overrides: Partial<ImportLimits> = {}): ImportLimits {
  const limits = { ...DEFAULT_IMPORT_LIMITS };
  for (const [key, value] of Object.entries(overrides) as Array<[keyof ImportLimits, number | undefined]>) {
    if (value !== undefined) limits[key] = value;
  }
  // A row holds at least one whole value.
  limits.maxCsvRowChars = Math.max(limits.maxCsvRowChars, limits.maxValueChars);
  return limits;
}
