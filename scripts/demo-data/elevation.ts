/**
 * A plausible elevation model of Ranghulu for the demo: the Songnen plain at about 140–160 m, a gentle
 * fall from the north-east to the south-west with low undulations, the lakes a few metres below the
 * plain inside banks raised along their shores (the reservoirs' embankments), and straight earth
 * embankments across the oilfield works (pipeline and road dams). 3″ cells (≈ 90 m, as SRTM), whole
 * metres (Int16), so the committed GeoTIFF stays small.
 */
import type { ElevationGrid } from '../../server/core/geo/elevation/elevation-grid.ts';
import type { LonLat } from '../../server/core/model.ts';
import type { DistrictBoundary } from './boundary.ts';
import { KM_PER_DEG_LAT, kmPerDegLon } from './geo.ts';
import { OPEN_AREAS, type OpenArea } from './layout.ts';
import type { Random } from './prng.ts';

/** Cell size, degrees (3 arc-seconds). */
export const DEM_CELL_DEG = 1 / 1200;
/** Margin around the district's bounding box, degrees. */
const MARGIN_DEG = 0.02;

/** Embankments across the oilfield works: a few per works area, metres high. */
const EMBANKMENTS_PER_WORKS = 3;
const EMBANKMENT_HEIGHT_M = 3;
const EMBANKMENT_HALF_WIDTH_KM = 0.06;

/** Distance from an open area's centre in units of its radius along its (elongated, rotated) axes. */
function ellipseDistance(area: OpenArea, p: LonLat): number {
  const kx = kmPerDegLon(area.center[1]);
  const dx = (p[0] - area.center[0]) * kx;
  const dy = (p[1] - area.center[1]) * KM_PER_DEG_LAT;
  const a = (area.orientationDeg * Math.PI) / 180;
  const u = dx * Math.cos(a) + dy * Math.sin(a);
  const v = -dx * Math.sin(a) + dy * Math.cos(a);
  const major = area.radiusKm * Math.sqrt(area.elongation);
  const minor = area.radiusKm / Math.sqrt(area.elongation);
  return Math.hypot(u / major, v / minor);
}

/** Distance from p to segment ab, km (local plane). */
function segmentDistanceKm(p: LonLat, a: LonLat, b: LonLat): number {
  const kx = kmPerDegLon(p[1]);
  const px = p[0] * kx;
  const py = p[1] * KM_PER_DEG_LAT;
  const ax = a[0] * kx;
  const ay = a[1] * KM_PER_DEG_LAT;
  const ex = b[0] * kx - ax;
  const ey = b[1] * KM_PER_DEG_LAT - ay;
  const len2 = ex * ex + ey * ey;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * ex + (py - ay) * ey) / len2));
  return Math.hypot(ax + t * ex - px, ay + t * ey - py);
}

const smoothstep = (x: number) => (x <= 0 ? 0 : x >= 1 ? 1 : x * x * (3 - 2 * x));

/** The DEM over the district's bounding box with a margin, EPSG:4326, heights in whole metres. */
export function buildElevation(rng: Random, boundary: DistrictBoundary): ElevationGrid {
  const [minLon, minLat, maxLon, maxLat] = boundary.bbox;
  const snap = (v: number, up: boolean) => (up ? Math.ceil(v * 1200) : Math.floor(v * 1200)) / 1200;
  const originX = snap(minLon - MARGIN_DEG, false);
  const originY = snap(maxLat + MARGIN_DEG, true);
  const width = Math.round((snap(maxLon + MARGIN_DEG, true) - originX) * 1200);
  const height = Math.round((originY - snap(minLat - MARGIN_DEG, false)) * 1200);
  // Undulations: a handful of long waves (4–15 km) with random directions and phases.
  const waves = Array.from({ length: 6 }, () => ({
    angle: rng.uniform(0, Math.PI),
    lengthKm: rng.uniform(4, 15),
    phase: rng.uniform(0, 2 * Math.PI),
    amplitudeM: rng.uniform(0.6, 1.6),
  }));
  const lakes = OPEN_AREAS.filter((a) => a.code.startsWith('lake-'));
  const works = OPEN_AREAS.filter((a) => a.code.startsWith('works-'));
  const embankments: Array<[LonLat, LonLat]> = [];
  for (const w of works) {
    const kx = kmPerDegLon(w.center[1]);
    for (let k = 0; k < EMBANKMENTS_PER_WORKS; k++) {
      const angle = ((w.orientationDeg + rng.uniform(-25, 25) + (k % 2) * 90) * Math.PI) / 180;
      const half = w.radiusKm * rng.uniform(0.8, 1.3);
      const off = rng.uniform(-0.5, 0.5) * w.radiusKm;
      const cx = w.center[0] + (-Math.sin(angle) * off) / kx;
      const cy = w.center[1] + (Math.cos(angle) * off) / KM_PER_DEG_LAT;
      const dx = (Math.cos(angle) * half) / kx;
      const dy = (Math.sin(angle) * half) / KM_PER_DEG_LAT;
      embankments.push([
        [cx - dx, cy - dy],
        [cx + dx, cy + dy],
      ]);
    }
  }
  const midLon = (minLon + maxLon) / 2;
  const midLat = (minLat + maxLat) / 2;
  const heightsM = new Float32Array(width * height);
  for (let row = 0; row < height; row++) {
    const lat = originY - (row + 0.5) * DEM_CELL_DEG;
    for (let col = 0; col < width; col++) {
      const lon = originX + (col + 0.5) * DEM_CELL_DEG;
      const xKm = (lon - midLon) * kmPerDegLon(midLat);
      const yKm = (lat - midLat) * KM_PER_DEG_LAT;
      // The plain falls about 8 m over the district from the north-east to the south-west.
      let h = 149 + 0.1 * xKm + 0.08 * yKm;
      for (const w of waves) {
        const s = (xKm * Math.cos(w.angle) + yKm * Math.sin(w.angle)) / w.lengthKm;
        h += w.amplitudeM * Math.sin(2 * Math.PI * s + w.phase);
      }
      const p: LonLat = [lon, lat];
      for (const lake of lakes) {
        const d = ellipseDistance(lake, p);
        if (d > 1.6) continue;
        // Water 4 m below the plain inside, a bank 2 m above it along the shore, the plain beyond.
        const water = h - 4;
        const bank = h + 2;
        if (d < 0.9) h = water;
        else if (d < 1.05) h = water + (bank - water) * smoothstep((d - 0.9) / 0.15);
        else h = bank + (h - bank) * smoothstep((d - 1.05) / 0.5);
      }
      for (const [a, b] of embankments) {
        const dKm = segmentDistanceKm(p, a, b);
        if (dKm < EMBANKMENT_HALF_WIDTH_KM * 2) h += EMBANKMENT_HEIGHT_M * (1 - smoothstep(dKm / (EMBANKMENT_HALF_WIDTH_KM * 2)));
      }
      heightsM[row * width + col] = Math.round(Math.min(160, Math.max(138, h)));
    }
  }
  return { epsg: 4326, originX, originY, cellSizeX: DEM_CELL_DEG, cellSizeY: DEM_CELL_DEG, width, height, heightsM };
}
