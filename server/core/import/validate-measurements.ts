import { TECHNOLOGIES } from '../model.ts';
import type { SourceRecord } from '../formats/source-types.ts';
import { deriveExternalId, roundDeg } from './external-id.ts';
import { KeySet } from './key-set.ts';
import { LEVEL } from './ranges.ts';
import { RowReader, type ValidationContext } from './row-reader.ts';
import type { MeasurementImport, RowOutcome } from './types.ts';

/** Validator for survey measurements (drive tests, on-site tests); ids derived like reports' when absent. */
export function createMeasurementsValidator(ctx: ValidationContext): (record: SourceRecord) => RowOutcome<MeasurementImport> {
  const ids = new KeySet();
  return (record) => {
    const r = new RowReader(record, ctx);
    const explicitId = r.text('external_id') === '' ? null : r.code('external_id');
    const survey = r.optionalText('survey');
    const point = r.point();
    const technology = r.enumValue('technology', 'technology', TECHNOLOGIES);
    const levelDbm = r.number('level_dbm', LEVEL);
    const servingCell = r.optionalText('serving_cell');
    const measuredAt = r.date('measured_at');
    if (explicitId !== null) {
      const first = ids.add(explicitId, record.line);
      if (first !== null) r.fail(r.column('external_id'), explicitId, `duplicate external_id (first on line ${first})`);
    }
    if (!r.ok) return { status: 'invalid', errors: r.errors };
    let externalId = explicitId;
    if (externalId === null) {
      externalId = deriveExternalId([survey, roundDeg(point![0]), roundDeg(point![1]), technology, levelDbm, servingCell, measuredAt]);
      const first = ids.add(externalId, record.line);
      if (first !== null)
        return {
          status: 'skip',
          warning: `line ${record.line}: same measurement as line ${first} (no external_id, identical content); imported once`,
        };
    }
    return {
      status: 'ok',
      value: {
        line: record.line,
        externalId,
        survey,
        lon: point![0],
        lat: point![1],
        technology: technology!,
        levelDbm: levelDbm!,
        servingCell,
        measuredAt: measuredAt!,
      },
    };
  };
}
