import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The Ranghulu district boundary, [lon, lat]. */
export function ranghuluBoundary(): GeoJSON.Polygon {
  const path = fileURLToPath(new URL('../../../geo-data/ranghulu/boundary.geojson', import.meta.url));
  const fc = JSON.parse(readFileSync(path, 'utf8')) as GeoJSON.FeatureCollection<GeoJSON.Polygon>;
  return fc.features[0].geometry;
}

/** Deterministic PRNG (mulberry32) for seeded test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
