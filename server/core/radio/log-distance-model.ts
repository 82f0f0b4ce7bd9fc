/**
 * A path-loss law of the form L(d) = interceptDb + slopeDbPerDecade·log10(d km):
 * every Hata variant is one, which lets per-area calibration shift both terms.
 */
export interface LogDistanceModel {
  /** Loss at 1 km, dB. */
  interceptDb: number;
  /** Loss increase per decade of distance, dB. */
  slopeDbPerDecade: number;
}

/** Loss of a log-distance model at distanceKm (> 0), dB: intercept + slope·log10(dKm). */
export function logDistanceLossDb(model: LogDistanceModel, distanceKm: number): number {
  return model.interceptDb + model.slopeDbPerDecade * Math.log10(distanceKm);
}
