/** A small calibration test network (two omni GSM sites) and its drive test, inside TEST_BOUNDARY (tests/helpers/app.ts). */
import { antennaAttenuationDb, depressionAngleDeg } from '../../../server/core/radio/antenna-pattern.ts';
import { eirpDbm } from '../../../server/core/radio/link-budget.ts';
import { okumuraHataModel } from '../../../server/core/radio/okumura-hata.ts';

const KM_PER_DEG_LAT = 111.2;
const kmPerDegLon = (lat: number) => KM_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180);

export const omni = {
  technology: 'GSM',
  frequencyMhz: 900,
  heightM: 30,
  azimuthDeg: null,
  beamwidthDeg: 360,
  tiltDeg: 2,
  powerDbm: 43,
  gainDbi: 11,
  lossDb: 3,
};
export const SITES = [
  { code: 'S1', name: '西站', lon: 124.825, lat: 46.625 },
  { code: 'S2', name: '东站', lon: 124.875, lat: 46.675 },
];
/** The "real network" in the test area (all urban): 4 dB stronger than Hata at 1 km, 3 dB/decade steeper. */
export const TRUTH = { interceptDeltaDb: -4, slopeDeltaDb: 3 };

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Measurements around the two sites: Okumura-Hata (urban) plus `truth` plus 6 dB shadowing, served by the site they were drawn for. */
export function driveTest(count: number, seed: number, truth: typeof TRUTH = TRUTH) {
  const uniform = seeded(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const hata = okumuraHataModel(omni.frequencyMhz, omni.heightM, 1.5, 'urban');
  return Array.from({ length: count }, (_, k) => {
    const site = SITES[k % SITES.length];
    const distanceKm = 0.4 * (5 / 0.4) ** uniform();
    const bearing = 2 * Math.PI * uniform();
    const lon = Math.min(124.899, Math.max(124.801, site.lon + (distanceKm * Math.sin(bearing)) / kmPerDegLon(site.lat)));
    const lat = Math.min(46.699, Math.max(46.601, site.lat + (distanceKm * Math.cos(bearing)) / KM_PER_DEG_LAT));
    const dKm = Math.hypot((lon - site.lon) * kmPerDegLon(site.lat), (lat - site.lat) * KM_PER_DEG_LAT);
    const lossDb = hata.interceptDb + truth.interceptDeltaDb + (hata.slopeDbPerDecade + truth.slopeDeltaDb) * Math.log10(dKm);
    const levelDbm =
      eirpDbm(omni) - lossDb - antennaAttenuationDb(omni, 0, depressionAngleDeg(omni.heightM, 1.5, dKm * 1000)) + 6 * normal();
    return {
      externalId: `DT-${k}`,
      survey: 'DT-TEST',
      lon: Number(lon.toFixed(6)),
      lat: Number(lat.toFixed(6)),
      technology: 'GSM' as const,
      levelDbm: Math.max(-150, Math.min(0, Math.round(levelDbm * 10) / 10)),
      servingCell: `${site.code}/G1`,
      measuredAt: '2006-06-12T09:30:00+08:00',
    };
  });
}
