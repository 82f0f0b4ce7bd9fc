/**
 * A coordinate or measure as plain decimal text: JavaScript's shortest round-trip form, except that
 * exponent notation (1e-7, 1e21), which KML and WKT readers reject, is written out in full.
 */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`numberText: not a finite number: ${value}`);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return Math.abs(value) >= 1 ? BigInt(Math.round(value)).toString() : value.toFixed(20).replace(/\.?0+$/, '');
}

/** `lon,lat[,alt]` (KML) or `lon lat [alt]` (WKT) for one position. */
export function positionText(position: readonly number[], separator: ',' | ' '): string {
  return position.map(numberText).join(separator);
}
