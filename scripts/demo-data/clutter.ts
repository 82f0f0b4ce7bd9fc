/**
 * Clutter (land-use) polygons and settlements built from the layout, kept inside the district and
 * free of overlaps, plus the lookup of the environment class at a point.
 */
import type { EnvironmentClass, LonLat } from '../../server/core/model.ts';
import type { DistrictBoundary } from './boundary.ts';
import { blobRing, polygonContains, roundPoint, scaleRing, type Ring } from './geo.ts';
import { BUILT_UP_AREAS, OPEN_AREAS, VILLAGES, type BuiltUpArea, type OpenArea } from './layout.ts';
import type { Random } from './prng.ts';

export interface ClutterPolygon {
  code: string;
  name: string;
  environment: EnvironmentClass;
  /** Exterior ring then holes (holes clockwise). */
  rings: Ring[];
}

export interface Settlement {
  code: string;
  name: string;
  population: number;
  /** Polygon rings for towns and estates, a point for small villages. */
  rings: Ring[] | null;
  point: LonLat | null;
}

/** Keep polygons this far inside the district edge, km. */
const EDGE_MARGIN_KM = 0.25;

/** Pull vertices toward the centre until the vertices and the edges between them lie inside the district. */
function fitInside(ring: Ring, center: LonLat, boundary: DistrictBoundary): Ring {
  const factors = ring.slice(0, -1).map(() => 1);
  const at = (i: number): LonLat => {
    const p = ring[i];
    return roundPoint([center[0] + (p[0] - center[0]) * factors[i], center[1] + (p[1] - center[1]) * factors[i]]);
  };
  const n = factors.length;
  for (let pass = 0; pass < 200; pass++) {
    let changed = false;
    for (let i = 0; i < n; i++) {
      const a = at(i);
      const b = at((i + 1) % n);
      // vertex plus samples along the edge to the next vertex
      for (let k = 0; k < 8; k++) {
        const t = k / 8;
        if (!boundary.contains([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t], t === 0 ? EDGE_MARGIN_KM : EDGE_MARGIN_KM / 2)) {
          factors[i] *= 0.93;
          factors[(i + 1) % n] *= k === 0 ? 1 : 0.93;
          changed = true;
          break;
        }
      }
    }
    if (!changed) {
      const fitted = factors.map((_, i) => at(i));
      fitted.push(fitted[0]);
      return fitted;
    }
  }
  throw new Error(`cannot fit polygon around ${center.join(',')} inside the district`);
}

function outerRing(rng: Random, area: BuiltUpArea | OpenArea, boundary: DistrictBoundary): Ring {
  const ring = blobRing(rng, area.center, {
    radiusKm: area.radiusKm,
    elongation: area.elongation,
    orientationDeg: area.orientationDeg,
    roughness: 0.18,
    vertices: 36,
  });
  return fitInside(ring, area.center, boundary);
}

export interface LandUse {
  clutter: ClutterPolygon[];
  settlements: Settlement[];
}

/** Build clutter and settlements; throws if two clutter polygons overlap. */
export function buildLandUse(rng: Random, boundary: DistrictBoundary): LandUse {
  const clutter: ClutterPolygon[] = [];
  const settlements: Settlement[] = [];
  for (const area of BUILT_UP_AREAS) {
    const outer = outerRing(rng, area, boundary);
    settlements.push({ code: area.code, name: `${area.nameZh} ${area.nameEn}`, population: area.population, rings: [outer], point: null });
    if (area.coreFraction) {
      const core = scaleRing(outer, area.center, area.coreFraction);
      clutter.push({
        code: `${area.code}-core`,
        name: `${area.nameZh}核心区 ${area.nameEn} core`,
        environment: 'urban-large',
        rings: [core],
      });
      clutter.push({
        code: area.code,
        name: `${area.nameZh} ${area.nameEn}`,
        environment: area.environment,
        rings: [outer, core.slice().reverse()],
      });
    } else {
      clutter.push({ code: area.code, name: `${area.nameZh} ${area.nameEn}`, environment: area.environment, rings: [outer] });
    }
  }
  for (const area of OPEN_AREAS) {
    clutter.push({
      code: area.code,
      name: `${area.nameZh} ${area.nameEn}`,
      environment: area.environment,
      rings: [outerRing(rng, area, boundary)],
    });
  }
  for (const village of VILLAGES) {
    settlements.push({
      code: village.code,
      name: `${village.nameZh} ${village.nameEn}`,
      population: village.population,
      rings: null,
      point: village.position,
    });
  }
  assertNoOverlap(clutter);
  return { clutter, settlements };
}

function assertNoOverlap(polygons: ClutterPolygon[]): void {
  for (const a of polygons) {
    for (const b of polygons) {
      // a core is exactly the hole of its urban ring
      if (a === b || a.code === `${b.code}-core` || b.code === `${a.code}-core`) continue;
      if (a.rings[0].some((p) => polygonContains(b.rings, p))) throw new Error(`clutter polygons ${a.code} and ${b.code} overlap`);
    }
  }
}

/** Environment class at a point: the clutter polygon containing it, else the area default. */
export class ClutterIndex {
  private readonly entries: { polygon: ClutterPolygon; bbox: [number, number, number, number] }[];

  constructor(
    polygons: readonly ClutterPolygon[],
    private readonly defaultEnvironment: EnvironmentClass,
  ) {
    this.entries = polygons.map((polygon) => {
      const xs = polygon.rings[0].map((p) => p[0]);
      const ys = polygon.rings[0].map((p) => p[1]);
      return { polygon, bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
    });
  }

  environmentAt(p: LonLat): EnvironmentClass {
    return this.polygonAt(p)?.environment ?? this.defaultEnvironment;
  }

  polygonAt(p: LonLat): ClutterPolygon | null {
    for (const { polygon, bbox } of this.entries) {
      if (p[0] < bbox[0] || p[0] > bbox[2] || p[1] < bbox[1] || p[1] > bbox[3]) continue;
      if (polygonContains(polygon.rings, p)) return polygon;
    }
    return null;
  }
}
