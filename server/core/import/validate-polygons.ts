import { ENVIRONMENT_CLASSES } from '../model.ts';
import type { SourceRecord } from '../formats/source-types.ts';
import { readAreaGeometry } from './geometry-reader.ts';
import { KeySet } from './key-set.ts';
import { POPULATION } from './ranges.ts';
import { RowReader, type ValidationContext } from './row-reader.ts';
import type { BoundaryImport, ClutterImport, RowOutcome, SettlementImport } from './types.ts';

/** Validator for clutter (land-use) polygons: code, optional name, environment class. */
export function createClutterValidator(ctx: ValidationContext): (record: SourceRecord) => RowOutcome<ClutterImport> {
  const codes = new KeySet();
  return (record) => {
    const r = new RowReader(record, ctx);
    const code = r.code('code');
    const name = r.optionalText('name');
    const environment = r.enumValue('environment', 'environment', ENVIRONMENT_CLASSES);
    const shape = readAreaGeometry(r, false, true);
    if (code !== null) {
      const first = codes.add(code, record.line);
      if (first !== null) r.fail(r.column('code'), code, `duplicate clutter code (first on line ${first})`);
    }
    if (!r.ok) return { status: 'invalid', errors: r.errors };
    return withRepair(
      { line: record.line, code: code!, name, environment: environment!, geometry: shape!.geometry, bbox: shape!.bbox },
      shape!.repaired,
    );
  };
}

/** Validator for settlements: polygon or point (geometry or lon/lat columns) with a population. */
export function createSettlementsValidator(ctx: ValidationContext): (record: SourceRecord) => RowOutcome<SettlementImport> {
  const codes = new KeySet();
  return (record) => {
    const r = new RowReader(record, ctx);
    const code = r.code('code');
    const name = r.requiredText('name');
    const population = r.number('population', POPULATION);
    const approximate = r.boolean('approximate', false);
    const shape = readAreaGeometry(r, true, true);
    if (code !== null) {
      const first = codes.add(code, record.line);
      if (first !== null) r.fail(r.column('code'), code, `duplicate settlement code (first on line ${first})`);
    }
    if (!r.ok) return { status: 'invalid', errors: r.errors };
    return withRepair(
      {
        line: record.line,
        code: code!,
        name: name!,
        population: population!,
        approximate: approximate!,
        geometry: shape!.geometry,
        bbox: shape!.bbox,
      },
      shape!.repaired,
    );
  };
}

/** Validator for an area boundary file: every feature a polygon; they are merged into one boundary. */
export function createBoundaryValidator(ctx: ValidationContext): (record: SourceRecord) => RowOutcome<BoundaryImport> {
  const local = { ...ctx, area: null };
  return (record) => {
    const r = new RowReader(record, local);
    const shape = readAreaGeometry(r, false, false);
    if (!r.ok) return { status: 'invalid', errors: r.errors };
    return withRepair({ line: record.line, geometry: shape!.geometry, bbox: shape!.bbox }, shape!.repaired);
  };
}

function withRepair<T extends { line: number }>(value: T, repaired: string | undefined): RowOutcome<T> {
  return repaired ? { status: 'ok', value, warning: `line ${value.line}: polygon repaired: ${repaired}` } : { status: 'ok', value };
}
