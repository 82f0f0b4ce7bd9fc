import { Clipper, ClipType, FillRule, type Path64, type Paths64, PolyTree64, type PolyPath64, type Rect64 } from 'clipper2-ts';

/** A planar polygon: rings of [x, y] metres, the first outer, the rest holes (closed or not). */
export type PlanePolygon = GeoJSON.Position[][];

/** Integer units per metre at most (1 mm); fewer for regions wider than 30 km (see planeClipper). */
const MAX_UNITS_PER_M = 1000;
/**
 * Largest integer coordinate used: differences of two stay below 9e7, where clipper2-ts's orientation
 * tests multiply in doubles exactly (beyond, it falls back to BigInt).
 */
const MAX_COORDINATE = 4.4e7;

/** Intersects planar polygons with one fixed clip region (an area boundary), see planeClipper. */
export interface PlaneClipper {
  /**
   * The part of `polygons` (one feature's polygons, even-odd) inside the region, as polygons with
   * their holes; [] when nothing is left.
   */
  clip(polygons: readonly PlanePolygon[]): PlanePolygon[];
}

/**
 * A clipper for a planar region given by its rings (even-odd: holes subtract), coordinates in metres
 * (UTM in this service). Uses Clipper2 (Angus Johnson; TypeScript port clipper2-ts) on integer
 * coordinates relative to the centre of the region's bounding box: 1 mm apart for regions up to 30 km
 * across, coarser beyond (about 1.6 mm for the Ranghulu district, 3.4 cm for a 1,000 km province), so
 * that the library's orientation tests stay exact in doubles. Integer arithmetic makes the result
 * robust (no floating-point predicates); output vertices are within one unit of the exact
 * intersection. Each call first cuts the region to the polygons' bounding box (Clipper2's rectangle
 * clip) and returns the input untouched when that box lies wholly inside the region, so polygons away
 * from the edge cost next to nothing. Polygons to clip should lie within the region's bounding box
 * grown by its own size.
 */
export function planeClipper(regionRings: readonly GeoJSON.Position[][]): PlaneClipper {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const ring of regionRings) {
    for (const p of ring) {
      minX = Math.min(minX, p[0]);
      maxX = Math.max(maxX, p[0]);
      minY = Math.min(minY, p[1]);
      maxY = Math.max(maxY, p[1]);
    }
  }
  const ox = (minX + maxX) / 2;
  const oy = (minY + maxY) / 2;
  const extentM = Math.max(maxX - minX, maxY - minY, 1);
  const unitsPerM = Math.min(MAX_UNITS_PER_M, MAX_COORDINATE / (1.5 * extentM));
  const toPath = (ring: readonly GeoJSON.Position[]): Path64 => {
    const path: Path64 = [];
    for (const p of ring) path.push({ x: Math.round((p[0] - ox) * unitsPerM), y: Math.round((p[1] - oy) * unitsPerM) });
    return path;
  };
  const region: Paths64 = regionRings.map(toPath);
  const fromPath = (path: Path64): GeoJSON.Position[] => {
    const ring = path.map((p): GeoJSON.Position => [p.x / unitsPerM + ox, p.y / unitsPerM + oy]);
    ring.push([...ring[0]]);
    return ring;
  };
  return {
    clip(polygons) {
      const subject: Paths64 = [];
      for (const polygon of polygons) for (const ring of polygon) subject.push(toPath(ring));
      const bounds = Clipper.getBoundsPaths(subject);
      const box: Rect64 = { left: bounds.left - 1, top: bounds.top - 1, right: bounds.right + 1, bottom: bounds.bottom + 1 };
      const local = Clipper.rectClip(box, region);
      if (local.length === 0) return [];
      if (coversRect(local, box)) return polygons.map((polygon) => polygon.map((ring) => ring.map((p) => [p[0], p[1]])));
      const tree = new PolyTree64();
      Clipper.booleanOpWithPolyTree(ClipType.Intersection, subject, local, tree, FillRule.EvenOdd);
      const out: PlanePolygon[] = [];
      collectPolygons(tree, out, fromPath);
      return out;
    },
  };
}

/** Whether the region cut to `box` is the whole box (its area equals the box's). */
function coversRect(local: Paths64, box: Rect64): boolean {
  const boxArea = (box.right - box.left) * (box.bottom - box.top);
  return Math.abs(Math.abs(Clipper.areaPaths(local)) - boxArea) < 0.5;
}

/** Outer paths of the tree with their holes as polygons; islands inside holes become polygons of their own. */
function collectPolygons(node: PolyPath64, out: PlanePolygon[], fromPath: (path: Path64) => GeoJSON.Position[]): void {
  for (let i = 0; i < node.count; i++) {
    const outer = node.child(i);
    const rings = [orient(fromPath(outer.poly!), true)];
    for (let j = 0; j < outer.count; j++) {
      const hole = outer.child(j);
      rings.push(orient(fromPath(hole.poly!), false));
      collectPolygons(hole, out, fromPath);
    }
    out.push(rings);
  }
}

/** Ring in RFC 7946 order for y-up coordinates: outer counter-clockwise, holes clockwise. */
function orient(ring: GeoJSON.Position[], outer: boolean): GeoJSON.Position[] {
  const [x0, y0] = ring[0];
  let twiceArea = 0;
  for (let i = 1; i + 1 < ring.length; i++)
    twiceArea += (ring[i][0] - x0) * (ring[i + 1][1] - y0) - (ring[i + 1][0] - x0) * (ring[i][1] - y0);
  return twiceArea > 0 === outer ? ring : ring.reverse();
}
