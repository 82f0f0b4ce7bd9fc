/**
 * Single knife-edge diffraction, ITU-R P.526-15 §4.1.
 *
 * Fresnel-Kirchhoff parameter of an edge (eq. 26): v = h·sqrt((2/λ)·(1/d1 + 1/d2)), h the height of
 * the edge above the straight line joining the two ends (negative below it), d1 and d2 the distances
 * from the ends to the edge. Loss J(v) in dB (eq. 31, valid for v > -0.78; 0 below, where the
 * recommendation's figure 9 shows the loss vanishing):
 *   J(v) = 6.9 + 20·log10( sqrt((v - 0.1)² + 1) + v - 0.1 ).
 * The exact loss from the Fresnel integrals (eq. 27) is `knifeEdgeLossExactDb`; eq. 31 stays within
 * about 0.5 dB of it over the range the engine uses.
 */

/** Speed of light, m/s (for wavelengths). */
export const SPEED_OF_LIGHT_M_PER_S = 299_792_458;

/** Below this v the knife-edge loss is taken as 0 dB (ITU-R P.526-15 eq. 31 holds for v > -0.78). */
export const KNIFE_EDGE_MIN_V = -0.78;

/** Wavelength of a carrier, m. */
export function wavelengthM(frequencyMhz: number): number {
  return SPEED_OF_LIGHT_M_PER_S / (frequencyMhz * 1e6);
}

/** Knife-edge loss J(v), dB (ITU-R P.526-15 eq. 31); 0 for v <= -0.78. */
export function knifeEdgeLossDb(v: number): number {
  if (!(v > KNIFE_EDGE_MIN_V)) return 0;
  const t = v - 0.1;
  return 6.9 + 20 * Math.log10(Math.sqrt(t * t + 1) + t);
}

/**
 * Fresnel-Kirchhoff diffraction parameter v of an edge (ITU-R P.526-15 eq. 26): `clearanceM` is the
 * edge's height above the line between the ends (m, positive when it blocks), d1/d2 m from the ends.
 */
export function fresnelParameterV(clearanceM: number, d1M: number, d2M: number, wavelength: number): number {
  return clearanceM * Math.sqrt((2 / wavelength) * (1 / d1M + 1 / d2M));
}

/** Radius of the first Fresnel zone at distances d1, d2 from the ends, m (ITU-R P.526-15 eq. 2). */
export function firstFresnelRadiusM(d1M: number, d2M: number, wavelength: number): number {
  return Math.sqrt((wavelength * d1M * d2M) / (d1M + d2M));
}

/**
 * Fresnel integrals C(v) = ∫0^v cos(πt²/2) dt and S(v) = ∫0^v sin(πt²/2) dt by composite Simpson's
 * rule (4000 intervals per unit of |v|; error below 1e-9 for |v| <= 10). A reference for tests and
 * point answers, not for the raster kernel.
 */
export function fresnelIntegrals(v: number): { c: number; s: number } {
  const x = Math.abs(v);
  const steps = 2 * Math.max(1, Math.ceil(2000 * x));
  const h = x / steps;
  let c = 0;
  let s = 0;
  for (let i = 0; i <= steps; i++) {
    const t = i * h;
    const w = i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2;
    const phase = (Math.PI / 2) * t * t;
    c += w * Math.cos(phase);
    s += w * Math.sin(phase);
  }
  const sign = v < 0 ? -1 : 1;
  return { c: (sign * c * h) / 3, s: (sign * s * h) / 3 };
}

/** Exact knife-edge loss from the Fresnel integrals, dB (ITU-R P.526-15 eq. 27). */
export function knifeEdgeLossExactDb(v: number): number {
  const { c, s } = fresnelIntegrals(v);
  const amplitude = Math.sqrt((1 - c - s) ** 2 + (c - s) ** 2) / 2;
  return -20 * Math.log10(amplitude);
}
