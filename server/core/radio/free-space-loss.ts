/**
 * Free-space path loss (Friis) in the log-distance form used across the radio models:
 * L = 32.45 + 20·log10(f MHz) + 20·log10(d km). Source: ITU-R P.525-4, eq. (6).
 */

/** Slope of free-space loss, dB per decade of distance. */
export const FREE_SPACE_SLOPE_DB_PER_DECADE = 20;

/**
 * Free-space loss at 1 km, dB. Valid for any frequency > 0 MHz (ITU-R P.525-4).
 */
export function freeSpaceInterceptDb(frequencyMhz: number): number {
  return 32.45 + 20 * Math.log10(frequencyMhz);
}

/**
 * Free-space path loss, dB, for frequencyMhz > 0 and distanceKm > 0 (far field).
 * L = 32.45 + 20·log10(f MHz) + 20·log10(d km) (ITU-R P.525-4).
 */
export function freeSpaceLossDb(frequencyMhz: number, distanceKm: number): number {
  return freeSpaceInterceptDb(frequencyMhz) + FREE_SPACE_SLOPE_DB_PER_DECADE * Math.log10(distanceKm);
}
