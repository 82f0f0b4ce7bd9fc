/**
 * Large valid polygons for tests and benchmarks: `vertices` positions around a centre at angles
 * that only grow, at radii between 0.6 and 1 of `radiusDeg` (seeded), so the ring never crosses
 * itself (star-shaped around the centre). Coordinates [lon, lat], the ring closed.
 */
export function starPolygon(centre: [number, number], radiusDeg: number, vertices: number, seed = 1): GeoJSON.Polygon {
  let state = seed >>> 0 || 1;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const ring: GeoJSON.Position[] = [];
  for (let i = 0; i < vertices; i++) {
    const angle = (2 * Math.PI * i) / vertices;
    const r = radiusDeg * (0.6 + 0.4 * random());
    ring.push([round6(centre[0] + r * Math.cos(angle)), round6(centre[1] + r * Math.sin(angle))]);
  }
  ring.push([...ring[0]]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** The same ring with two far-apart vertices swapped: edges across the polygon cross each other. */
export function crossedStarPolygon(centre: [number, number], radiusDeg: number, vertices: number): GeoJSON.Polygon {
  const polygon = starPolygon(centre, radiusDeg, vertices);
  const ring = polygon.coordinates[0];
  const a = 1,
    b = Math.floor(vertices / 2);
  [ring[a], ring[b]] = [ring[b], ring[a]];
  return polygon;
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
