import type { SourceRecord } from '../formats/source-types.ts';
import { deriveExternalId, roundDeg } from './external-id.ts';
import { KeySet } from './key-set.ts';
import { readRowPosition } from './row-position.ts';
import { RowReader, type ValidationContext } from './row-reader.ts';
import type { ReportImport, RowOutcome } from './types.ts';

/**
 * Validator for problem reports. Only a position is needed (coordinates, or an address the area's gazetteer places: readRowPosition; a missing or empty date is null): the categorical columns (kind, network,
 * source, customer tier, status) never reject a row (RowReader.category: mapping, exact spelling,
 * keyword rules, else the column's default, counted as unrecognised and the text kept). Without an external_id the id is derived from the row's content
 * except its status (so marking a report resolved and re-importing updates it); a second row with
 * identical content is then the same report and skipped with a warning, while a repeated explicit
 * external_id is an error.
 */
export function createReportsValidator(ctx: ValidationContext): (record: SourceRecord) => RowOutcome<ReportImport> {
  const ids = new KeySet();
  return (record) => {
    const r = new RowReader(record, ctx);
    const explicitId = r.text('external_id') === '' ? null : r.code('external_id');
    const position = readRowPosition(r);
    const technology = r.category('technology');
    const kind = r.category('kind');
    const source = r.category('source');
    const customerTier = r.category('customer_tier');
    const reportedAt = r.text('reported_at') === '' ? null : r.date('reported_at');
    const status = r.category('status');
    const address = r.optionalText('address');
    const note = r.optionalText('note');
    if (explicitId !== null) {
      const first = ids.add(explicitId, record.line);
      if (first !== null) r.fail(r.column('external_id'), explicitId, `duplicate external_id (first on line ${first})`);
    }
    if (!r.ok) return { status: 'invalid', errors: r.errors };
    let externalId = explicitId;
    if (externalId === null) {
      // An address-placed row is identified by its address (in the hash below), not by where the gazetteer puts it.
      const coordinates = position!.located === 'coordinates';
      externalId = deriveExternalId([
        coordinates ? roundDeg(position!.lon) : null,
        coordinates ? roundDeg(position!.lat) : null,
        technology,
        kind,
        source,
        customerTier,
        reportedAt,
        address,
        note,
      ]);
      const first = ids.add(externalId, record.line);
      if (first !== null)
        return {
          status: 'skip',
          warning: `line ${record.line}: same report as line ${first} (no external_id, identical content); imported once`,
        };
    }
    return {
      status: 'ok',
      value: {
        line: record.line,
        externalId,
        ...position!,
        technology,
        kind,
        source,
        customerTier,
        reportedAt,
        status,
        address,
        note,
        originalValues: r.originals,
      },
    };
  };
}
