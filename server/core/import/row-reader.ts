import { CoordinateParseError, parseCoordinate } from '../formats/coordinate.ts';
import { toWgs84, type SourceCrs } from '../formats/crs.ts';
import type { SourceRecord } from '../formats/source-types.ts';
import { normaliseEnumValue, vocabularyValues, type Vocabulary } from '../formats/values.ts';
import type { Gazetteer } from '../geo/gazetteer.ts';
import type { LonLat } from '../model.ts';
import type { AreaTester } from './area-tester.ts';
import { CATEGORY_FIELDS, classifyCategory, ruleKey, type CategoryField, type CategoryValueByField } from './category-rules.ts';
import type { RowPolygonCheck } from './geometry-reader.ts';
import { parseDateTime, parseNumberText } from './field-parsers.ts';
import type { RowError } from './types.ts';
import type { ResolvedValueMappings, UnrecognisedTally } from './value-mappings.ts';

/** What every row validator of one file shares. */
export interface ValidationContext {
  /** Canonical field → the file's column name (from mapHeaders). */
  columns: Record<string, string>;
  /** CRS of the file's coordinates; converted to WGS84. */
  crs: SourceCrs;
  /** The area rows must fall in; null skips the test (e.g. when importing an area's boundary). */
  area: AreaTester | null;
  /** Offset of zone-less times from UTC, minutes (default +480, China Standard Time). */
  utcOffsetMinutes?: number;
  /** Rows' polygons already checked elsewhere (large ones, on a worker thread), by source geometry. */
  checkedPolygons?: WeakMap<object, RowPolygonCheck>;
  /** The user's value mappings (applied before the exact lists and the rules of categorical columns). */
  values?: ResolvedValueMappings;
  /** Defaults of categorical fields whose column is missing or empty (else CATEGORY_FIELDS' fallback). */
  defaults?: Partial<{ [F in CategoryField]: CategoryValueByField[F] }>;
  /** Where unrecognised values of categorical columns are counted. */
  unrecognised?: UnrecognisedTally;
  /** The area's places: rows of ADDRESS_LOCATABLE_KINDS without coordinates are placed by their address. */
  gazetteer?: Gazetteer | null;
}

/** A numeric field's accepted units and inclusive range. */
export interface NumberSpec {
  units?: readonly string[];
  min: number;
  max: number;
  integer?: boolean;
  /** How the range reads in an error message ("antenna height must be within ..."). */
  label: string;
}

export const MAX_CODE_LENGTH = 64;
export const MAX_TEXT_LENGTH = 2000;

/**
 * Reads the canonical fields of one record, collecting one RowError per bad value (so a row reports
 * all of its problems at once) with the file's column name and the value as found.
 */
export class RowReader {
  readonly errors: RowError[] = [];
  /** The file's text of categorical values that were not an exact spelling (rule, mapping or default), by column. */
  originals: Record<string, string> | null = null;

  constructor(
    readonly record: SourceRecord,
    readonly ctx: ValidationContext,
  ) {
    if (record.extraFields) {
      this.fail(
        '(beyond last column)',
        record.extraFields.join(', '),
        `the row has ${record.extraFields.length} more cell(s) than the header: an unquoted delimiter inside a value?`,
      );
    }
  }

  get ok(): boolean {
    return this.errors.length === 0;
  }

  /** The file's column name for a canonical field (the field name itself when not mapped). */
  column(field: string): string {
    return this.ctx.columns[field] ?? field;
  }

  has(field: string): boolean {
    return field in this.ctx.columns;
  }

  text(field: string): string {
    const column = this.ctx.columns[field];
    return column === undefined ? '' : (this.record.fields[column] ?? '');
  }

  fail(column: string, value: string, reason: string): null {
    this.errors.push({ line: this.record.line, column, value, reason });
    return null;
  }

  /** Optional free text: null when empty, trimmed, at most MAX_TEXT_LENGTH characters. */
  optionalText(field: string): string | null {
    const value = this.text(field);
    if (value === '') return null;
    if (value.length > MAX_TEXT_LENGTH)
      return this.fail(this.column(field), value.slice(0, 80) + '…', `longer than ${MAX_TEXT_LENGTH} characters`);
    return value;
  }

  /** A natural key: required, at most 64 characters, no "/" (it separates site and cell codes). */
  code(field: string): string | null {
    const value = this.text(field);
    if (value === '') return this.fail(this.column(field), value, 'required');
    if (value.length > MAX_CODE_LENGTH) return this.fail(this.column(field), value, `longer than ${MAX_CODE_LENGTH} characters`);
    if (value.includes('/')) return this.fail(this.column(field), value, 'must not contain "/"');
    return value;
  }

  requiredText(field: string, maxLength = 200): string | null {
    const value = this.text(field);
    if (value === '') return this.fail(this.column(field), value, 'required');
    if (value.length > maxLength) return this.fail(this.column(field), value, `longer than ${maxLength} characters`);
    return value;
  }

  /** A number in range; `fallback` when the cell is empty (undefined fallback = required). */
  number(field: string, spec: NumberSpec, fallback?: number | null): number | null {
    const value = this.text(field);
    if (value === '') {
      if (fallback === undefined) return this.fail(this.column(field), value, 'required');
      return fallback;
    }
    const parsed = parseNumberText(value, spec.units);
    if (!parsed.ok) return this.fail(this.column(field), value, parsed.reason);
    return this.checkRange(this.column(field), value, parsed.value, spec);
  }

