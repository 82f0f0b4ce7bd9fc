/**
 * Antenna patterns after 3GPP TR 36.814 V9.0.0, Table A.2.1.1-2: parabolic main lobe in dB,
 * capped by a side-lobe level. Angles in degrees; gains relative to boresight, dB (<= 0).
 */

/** Front-to-back ratio Am of the horizontal pattern and cap of the combined pattern, dB. */
export const MAX_ATTENUATION_DB = 25;
/** Vertical side-lobe level SLAv, dB. */
export const VERTICAL_SIDE_LOBE_DB = 20;
/** Default vertical half-power beamwidth θ3dB, degrees (TR 36.814 value). */
export const DEFAULT_VERTICAL_BEAMWIDTH_DEG = 10;

/** Wrap an angle into [-180, 180) degrees. */
export function wrapDegrees(angleDeg: number): number {
  return ((((angleDeg + 180) % 360) + 360) % 360) - 180;
}

/**
 * Horizontal pattern A_H(φ) = -min(12(φ/φ3dB)², Am), dB, φ = off-boresight angle (any degrees,
 * wrapped), φ3dB = half-power beamwidth (> 0): -3 dB at φ = φ3dB/2. Source: 3GPP TR 36.814 A.2.1.1.
 */
export function horizontalGainDb(offBoresightDeg: number, beamwidthDeg: number): number {
  const ratio = wrapDegrees(offBoresightDeg) / beamwidthDeg;
  return -Math.min(12 * ratio * ratio, MAX_ATTENUATION_DB);
}

/**
 * Vertical pattern A_V(θ) = -min(12((θ-θtilt)/θ3dB)², SLAv), dB, θ = depression angle below the
 * horizon towards the receiver (degrees), θtilt = downtilt (positive down), θ3dB default 10°.
 * Source: 3GPP TR 36.814 A.2.1.1.
 */
export function verticalGainDb(
  depressionDeg: number,
  tiltDeg: number,
  verticalBeamwidthDeg: number = DEFAULT_VERTICAL_BEAMWIDTH_DEG,
): number {
  const ratio = (depressionDeg - tiltDeg) / verticalBeamwidthDeg;
  return -Math.min(12 * ratio * ratio, VERTICAL_SIDE_LOBE_DB);
}

/**
 * Combined pattern A(φ, θ) = -min(-(A_H + A_V), Am), dB (<= 0). Source: 3GPP TR 36.814 A.2.1.1.
 */
export function combinedGainDb(horizontalDb: number, verticalDb: number): number {
  return -Math.min(-(horizontalDb + verticalDb), MAX_ATTENUATION_DB);
}

/** Depression angle from an antenna at heightM to a receiver at receiverHeightM, distanceM away (> 0), degrees. */
export function depressionAngleDeg(antennaHeightM: number, receiverHeightM: number, distanceM: number): number {
  return (Math.atan2(antennaHeightM - receiverHeightM, distanceM) * 180) / Math.PI;
}

/**
 * Attenuation of a cell antenna towards a target, dB (>= 0): -A(φ, θ) with φ = bearing - azimuth.
 * azimuthDeg null = omnidirectional: no horizontal term. Bearings clockwise from north, degrees.
 */
export function antennaAttenuationDb(
  antenna: { azimuthDeg: number | null; beamwidthDeg: number; tiltDeg: number },
  bearingDeg: number,
  depressionDeg: number,
  verticalBeamwidthDeg: number = DEFAULT_VERTICAL_BEAMWIDTH_DEG,
): number {
  const horizontalDb = antenna.azimuthDeg === null ? 0 : horizontalGainDb(bearingDeg - antenna.azimuthDeg, antenna.beamwidthDeg);
  return -combinedGainDb(horizontalDb, verticalGainDb(depressionDeg, antenna.tiltDeg, verticalBeamwidthDeg));
}
