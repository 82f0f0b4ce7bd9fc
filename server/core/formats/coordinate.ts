/** A coordinate text that is neither decimal degrees nor degrees-minutes-seconds. */
export class CoordinateParseError extends Error {
  constructor(
    readonly text: string,
    reason: string,
  ) {
    super(`cannot read coordinate "${text}": ${reason}`);
    this.name = 'CoordinateParseError';
  }
}

export interface ParsedCoordinate {
  /** Signed decimal degrees (south and west negative). */
  value: number;
  /** Which axis the text names by its hemisphere letter (E/W → lon, N/S → lat), null if none. */
  axis: 'lon' | 'lat' | null;
}

const HEMISPHERES: Array<[RegExp, 'lon' | 'lat', 1 | -1]> = [
  [/^(东经|東經|e)|(东经|東經|e|东)$/i, 'lon', 1],
  [/^(西经|西經|w)|(西经|西經|w|西)$/i, 'lon', -1],
  [/^(北纬|北緯|n)|(北纬|北緯|n|北)$/i, 'lat', 1],
  [/^(南纬|南緯|s)|(南纬|南緯|s|南)$/i, 'lat', -1],
];
const PLAIN_DECIMAL = /^-?\d{1,3}(\.\d+)?$/;
const NUMBER = /[0-9]+(?:\.[0-9]*)?|\.[0-9]+/g;
/** Characters allowed between the numbers of a DMS coordinate. */
const SEPARATORS = /^[\s°º˚度分秒'′’"″”:]*$/;
const INNER_SEPARATORS = /^[\s°º˚度分秒'′’"″”:]+$/;

/**
 * Read one coordinate: decimal degrees ("124.8703", "-46.5", "124.87°") or degrees, minutes and
 * seconds in the forms found in field sheets: 124°52'13.5"E, 124度52分13.5秒, 46 39 8.4 N,
 * 北纬46°39.14', E124:52:13.5 (full-width characters accepted). Minutes and seconds must be below 60.
 * Throws CoordinateParseError quoting the text.
 */
export function parseCoordinate(text: string): ParsedCoordinate {
  // Plain decimal degrees are nearly every value of a big file: skip the general path.
  if (PLAIN_DECIMAL.test(text)) return { value: Number(text), axis: null };
  let rest = text.normalize('NFKC').trim();
  if (rest === '') throw new CoordinateParseError(text, 'empty');
  let axis: 'lon' | 'lat' | null = null;
  let sign = 1;
  for (const [pattern, hemisphereAxis, hemisphereSign] of HEMISPHERES) {
    if (pattern.test(rest)) {
      rest = rest.replace(pattern, '').trim();
      axis = hemisphereAxis;
      sign = hemisphereSign;
      break;
    }
  }
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (axis && rest.startsWith('-')) throw new CoordinateParseError(text, 'both a minus sign and a hemisphere');
    if (rest.startsWith('-')) sign = -1;
    rest = rest.slice(1);
  }
  const numbers = rest.match(NUMBER) ?? [];
  const between = rest.split(NUMBER);
  if (
    numbers.length === 0 ||
    numbers.length > 3 ||
    !between.every((s, i) => (i === 0 || i === between.length - 1 ? SEPARATORS : INNER_SEPARATORS).test(s))
  ) {
    throw new CoordinateParseError(text, 'expected decimal degrees or degrees/minutes/seconds');
  }
  const parts = numbers.map(Number);
  for (let i = 0; i < parts.length - 1; i++) {
    if (!Number.isInteger(parts[i])) throw new CoordinateParseError(text, 'only the last of degrees/minutes/seconds may have decimals');
  }
  const [degrees, minutes = 0, seconds = 0] = parts;
  if (minutes >= 60) throw new CoordinateParseError(text, `minutes ${minutes} ≥ 60`);
  if (seconds >= 60) throw new CoordinateParseError(text, `seconds ${seconds} ≥ 60`);
  return { value: sign * (degrees + minutes / 60 + seconds / 3600), axis };
}