  checkRange(column: string, value: string, n: number, spec: NumberSpec): number | null {
    if (spec.integer && !Number.isInteger(n)) return this.fail(column, value, `${spec.label} must be a whole number`);
    if (n < spec.min || n > spec.max) return this.fail(column, value, `${spec.label} must be within ${spec.min}..${spec.max}`);
    return n;
  }

  /** An enum value in Chinese or English; `fallback` when empty (undefined = required). */
  enumValue<T extends string>(field: string, vocabulary: Vocabulary, allowed: readonly T[], fallback?: T): T | null {
    const value = this.text(field);
    if (value === '') {
      if (fallback === undefined) return this.fail(this.column(field), value, 'required');
      return fallback;
    }
    const canonical = normaliseEnumValue(vocabulary, value);
    if (canonical === null || !(allowed as readonly string[]).includes(canonical)) {
      const known = vocabularyValues(vocabulary).filter((v) => (allowed as readonly string[]).includes(v));
      return this.fail(this.column(field), value, `unknown value; expected one of ${known.join(', ')}`);
    }
    return canonical as T;
  }

  /**
   * A categorical value that never fails: empty → the default; else the user's value mapping, the
   * exact vocabulary, the keyword rules (category-rules.ts), and when none knows it the default,
   * counted as unrecognised. Text that was not an exact spelling is kept in `originals`.
   */
  category<F extends CategoryField>(field: F): CategoryValueByField[F] {
    const fallback = (this.ctx.defaults?.[field] ?? CATEGORY_FIELDS[field].fallback) as CategoryValueByField[F];
    const value = this.text(field);
    if (value === '') return fallback;
    const mapped = this.ctx.values?.[field]?.get(ruleKey(value) || value.trim());
    const classified = mapped === undefined ? classifyCategory(field, value) : null;
    if (mapped === undefined && classified?.by === 'exact') return classified.value;
    const column = this.column(field);
    this.originals = { ...(this.originals ?? {}), [column]: value.length > 200 ? `${value.slice(0, 199)}…` : value };
    if (mapped !== undefined) return mapped as CategoryValueByField[F];
    if (classified) return classified.value;
    this.ctx.unrecognised?.add(this.record.line, column, field, value, fallback);
    return fallback;
  }

  boolean(field: string, fallback: boolean): boolean | null {
    const value = this.text(field);
    if (value === '') return fallback;
    const canonical = normaliseEnumValue('boolean', value);
    if (canonical === null) return this.fail(this.column(field), value, 'expected yes/no (是/否, true/false, 1/0)');
    return canonical === 'true';
  }

  date(field: string): Date | null {
    const value = this.text(field);
    if (value === '') return this.fail(this.column(field), value, 'required');
    const parsed = parseDateTime(value, this.ctx.utcOffsetMinutes);
    if (!parsed.ok) return this.fail(this.column(field), value, parsed.reason);
    return parsed.value;
  }

  /**
   * The row's position in WGS84 [lon, lat]: from the lon/lat columns (decimal or DMS), else from a
   * Point geometry; range-checked in the file's CRS, converted, then tested against the area.
   */
  point(): LonLat | null {
    let raw: LonLat | null;
    let where: string;
    if (this.has('lon') || this.has('lat') || !this.record.geometry) {
      where = `${this.column('lon')}/${this.column('lat')}`;
      const lon = this.coordinate('lon', 'lon');
      const lat = this.coordinate('lat', 'lat');
      raw = lon === null || lat === null ? null : [lon, lat];
    } else {
      where = 'geometry';
      const g = this.record.geometry;
      if (g.type !== 'Point') return this.fail('geometry', g.type, 'expected a Point');
      const [lon, lat] = g.coordinates;
      if (!Number.isFinite(lon) || !Number.isFinite(lat))
        return this.fail('geometry', JSON.stringify(g.coordinates), 'coordinates must be numbers');
      if (Math.abs(lon) > 180 || Math.abs(lat) > 90) return this.fail('geometry', `${lon}, ${lat}`, 'outside [-180, 180] × [-90, 90]');
      raw = [lon, lat];
    }
    if (!raw) return null;
    const wgs = toWgs84(raw, this.ctx.crs);
    if (this.ctx.area && !this.ctx.area.containsPoint(wgs[0], wgs[1])) {
      const outside =
        this.ctx.area.toleranceM > 0 ? `more than ${this.ctx.area.toleranceM} m outside the area boundary` : 'outside the area boundary';
      return this.fail(where, `${raw[0]}, ${raw[1]}`, `${outside}${this.ctx.crs === 'wgs84' ? '' : ` (after ${this.ctx.crs} → WGS84)`}`);
    }
    return wgs;
  }

  private coordinate(field: 'lon' | 'lat', axis: 'lon' | 'lat'): number | null {
    const value = this.text(field);
    const column = this.column(field);
    if (value === '') return this.fail(column, value, 'required');
    let parsed;
    try {
      parsed = parseCoordinate(value);
    } catch (err) {
      return this.fail(
        column,
        value,
        err instanceof CoordinateParseError ? err.message.replace(/^cannot read coordinate "[^"]*": /, 'not a coordinate: ') : String(err),
      );
    }
    if (parsed.axis && parsed.axis !== axis)
      return this.fail(
        column,
        value,
        `a ${parsed.axis === 'lat' ? 'latitude (N/S)' : 'longitude (E/W)'} in the ${axis === 'lon' ? 'longitude' : 'latitude'} column`,
      );
    const limit = axis === 'lon' ? 180 : 90;
    if (Math.abs(parsed.value) > limit)
      return this.fail(column, value, `${axis === 'lon' ? 'longitude' : 'latitude'} must be within -${limit}..${limit}`);
    return parsed.value;
  }
}
