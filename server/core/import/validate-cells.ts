import { SITE_STATUSES, TECHNOLOGIES, type CellRadio } from '../model.ts';
import type { SourceRecord } from '../formats/source-types.ts';
import { parseNumberText } from './field-parsers.ts';
import { KeySet } from './key-set.ts';
import { AZIMUTH, BEAMWIDTH, FREQUENCY, GAIN, HEIGHT, LOSS, POWER, TILT, WATT_UNITS } from './ranges.ts';
import { RowReader, type ValidationContext } from './row-reader.ts';
import type { CellImport, RowOutcome } from './types.ts';

/** Defaults of the canonical cells format for optional radio columns. */
export const CELL_DEFAULTS = { beamwidthDeg: 65, tiltDeg: 0, gainDbi: 0, lossDb: 0 } as const;

/** Sites whose rows disagree by more than this on position are reported (about 0.1 m). */
const SITE_POSITION_TOLERANCE_DEG = 1e-6;

/**
 * Validator for `cells` files (one row per cell, site attributes repeated): codes unique per
 * (site, cell) within the file, and every row of a site at the same position with the same name.
 */
export function createCellsValidator(ctx: ValidationContext): (record: SourceRecord) => RowOutcome<CellImport> {
  const cellKeys = new KeySet();
  const sites = new Map<string, { line: number; lon: number; lat: number; name: string }>();
  return (record) => {
    const r = new RowReader(record, ctx);
    const siteCode = r.code('site_code');
    const siteName = r.optionalText('site_name');
    const point = r.point();
    const siteStatus = r.enumValue('site_status', 'siteStatus', SITE_STATUSES, 'existing');
    const approximate = r.boolean('approximate', false);
    const address = r.optionalText('address');
    const note = r.optionalText('note');
    const cellCode = r.code('cell_code');
    const radio = readCellRadio(r);
    if (siteCode !== null && cellCode !== null) {
      const first = cellKeys.add(`${siteCode}\u0000${cellCode}`, record.line);
      if (first !== null) r.fail(r.column('cell_code'), cellCode, `duplicate cell ${siteCode}/${cellCode} (first on line ${first})`);
    }
    if (siteCode !== null && point !== null) {
      const name = siteName ?? siteCode;
      const site = sites.get(siteCode);
      if (!site) sites.set(siteCode, { line: record.line, lon: point[0], lat: point[1], name });
      else {
        if (Math.abs(site.lon - point[0]) > SITE_POSITION_TOLERANCE_DEG || Math.abs(site.lat - point[1]) > SITE_POSITION_TOLERANCE_DEG) {
          r.fail(
            `${r.column('lon')}/${r.column('lat')}`,
            `${r.text('lon')}, ${r.text('lat')}`,
            `site ${siteCode} is at a different position on line ${site.line}`,
          );
        }
        if (site.name !== name) r.fail(r.column('site_name'), name, `site ${siteCode} is named "${site.name}" on line ${site.line}`);
      }
    }
    if (!r.ok) return { status: 'invalid', errors: r.errors };
    return {
      status: 'ok',
      value: {
        line: record.line,
        siteCode: siteCode!,
        siteName: siteName ?? siteCode!,
        lon: point![0],
        lat: point![1],
        siteStatus: siteStatus!,
        approximate: approximate!,
        address,
        note,
        cellCode: cellCode!,
        radio: radio!,
      },
    };
  };
}

/**
 * The radio columns shared by cells and candidates. `fallback` supplies values for empty cells
 * (the canonical defaults for cells; typical values per technology for candidates).
 */
export function readCellRadio(r: RowReader, fallback?: (technology: CellRadio['technology']) => Partial<CellRadio>): CellRadio | null {
  const technology = r.enumValue('technology', 'technology', TECHNOLOGIES);
  const defaults = technology && fallback ? fallback(technology) : {};
  const frequencyMhz = r.number('frequency_mhz', FREQUENCY, defaults.frequencyMhz);
  const heightM = r.number('height_m', HEIGHT, defaults.heightM);
  const azimuth = r.number('azimuth_deg', AZIMUTH, null);
  const beamwidthDeg = r.number('beamwidth_deg', BEAMWIDTH, defaults.beamwidthDeg ?? CELL_DEFAULTS.beamwidthDeg);
  const tiltDeg = r.number('tilt_deg', TILT, defaults.tiltDeg ?? CELL_DEFAULTS.tiltDeg);
  const powerDbm = readPower(r, defaults.powerDbm);
  const gainDbi = r.number('gain_dbi', GAIN, defaults.gainDbi ?? CELL_DEFAULTS.gainDbi);
  const lossDb = r.number('loss_db', LOSS, defaults.lossDb ?? CELL_DEFAULTS.lossDb);
  if (
    technology === null ||
    frequencyMhz === null ||
    heightM === null ||
    beamwidthDeg === null ||
    tiltDeg === null ||
    powerDbm === null ||
    gainDbi === null ||
    lossDb === null
  ) {
    return null;
  }
  return {
    technology,
    frequencyMhz,
    heightM,
    azimuthDeg: azimuth === null ? null : azimuth % 360,
    beamwidthDeg,
    tiltDeg,
    powerDbm,
    gainDbi,
    lossDb,
  };
}

/** Power in dBm, or in watts when written with a W/瓦 unit (converted: 20 W = 43.0 dBm). */
function readPower(r: RowReader, fallback: number | undefined): number | null {
  const text = r.text('power_dbm');
  const watts = text !== '' && /(w|瓦)\s*$/i.test(text.normalize('NFKC')) ? parseNumberText(text, WATT_UNITS) : null;
  if (watts?.ok) {
    if (watts.value <= 0) return r.fail(r.column('power_dbm'), text, 'power in watts must be positive');
    return r.checkRange(r.column('power_dbm'), text, 10 * Math.log10(watts.value * 1000), POWER);
  }
  return r.number('power_dbm', POWER, fallback);
}
