import type { Technology } from '../model.ts';
import { normaliseKey } from './normalise-key.ts';
import type { SourceRecord } from './source-types.ts';

/** Columns of OpenCelliD's cell_towers.csv export. */
export const OPENCELLID_COLUMNS = [
  'radio',
  'mcc',
  'net',
  'area',
  'cell',
  'unit',
  'lon',
  'lat',
  'range',
  'samples',
  'changeable',
  'created',
  'updated',
  'averageSignal',
] as const;

/** Radio types mapped to cells; OpenCelliD also has NR rows, kept only when asked for. */
export const OPENCELLID_DEFAULT_RADIOS: readonly Technology[] = ['GSM', 'CDMA', 'UMTS', 'LTE'];

/**
 * Cell parameters OpenCelliD does not know, used for every imported tower (an omni cell).
 * Downlink centre frequencies of the bands met in China; 20 W (43 dBm) into an 11 dBi omni antenna
 * with 3 dB feeder loss at 30 m. Overridable per import (area settings `importDefaults.opencellid`).
 */
export interface OpenCellIdDefaults {
  heightM: number;
  powerDbm: number;
  gainDbi: number;
  lossDb: number;
  frequencyMhz: Record<Technology, number>;
}

export const OPENCELLID_DEFAULTS: OpenCellIdDefaults = {
  heightM: 30,
  powerDbm: 43,
  gainDbi: 11,
  lossDb: 3,
  frequencyMhz: { GSM: 900, CDMA: 870, UMTS: 2140, LTE: 1850, NR: 3500 },
};

export const OPENCELLID_NOTE =
  'OpenCelliD positions are crowd-sourced estimates (averaged from where phones saw the cell), often hundreds of metres off the mast; ' +
  '"range" is the spread of those observations, not a cell radius. Cells are imported as omni cells with default parameters.';

export interface OpenCellIdFilter {
  mcc?: number[];
  mnc?: number[];
  radio?: string[];
  defaults?: Partial<OpenCellIdDefaults>;
}

export type OpenCellIdItem =
  | { type: 'record'; record: SourceRecord }
  | { type: 'skipped'; line: number; reason: string }
  | { type: 'error'; line: number; column: string; value: string; reason: string };

/** True when the header row is OpenCelliD's (radio, mcc, net, area, cell, lon, lat at least). */
export function isOpenCellIdHeader(headers: string[]): boolean {
  const keys = new Set(headers.map(normaliseKey));
  return ['radio', 'mcc', 'net', 'area', 'cell', 'lon', 'lat'].every((c) => keys.has(c));
}

/**
 * Turn OpenCelliD rows into canonical `cells` rows: one site per cell (code OCID-mcc-net-area-cell,
 * flagged approximate) with one omni cell, rows outside the mcc/mnc/radio filter skipped.
 */
export async function* openCellIdToCells(
  records: AsyncIterable<SourceRecord>,
  filter: OpenCellIdFilter = {},
): AsyncGenerator<OpenCellIdItem> {
  const defaults = {
    ...OPENCELLID_DEFAULTS,
    ...filter.defaults,
    frequencyMhz: { ...OPENCELLID_DEFAULTS.frequencyMhz, ...filter.defaults?.frequencyMhz },
  };
  const radios = new Set((filter.radio?.length ? filter.radio : OPENCELLID_DEFAULT_RADIOS).map((r) => r.toUpperCase()));
  for await (const record of records) {
    const value = (column: string) => record.fields[column] ?? findField(record.fields, column);
    const radio = value('radio').toUpperCase();
    if (!radios.has(radio)) {
      yield { type: 'skipped', line: record.line, reason: `radio ${radio || '(empty)'} not selected` };
      continue;
    }
    const ids: Record<string, number> = {};
    let bad: OpenCellIdItem | null = null;
    for (const column of ['mcc', 'net', 'area', 'cell']) {
      const text = value(column);
      const n = Number(text);
      if (text === '' || !Number.isInteger(n) || n < 0) {
        bad = { type: 'error', line: record.line, column, value: text, reason: `${column} must be a non-negative integer` };
        break;
      }
      ids[column] = n;
    }
    if (bad) {
      yield bad;
      continue;
    }
    if (filter.mcc?.length && !filter.mcc.includes(ids.mcc)) {
      yield { type: 'skipped', line: record.line, reason: `mcc ${ids.mcc} not selected` };
      continue;
    }
    if (filter.mnc?.length && !filter.mnc.includes(ids.net)) {
      yield { type: 'skipped', line: record.line, reason: `mnc ${ids.net} not selected` };
      continue;
    }
    const technology = radio as Technology;
    const frequency = defaults.frequencyMhz[technology] ?? OPENCELLID_DEFAULTS.frequencyMhz.GSM;
    const samples = value('samples');
    const range = value('range');
    const updated = Number(value('updated'));
    const updatedText = Number.isFinite(updated) && updated > 0 ? `, updated ${new Date(updated * 1000).toISOString().slice(0, 10)}` : '';
    yield {
      type: 'record',
      record: {
        line: record.line,
        fields: {
          site_code: `OCID-${ids.mcc}-${ids.net}-${ids.area}-${ids.cell}`,
          site_name: `${radio} ${ids.mcc}-${ids.net} area ${ids.area} cell ${ids.cell}`,
          lon: value('lon'),
          lat: value('lat'),
          site_status: 'existing',
          approximate: 'true',
          cell_code: String(ids.cell),
          technology: radio,
          frequency_mhz: String(frequency),
          height_m: String(defaults.heightM),
          azimuth_deg: '',
          beamwidth_deg: '',
          tilt_deg: '0',
          power_dbm: String(defaults.powerDbm),
          gain_dbi: String(defaults.gainDbi),
          loss_db: String(defaults.lossDb),
          note: `OpenCelliD estimate from ${samples || '?'} samples, range ${range || '?'} m (spread of observations, not a cell radius)${updatedText}`,
        },
      },
    };
  }
}

function findField(fields: Record<string, string>, column: string): string {
  const key = normaliseKey(column);
  for (const [name, v] of Object.entries(fields)) if (normaliseKey(name) === key) return v;
  return '';
}
