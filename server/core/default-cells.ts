import type { CellRadio, Technology } from './model.ts';

/** Typical macro-cell parameters per technology, used for candidates proposed without a configuration. */
const DEFAULT_RADIO: Record<Technology, Omit<CellRadio, 'azimuthDeg'>> = {
  GSM: { technology: 'GSM', frequencyMhz: 950, heightM: 35, beamwidthDeg: 65, tiltDeg: 4, powerDbm: 43, gainDbi: 16, lossDb: 3 },
  CDMA: { technology: 'CDMA', frequencyMhz: 870, heightM: 35, beamwidthDeg: 65, tiltDeg: 4, powerDbm: 42, gainDbi: 16, lossDb: 3 },
  UMTS: { technology: 'UMTS', frequencyMhz: 2140, heightM: 30, beamwidthDeg: 65, tiltDeg: 4, powerDbm: 43, gainDbi: 17, lossDb: 3 },
  LTE: { technology: 'LTE', frequencyMhz: 1850, heightM: 30, beamwidthDeg: 65, tiltDeg: 4, powerDbm: 46, gainDbi: 17, lossDb: 3 },
  NR: { technology: 'NR', frequencyMhz: 3500, heightM: 30, beamwidthDeg: 65, tiltDeg: 6, powerDbm: 49, gainDbi: 20, lossDb: 1 },
};

export interface NamedCellRadio extends CellRadio {
  code: string;
}

/** A standard 3-sector configuration (azimuths 0/120/240) for a new site of this technology. */
export function defaultSectorCells(technology: Technology, azimuthsDeg: number[] = [0, 120, 240]): NamedCellRadio[] {
  const base = DEFAULT_RADIO[technology];
  if (azimuthsDeg.length === 0) return [{ ...base, code: `${technology[0]}1`, azimuthDeg: null, gainDbi: 11 }];
  return azimuthsDeg.map((azimuthDeg, i) => ({ ...base, code: `${technology[0]}${i + 1}`, azimuthDeg }));
}
