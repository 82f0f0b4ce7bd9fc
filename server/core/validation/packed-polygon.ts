/**
 * A GeoJSON Polygon or MultiPolygon as three flat typed arrays. Handing a 200,000-vertex polygon to a
 * worker thread as nested arrays costs the sending thread a structured clone of one array per
 * position (hundreds of ms); packed, it is one copy of a Float64Array. Coordinates WGS84 [lon, lat].
 */
export interface PackedPolygon {
  type: 'Polygon' | 'MultiPolygon';
  /** lon, lat of every position, ring after ring, polygon after polygon. */
  coordinates: Float64Array;
  /** Positions in each ring. */
  ringSizes: Uint32Array;
  /** Rings in each polygon (one entry for a Polygon). */
  polygonSizes: Uint32Array;
}

/**
 * Pack a geometry whose structure is well formed (a Polygon or MultiPolygon, arrays all the way down,
 * every position 2 or 3 numbers; a third number, the height, is dropped). Anything else gives null:
 * such input is refused by the structural checks long before any costly test, so it is checked as is.
 * Values are kept as they are, in range or not.
 */
export function packPolygon(geometry: unknown): PackedPolygon | null {
  if (typeof geometry !== 'object' || geometry === null) return null;
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
  if ((type !== 'Polygon' && type !== 'MultiPolygon') || !Array.isArray(coordinates)) return null;
  const polygons: unknown[] = type === 'Polygon' ? [coordinates] : coordinates;
  let positions = 0,
    rings = 0;
  for (const polygon of polygons) {
    if (!Array.isArray(polygon)) return null;
    for (const ring of polygon) {
      if (!Array.isArray(ring)) return null;
      rings++;
      positions += ring.length;
    }
  }
  const packed: PackedPolygon = {
    type,
    coordinates: new Float64Array(positions * 2),
    ringSizes: new Uint32Array(rings),
    polygonSizes: new Uint32Array(polygons.length),
  };
  let at = 0,
    r = 0;
  for (let p = 0; p < polygons.length; p++) {
    const polygon = polygons[p] as unknown[];
    packed.polygonSizes[p] = polygon.length;
    for (const ring of polygon as unknown[][]) {
      packed.ringSizes[r++] = ring.length;
      for (let i = 0; i < ring.length; i++) {
        const position = ring[i];
        if (!Array.isArray(position) || position.length < 2 || position.length > 3) return null;
        const lon = position[0],
          lat = position[1];
        if (typeof lon !== 'number' || typeof lat !== 'number' || (position.length === 3 && typeof position[2] !== 'number')) return null;
        packed.coordinates[at++] = lon;
        packed.coordinates[at++] = lat;
      }
    }
  }
  return packed;
}

/** The geometry back as GeoJSON (positions [lon, lat]). */
export function unpackPolygon(packed: PackedPolygon): GeoJSON.Polygon | GeoJSON.MultiPolygon {
  const c = packed.coordinates;
  let at = 0,
    r = 0;
  const polygons = Array.from(packed.polygonSizes, (ringCount) => {
    const rings: GeoJSON.Position[][] = [];
    for (let k = 0; k < ringCount; k++) {
      const size = packed.ringSizes[r++];
      const ring: GeoJSON.Position[] = new Array(size);
      for (let i = 0; i < size; i++, at += 2) ring[i] = [c[at], c[at + 1]];
      rings.push(ring);
    }
    return rings;
  });
  return packed.type === 'Polygon' ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
}

/** Positions of a packed geometry. */
export function packedVertexCount(packed: PackedPolygon): number {
  return packed.coordinates.length / 2;
}
