import type { EnvironmentClass } from '../model.ts';
import { environmentCorrectionDb, mobileHeightCorrectionDb } from './hata-corrections.ts';
import type { LogDistanceModel } from './log-distance-model.ts';
import { HATA_BASE_HEIGHT_INTERCEPT_DB, HATA_BASE_HEIGHT_SLOPE_DB } from './okumura-hata.ts';
import { MODEL_FREQUENCY_RANGES_MHZ } from './parameter-ranges.ts';

/** Frequency range of the COST-231 Hata extension, MHz. */
export const COST231_HATA_RANGE_MHZ = MODEL_FREQUENCY_RANGES_MHZ['cost231-hata'];

/**
 * COST-231 Hata median path loss as intercept (loss at 1 km) and slope per decade:
 * L = 46.3 + 33.9·log10 f - 13.82·log10 hb - a(hm) + (44.9 - 6.55·log10 hb)·log10 d + Cm + C_env,
 * Cm = 3 dB for 'urban-large' (metropolitan centres), 0 otherwise; C_env = Hata's suburban/open
 * corrections for 'suburban'/'rural' (an extension beyond the COST 231 text, see environmentCorrectionDb).
 * Units: f MHz, hb and hm metres, d km. Validity: 1500-2000 MHz, hb 30-200 m, hm 1-10 m, d 1-20 km.
 * Source: COST 231 final report (1999), §4.4.1, eq. (4.4.3).
 */
export function cost231HataModel(
  frequencyMhz: number,
  baseHeightM: number,
  mobileHeightM: number,
  environment: EnvironmentClass,
): LogDistanceModel {
  const logHb = Math.log10(baseHeightM);
  const cmDb = environment === 'urban-large' ? 3 : 0;
  const interceptDb =
    46.3 +
    33.9 * Math.log10(frequencyMhz) -
    HATA_BASE_HEIGHT_INTERCEPT_DB * logHb -
    mobileHeightCorrectionDb(frequencyMhz, mobileHeightM, environment) +
    cmDb +
    environmentCorrectionDb(frequencyMhz, environment);
  return { interceptDb, slopeDbPerDecade: 44.9 - HATA_BASE_HEIGHT_SLOPE_DB * logHb };
}
