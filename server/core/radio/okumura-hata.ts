import type { EnvironmentClass } from '../model.ts';
import { environmentCorrectionDb, mobileHeightCorrectionDb } from './hata-corrections.ts';
import type { LogDistanceModel } from './log-distance-model.ts';
import { MODEL_FREQUENCY_RANGES_MHZ } from './parameter-ranges.ts';

/** Base-station height terms of Hata's loss (both models): -13.82·log10 hb - 6.55·log10 hb·log10 d, dB (Hata 1980, eq. 4). */
export const HATA_BASE_HEIGHT_INTERCEPT_DB = 13.82;
export const HATA_BASE_HEIGHT_SLOPE_DB = 6.55;

/** Frequency range of the Okumura-Hata formula, MHz (Hata 1980). */
export const OKUMURA_HATA_RANGE_MHZ = MODEL_FREQUENCY_RANGES_MHZ['okumura-hata'];

/**
 * Okumura-Hata median path loss as intercept (loss at 1 km) and slope per decade:
 * L = 69.55 + 26.16·log10 f - 13.82·log10 hb - a(hm) + (44.9 - 6.55·log10 hb)·log10 d + C_env.
 * Units: f MHz, hb and hm metres (antenna heights above ground), d km.
 * Validity: 150-1500 MHz, hb 30-200 m, hm 1-10 m, d 1-20 km; outside it the formula is extrapolated.
 * Source: Hata (1980), IEEE Trans. Veh. Technol. 29(3), eqs. (4)-(6); COST 231 final report eq. (4.4.1).
 */
export function okumuraHataModel(
  frequencyMhz: number,
  baseHeightM: number,
  mobileHeightM: number,
  environment: EnvironmentClass,
): LogDistanceModel {
  const logHb = Math.log10(baseHeightM);
  const interceptDb =
    69.55 +
    26.16 * Math.log10(frequencyMhz) -
    HATA_BASE_HEIGHT_INTERCEPT_DB * logHb -
    mobileHeightCorrectionDb(frequencyMhz, mobileHeightM, environment) +
    environmentCorrectionDb(frequencyMhz, environment);
  return { interceptDb, slopeDbPerDecade: 44.9 - HATA_BASE_HEIGHT_SLOPE_DB * logHb };
}
