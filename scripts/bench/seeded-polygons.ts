/**
 * Seeded valid polygons of any size, [lon, lat] degrees around Ranghulu, for the geometry bench and
 * the validator's tests. A shell is star-shaped: vertex k at angle 2πk/n (jittered within its slot)
 * and a random radius in [0.6, 1]·R, so vertices run around the centre in angle order and the ring is
 * simple; holes are smaller stars well inside 0.6·R·cos(π/n), the shell's inner bound.
 * Positions are rounded to 1e-7° (about 1 cm), as survey files write them.
 */

const CENTRE: [number, number] = [124.85, 46.65];
const DECIMALS = 1e7;
/** Hole centres (in shell radii from the shell centre) and hole radius: holes stay inside the shell and apart. */
const HOLE_OFFSETS: Array<[number, number]> = [
  [-0.25, -0.25],
  [0.25, -0.25],
  [0.25, 0.25],
  [-0.25, 0.25],
];
const HOLE_RADIUS = 0.2;

/** Small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A closed star-shaped ring of `vertices` distinct positions (plus the closing one), radius ≤ radiusDeg. */
export function starRing(vertices: number, radiusDeg: number, centre: [number, number], random: () => number): GeoJSON.Position[] {
  const ring: GeoJSON.Position[] = [];
  for (let k = 0; k < vertices; k++) {
    const angle = ((k + 0.1 + 0.8 * random()) / vertices) * 2 * Math.PI;
    const r = radiusDeg * (0.6 + 0.4 * random());
    ring.push([
      Math.round((centre[0] + r * Math.cos(angle)) * DECIMALS) / DECIMALS,
      Math.round((centre[1] + r * Math.sin(angle)) * DECIMALS) / DECIMALS,
    ]);
  }
  ring.push([...ring[0]]);
  return ring;
}

/** A valid Polygon of about `vertices` positions, no holes. */
export function seededPolygon(vertices: number, seed: number, radiusDeg = 0.2): GeoJSON.Polygon {
  return { type: 'Polygon', coordinates: [starRing(vertices - 1, radiusDeg, CENTRE, prng(seed))] };
}

/**
 * A valid MultiPolygon of `polygons` side-by-side polygons, each a shell and four holes, about
 * `vertices` positions in all (half in the shells, half in the holes).
 */
export function seededMultiPolygon(vertices: number, polygons: number, seed: number, radiusDeg = 0.05): GeoJSON.MultiPolygon {
  const random = prng(seed);
  const perPolygon = Math.floor(vertices / polygons);
  const shellVertices = Math.max(16, Math.floor(perPolygon / 2));
  const holeVertices = Math.max(8, Math.floor((perPolygon - shellVertices) / HOLE_OFFSETS.length));
  const coordinates: GeoJSON.Position[][][] = [];
  for (let p = 0; p < polygons; p++) {
    // Polygons on a row, 2.5 radii apart: disjoint.
    const centre: [number, number] = [CENTRE[0] + (p - polygons / 2) * 2.5 * radiusDeg, CENTRE[1]];
    const shell = starRing(shellVertices - 1, radiusDeg, centre, random);
    const holes = HOLE_OFFSETS.map(([dx, dy]) =>
      starRing(holeVertices - 1, HOLE_RADIUS * radiusDeg, [centre[0] + dx * radiusDeg, centre[1] + dy * radiusDeg], random),
    );
    coordinates.push([shell, ...holes]);
  }
  return { type: 'MultiPolygon', coordinates };
}
