/**
 * Why a DEM file or a set of them is refused: `file` names the file (null for the set as a whole).
 * `statusCode` 400 for a file that cannot be read, 413 for one beyond the size limits, 422 for files
 * that read but cannot serve the area (mixed CRS, not covering it).
 */
export type DemErrorCode = 'malformed-dem' | 'unsupported-dem' | 'dem-too-large' | 'mixed-crs' | 'dem-not-covering' | 'no-dem-file';

const STATUS: Record<DemErrorCode, 400 | 413 | 422> = {
  'malformed-dem': 400,
  'unsupported-dem': 400,
  'no-dem-file': 400,
  'dem-too-large': 413,
  'mixed-crs': 422,
  'dem-not-covering': 422,
};

export class DemError extends Error {
  readonly statusCode: 400 | 413 | 422;
  constructor(
    readonly code: DemErrorCode,
    readonly file: string | null,
    message: string,
  ) {
    super(file ? `${file}: ${message}` : message);
    this.name = 'DemError';
    this.statusCode = STATUS[code];
  }
}
