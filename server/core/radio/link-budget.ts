import type { CellRadio } from '../model.ts';

/** EIRP in the boresight direction, dBm: powerDbm + gainDbi - lossDb (feeder, connectors). */
export function eirpDbm(radio: Pick<CellRadio, 'powerDbm' | 'gainDbi' | 'lossDb'>): number {
  return radio.powerDbm + radio.gainDbi - radio.lossDb;
}

/**
 * Received level, dBm: powerDbm + gainDbi - lossDb - pathLossDb - antennaAttenuationDb
 * (attenuation >= 0 towards the receiver; see antennaAttenuationDb). Standard link budget,
 * e.g. Holma & Toskala, "WCDMA for UMTS", §8.2.
 */
export function receivedLevelDbm(
  radio: Pick<CellRadio, 'powerDbm' | 'gainDbi' | 'lossDb'>,
  pathLossDb: number,
  antennaAttenuationDb: number,
): number {
  return eirpDbm(radio) - pathLossDb - antennaAttenuationDb;
}
