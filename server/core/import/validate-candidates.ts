import { defaultSectorCells, type NamedCellRadio } from '../default-cells.ts';
import { CANDIDATE_ORIGINS, CANDIDATE_STATUSES, type CellRadio, type Technology } from '../model.ts';
import type { SourceRecord } from '../formats/source-types.ts';
import { parseNumberText, splitList } from './field-parsers.ts';
import { KeySet } from './key-set.ts';
import { AZIMUTH, COST } from './ranges.ts';
import { RowReader, type ValidationContext } from './row-reader.ts';
import type { CandidateImport, RowOutcome } from './types.ts';
import { readCellRadio } from './validate-cells.ts';

/** More sectors than this on one candidate is a typo in the azimuth list. */
const MAX_SECTORS = 12;

/**
 * Validator for candidate sites. `azimuths_deg` "0;120;240" gives one cell per azimuth, empty one omni
 * cell; empty radio columns take the technology's typical values (default-cells.ts), because
 * candidates are often listed before their configuration is designed. Cell codes follow
 * default-cells.ts: technology initial + sector number (G1, G2, G3).
 */
export function createCandidatesValidator(ctx: ValidationContext): (record: SourceRecord) => RowOutcome<CandidateImport> {
  const codes = new KeySet();
  return (record) => {
    const r = new RowReader(record, ctx);
    const code = r.code('code');
    const name = r.optionalText('name');
    const point = r.point();
    const cost = r.number('cost', COST, null);
    const status = r.enumValue('status', 'candidateStatus', CANDIDATE_STATUSES, 'proposed');
    const origin = r.enumValue('origin', 'candidateOrigin', CANDIDATE_ORIGINS, 'manual');
    const approximate = r.boolean('approximate', false);
    const note = r.optionalText('note');
    const azimuths = readAzimuths(r);
    const radio = readCellRadio(r, typicalRadio);
    if (code !== null) {
      const first = codes.add(code, record.line);
      if (first !== null) r.fail(r.column('code'), code, `duplicate candidate code (first on line ${first})`);
    }
    if (!r.ok) return { status: 'invalid', errors: r.errors };
    return {
      status: 'ok',
      value: {
        line: record.line,
        code: code!,
        name: name ?? code!,
        lon: point![0],
        lat: point![1],
        technology: radio!.technology,
        cost,
        status: status!,
        origin: origin!,
        approximate: approximate!,
        note,
        cells: candidateCells(radio!, azimuths!),
      },
    };
  };
}

function typicalRadio(technology: Technology): Partial<CellRadio> {
  const { code: _code, azimuthDeg: _azimuth, ...radio } = defaultSectorCells(technology)[0];
  return radio;
}

function readAzimuths(r: RowReader): number[] | null {
  const text = r.text('azimuths_deg');
  const column = r.column('azimuths_deg');
  const azimuths: number[] = [];
  for (const part of splitList(text)) {
    const parsed = parseNumberText(part, AZIMUTH.units);
    if (!parsed.ok) return r.fail(column, text, `"${part}": ${parsed.reason}`);
    if (parsed.value < AZIMUTH.min || parsed.value > AZIMUTH.max)
      return r.fail(column, text, `"${part}": ${AZIMUTH.label} must be within ${AZIMUTH.min}..${AZIMUTH.max}`);
    azimuths.push(parsed.value % 360);
  }
  if (azimuths.length > MAX_SECTORS) return r.fail(column, text, `more than ${MAX_SECTORS} azimuths`);
  if (new Set(azimuths).size !== azimuths.length) return r.fail(column, text, 'repeated azimuth');
  return azimuths;
}

function candidateCells(radio: CellRadio, azimuths: number[]): NamedCellRadio[] {
  const prefix = radio.technology[0];
  if (azimuths.length === 0) return [{ ...radio, code: `${prefix}1`, azimuthDeg: null }];
  return azimuths.map((azimuthDeg, i) => ({ ...radio, code: `${prefix}${i + 1}`, azimuthDeg }));
}
