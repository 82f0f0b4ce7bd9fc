import { type TileWindow, tileWindows } from '../geo/tile-windows.ts';
import type { CoverageRaster } from './coverage-raster.ts';
import { type GapOptions, type GapProperties, type GapStats, type RegionComponent, regionFeatures } from './gap-polygons.ts';
import { labelComponents } from './pixel-components.ts';
import type { PreparedArea } from './prepared-area.ts';
import {
  areaWindowLayers,
  rasterWindowCoverage,
  reportWeightsByTile,
  type TileAreaLayers,
  type TileCoverageView,
  tileCoveredPx,
  tileKey,
  type TileReportWeight,
} from './tile-partials.ts';
import { DX, DY, EAST, LEFT_OF, lowestBit, NORTH, SADDLE_OFFSET_PX, SOUTH, type TracedRing, tracedRing, WEST } from './trace-outlines.ts';
import { modeLossDb, reportWeightsByPixel } from './coverage-figures.ts';

/**
 * Gap polygons from tiles. Each tile is traced on its own: its uncovered inside pixels are labelled
 * (8-connected within the tile), their statistics summed, and the boundary edges of its own pixels
 * followed into outline fragments that end where the outline passes into a neighbour's pixels. A tile
 * needs of its neighbours only the one-pixel ring of their uncovered flags around it (TileBorderPx):
 * the edges and turns at its border vertices depend on nothing else. The stitcher then joins the
 * components that touch across tile borders (union-find over the tiles' border labels, diagonals
 * included), chains the fragments end to start into rings, and draws the same features as
 * gapPolygons on the whole raster: same rings (same start vertex and order as traceOutlines), holes,
 * areas, residents, reports, minimum size, clipping. It holds per-tile statistics and fragments only.
 */

/** Uncovered inside pixels of a window (1 = gap pixel), against the threshold + extraLossDb. */
export function tileGapPx(
  window: TileWindow,
  coverages: readonly TileCoverageView[],
  area: Pick<TileAreaLayers, 'mask' | 'offset' | 'stride'>,
  extraLossDb: number,
): Uint8Array {
  const selected = tileCoveredPx(window, coverages, extraLossDb);
  for (let r = 0; r < window.height; r++) {
    for (let c = 0; c < window.width; c++) {
      const p = r * window.width + c;
      selected[p] = area.mask[area.offset + r * area.stride + c] !== 0 && selected[p] === 0 ? 1 : 0;
    }
  }
  return selected;
}

/** The outermost rows and columns of a tile's gap pixels: what its neighbours need of it. */
export interface TileBorderPx {
  window: TileWindow;
  top: Uint8Array;
  bottom: Uint8Array;
  left: Uint8Array;
  right: Uint8Array;
}

function borderOf<T extends Uint8Array | Int32Array>(window: TileWindow, values: T, make: (n: number) => T) {
  const { width: w, height: h } = window;
  const top = make(w);
  const bottom = make(w);
  const left = make(h);
  const right = make(h);
  top.set(values.subarray(0, w));
  bottom.set(values.subarray((h - 1) * w, h * w));
  for (let r = 0; r < h; r++) {
    left[r] = values[r * w];
    right[r] = values[r * w + w - 1];
  }
  return { top, bottom, left, right };
}

export function tileBorderPx(window: TileWindow, selected: Uint8Array): TileBorderPx {
  return { window: { ...window }, ...borderOf(window, selected, (n) => new Uint8Array(n)) };
}

/** The borders of a tile's eight neighbours (null or absent at the grid's edge). */
export interface NeighbourBorders {
  n?: TileBorderPx | null;
  s?: TileBorderPx | null;
  e?: TileBorderPx | null;
  w?: TileBorderPx | null;
  ne?: TileBorderPx | null;
  nw?: TileBorderPx | null;
  se?: TileBorderPx | null;
  sw?: TileBorderPx | null;
}

/** The tile's gap pixels with a one-pixel ring from its neighbours, (width+2)×(height+2). */
function paddedPx(window: TileWindow, selected: Uint8Array, nb: NeighbourBorders): Uint8Array {
  const { width: w, height: h } = window;
  const pw = w + 2;
  const out = new Uint8Array(pw * (h + 2));
  const expect = (b: TileBorderPx | null | undefined, side: keyof NeighbourBorders, length: number, of: 'width' | 'height') => {
    if (b && b.window[of] !== length)
      throw new RangeError(`neighbours.${side}: its ${of} is ${b.window[of]} px, the tile at ${tileKey(window)} needs ${length}`);
    return b ?? null;
  };
  // Flags as 0/1 whatever non-zero value marks a gap pixel (the saddle test compares them).
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) out[(r + 1) * pw + c + 1] = selected[r * w + c] !== 0 ? 1 : 0;
  const n = expect(nb.n, 'n', w, 'width');
  const s = expect(nb.s, 's', w, 'width');
  const e = expect(nb.e, 'e', h, 'height');
  const west = expect(nb.w, 'w', h, 'height');
  const flag = (v: number) => (v !== 0 ? 1 : 0);
  for (let c = 0; c < w; c++) {
    if (n) out[c + 1] = flag(n.bottom[c]);
    if (s) out[(h + 1) * pw + c + 1] = flag(s.top[c]);
  }
  for (let r = 0; r < h; r++) {
    if (west) out[(r + 1) * pw] = flag(west.right[r]);
    if (e) out[(r + 1) * pw + w + 1] = flag(e.left[r]);
  }
  if (nb.nw) out[0] = flag(nb.nw.bottom[nb.nw.bottom.length - 1]);
  if (nb.ne) out[w + 1] = flag(nb.ne.bottom[0]);
  if (nb.sw) out[(h + 1) * pw] = flag(nb.sw.top[nb.sw.top.length - 1]);
  if (nb.se) out[(h + 1) * pw + w + 1] = flag(nb.se.top[0]);
  return out;
}

/**
 * A piece of a ring: the boundary edges a tile owns (those of its own pixels) followed from `startKey`
 * until the outline passes to a neighbour's edge (`endKey`, the start of the next piece), or round to
 * its start (a ring within the tile: endKey = startKey). An edge's key is (vertex index on the area's
 * pixel-corner lattice, y·(width+1)+x) × 4 + direction (E, S, W, N).
 */
export interface OutlineFragment {
  /** Component label within the tile. */
  label: number;
  startKey: number;
  endKey: number;
  /** Least key of the piece's edges, and the number of its points before that edge's start. */
  minKey: number;
  minOffset: number;
  /** Corners at the vertices after the start up to the end vertex, flat [x, y, ...] on the lattice (traceOutlines). */
  points: Float64Array;
}

/** What the stitcher needs of one tile. */
export interface TileGaps {
  window: TileWindow;
  /** Components of the tile's gap pixels (8-connected within the tile), labels 1..count (row-major by first pixel). */
  count: number;
  /** Per label (entry 0 unused): pixels, residents (row-major), report weight, sums of columns and rows, first pixel's index on the area grid. */
  pixels: Int32Array;
  population: Float64Array;
  reports: Float64Array;
  sumXPx: Float64Array;
  sumYPx: Float64Array;
  firstPx: Float64Array;
  /** Labels of the outermost rows and columns (0 = not a gap pixel). */
  borderLabels: { top: Int32Array; bottom: Int32Array; left: Int32Array; right: Int32Array };
  fragments: OutlineFragment[];
}

export interface TraceTileInput {
  window: TileWindow;
  /** Width of the area grid, pixels (edge keys and pixel indices are on the whole grid). */
  gridWidthPx: number;
  /** The tile's gap pixels (tileGapPx), row-major over the window. */
  selected: Uint8Array;
  neighbours: NeighbourBorders;
  /** Residents per pixel over the window. */
  population: Pick<TileAreaLayers, 'population' | 'offset' | 'stride'>;
  /** The run's report weights on the window's pixels (reportWeightsByTile). */
  reports: readonly TileReportWeight[];
}

/** Trace one tile: its components' statistics, border labels and outline fragments. */
export function traceTileGaps(input: TraceTileInput): TileGaps {
  const { window, selected, gridWidthPx } = input;
  const { col0, row0, width: w, height: h } = window;
  if (selected.length !== w * h) throw new RangeError(`selected: ${selected.length} values for a ${w}×${h} tile at ${tileKey(window)}`);
  const { labels, count, sizes } = labelComponents(selected, w, h);
  const population = new Float64Array(count + 1);
  const reports = new Float64Array(count + 1);
  const sumXPx = new Float64Array(count + 1);
  const sumYPx = new Float64Array(count + 1);
  const firstPx = new Float64Array(count + 1).fill(Number.POSITIVE_INFINITY);
  const pop = input.population;
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const l = labels[r * w + c];
      if (l === 0) continue;
      population[l] += pop.population[pop.offset + r * pop.stride + c];
      sumXPx[l] += col0 + c;
      sumYPx[l] += row0 + r;
      if (firstPx[l] === Number.POSITIVE_INFINITY) firstPx[l] = (row0 + r) * gridWidthPx + col0 + c;
    }
  }
  for (const { px, weight } of input.reports) {
    if (!(Number.isInteger(px) && px >= 0 && px < w * h))
      throw new RangeError(`reports: pixel ${px} is outside the ${w}×${h} tile at ${tileKey(window)}`);
    if (labels[px] !== 0) reports[labels[px]] += weight;
  }
  const padded = paddedPx(window, selected, input.neighbours);
  return {
    window: { ...window },
    count,
    pixels: sizes,
    population,
    reports,
    sumXPx,
    sumYPx,
    firstPx,
    borderLabels: borderOf(window, labels, (n) => new Int32Array(n)),
    fragments: traceFragments(window, gridWidthPx, padded, labels),
  };
}

/** Follow the tile's own boundary edges into fragments (see OutlineFragment). */
function traceFragments(window: TileWindow, gridWidthPx: number, padded: Uint8Array, labels: Int32Array): OutlineFragment[] {
  const { col0, row0, width: w, height: h } = window;
  const pw = w + 2;
  const lw = w + 1;
  /** Gap flag of pixel (c, r) in tile coordinates, -1..w, -1..h. */
  const px = (c: number, r: number) => padded[(r + 1) * pw + c + 1];
  /** Every boundary edge leaving vertex (x, y), whichever tile owns it (the four pixels around decide). */
  const bitsAt = (x: number, y: number) => {
    const nw = px(x - 1, y - 1);
    const ne = px(x, y - 1);
    const sw = px(x - 1, y);
    const se = px(x, y);
    return (se && !ne ? 1 << EAST : 0) | (sw && !se ? 1 << SOUTH : 0) | (nw && !sw ? 1 << WEST : 0) | (ne && !nw ? 1 << NORTH : 0);
  };
  const isSaddle = (x: number, y: number) => {
    const nw = px(x - 1, y - 1);
    return nw === px(x, y) && px(x, y - 1) === px(x - 1, y) && nw !== px(x, y - 1);
  };
  const next = (x: number, y: number, incoming: number) => {
    const bits = bitsAt(x, y);
    return (bits & (bits - 1)) === 0 ? lowestBit(bits) : LEFT_OF[incoming];
  };
  // The edges of the tile's own pixels, per vertex of its lattice (as outgoingEdges in trace-outlines.ts).
  const own = new Uint8Array(lw * (h + 1));
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      if (px(c, r) === 0) continue;
      if (!px(c, r - 1)) own[r * lw + c] |= 1 << EAST;
      if (!px(c + 1, r)) own[r * lw + c + 1] |= 1 << SOUTH;
      if (!px(c, r + 1)) own[(r + 1) * lw + c + 1] |= 1 << WEST;
      if (!px(c - 1, r)) own[(r + 1) * lw + c] |= 1 << NORTH;
    }
  }
  const owned = (x: number, y: number, d: number) => x >= 0 && y >= 0 && x <= w && y <= h && (own[y * lw + x] & (1 << d)) !== 0;
  // Own edges that an own edge leads into: the others start fragments.
  const led = new Uint8Array(own.length);
  for (let v = 0; v < own.length; v++) {
    for (let d = 0; d < 4; d++) {
      if (!(own[v] & (1 << d))) continue;
      const x = (v % lw) + DX[d];
      const y = Math.floor(v / lw) + DY[d];
      const n = next(x, y, d);
      if (owned(x, y, n)) led[y * lw + x] |= 1 << n;
    }
  }
  const remaining = own.slice();
  const key = (x: number, y: number, d: number) => ((row0 + y) * (gridWidthPx + 1) + col0 + x) * 4 + d;
  const innerLabel = (x: number, y: number, d: number) =>
    d === EAST
      ? labels[y * w + x]
      : d === SOUTH
        ? labels[y * w + x - 1]
        : d === WEST
          ? labels[(y - 1) * w + x - 1]
          : labels[(y - 1) * w + x];
  const fragments: OutlineFragment[] = [];
  const trace = (x0: number, y0: number, d0: number, closed: boolean) => {
    remaining[y0 * lw + x0] &= ~(1 << d0);
    const points: number[] = [];
    const startKey = key(x0, y0, d0);
    let minKey = startKey;
    let minOffset = 0;
    let x = x0;
    let y = y0;
    let d = d0;
    for (;;) {
      x += DX[d];
      y += DY[d];
      const turn = next(x, y, d);
      if (turn !== d) {
        const gx = col0 + x;
        const gy = row0 + y;
        if (isSaddle(x, y)) {
          points.push(gx - SADDLE_OFFSET_PX * DX[d], gy - SADDLE_OFFSET_PX * DY[d]);
          points.push(gx + SADDLE_OFFSET_PX * DX[turn], gy + SADDLE_OFFSET_PX * DY[turn]);
        } else {
          points.push(gx, gy);
        }
      }
      if (closed ? x === x0 && y === y0 && turn === d0 : !owned(x, y, turn)) {
        fragments.push({
          label: innerLabel(x0, y0, d0),
          startKey,
          endKey: key(x, y, turn),
          minKey,
          minOffset,
          points: Float64Array.from(points),
        });
        return;
      }
      remaining[y * lw + x] &= ~(1 << turn);
      const k = key(x, y, turn);
      if (k < minKey) {
        minKey = k;
        minOffset = points.length / 2;
      }
      d = turn;
    }
  };
  for (let v = 0; v < own.length; v++) {
    for (let d = 0; d < 4; d++) if (own[v] & (1 << d) && !(led[v] & (1 << d))) trace(v % lw, Math.floor(v / lw), d, false);
  }
  // What is left are rings within the tile, traced from their first vertex as traceOutlines does.
  for (let v = 0; v < remaining.length; v++) {
    while (remaining[v] !== 0) trace(v % lw, Math.floor(v / lw), lowestBit(remaining[v]), true);
  }
  return fragments;
}

/** What the stitcher needs of the area: its grid, boundary, pixel area, tiling and minimum gap size. */
export type StitchArea = Pick<PreparedArea, 'grid' | 'boundary' | 'pixelAreaKm2' | 'tileSizePx'> & {
  settings: Pick<PreparedArea['settings'], 'minGapAreaKm2'>;
};

class UnionFind {
  readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) root = this.parent[root];
    while (this.parent[i] !== root) {
      const up = this.parent[i];
      this.parent[i] = root;
      i = up;
    }
    return root;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/**
 * Gap features from every tile's TileGaps (any order; every tile of the area's tiling once): the
 * same as gapPolygons on the whole raster. Throws when a tile is missing or given twice.
 */
export function stitchTileGaps(
  area: StitchArea,
  tiles: readonly TileGaps[],
  options: Pick<GapOptions, 'simplifyToleranceM' | 'minGapAreaKm2'> = {},
): GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon, GapProperties> {
  const ordered = [...tiles].sort((a, b) => a.window.row0 - b.window.row0 || a.window.col0 - b.window.col0);
  const expected = tileWindows(area.grid, area.tileSizePx);
  if (ordered.length !== expected.length)
    throw new RangeError(`tiles: ${ordered.length} given, the area has ${expected.length} tiles of ${area.tileSizePx} px`);
  const byKey = new Map<string, number>();
  const base = new Int32Array(ordered.length + 1);
  ordered.forEach((tile, t) => {
    const want = expected[t];
    const got = tile.window;
    if (got.col0 !== want.col0 || got.row0 !== want.row0 || got.width !== want.width || got.height !== want.height)
      throw new RangeError(
        `tiles: expected the tile at ${tileKey(want)} (${want.width}×${want.height} px), got ${tileKey(got)} (${got.width}×${got.height})`,
      );
    byKey.set(tileKey(got), t);
    base[t + 1] = base[t] + tile.count;
  });
  const components = new UnionFind(base[ordered.length]);
  const id = (t: number, label: number) => base[t] + label - 1;
  const at = (col0: number, row0: number) => byKey.get(`${col0},${row0}`);
  const joinRun = (ta: number, a: Int32Array, tb: number, b: Int32Array) => {
    for (let i = 0; i < a.length; i++) {
      if (a[i] === 0) continue;
      for (let j = Math.max(0, i - 1); j <= Math.min(b.length - 1, i + 1); j++)
        if (b[j] !== 0) components.union(id(ta, a[i]), id(tb, b[j]));
    }
  };
  ordered.forEach((tile, t) => {
    const { col0, row0, width, height } = tile.window;
    const east = at(col0 + width, row0);
    const south = at(col0, row0 + height);
    const southEast = at(col0 + width, row0 + height);
    const southWest = at(col0 - area.tileSizePx, row0 + height);
    const mine = tile.borderLabels;
    if (east !== undefined) joinRun(t, mine.right, east, ordered[east].borderLabels.left);
    if (south !== undefined) joinRun(t, mine.bottom, south, ordered[south].borderLabels.top);
    if (southEast !== undefined && mine.bottom[width - 1] !== 0) {
      const theirs = ordered[southEast].borderLabels.top[0];
      if (theirs !== 0) components.union(id(t, mine.bottom[width - 1]), id(southEast, theirs));
    }
    if (southWest !== undefined && mine.bottom[0] !== 0) {
      const top = ordered[southWest].borderLabels.top;
      if (top[top.length - 1] !== 0) components.union(id(t, mine.bottom[0]), id(southWest, top[top.length - 1]));
    }
  });
  // Statistics per component, summed tile by tile and label by label (as gapStatistics does).
  const stats = new Map<number, GapStats & { firstPx: number }>();
  ordered.forEach((tile, t) => {
    for (let l = 1; l <= tile.count; l++) {
      const root = components.find(id(t, l));
      let s = stats.get(root);
      if (!s) stats.set(root, (s = { pixels: 0, population: 0, reports: 0, sumX: 0, sumY: 0, firstPx: Number.POSITIVE_INFINITY }));
      s.pixels += tile.pixels[l];
      s.population += tile.population[l];
      s.reports += tile.reports[l];
      s.sumX += tile.sumXPx[l];
      s.sumY += tile.sumYPx[l];
      s.firstPx = Math.min(s.firstPx, tile.firstPx[l]);
    }
  });
  const minPixels = (options.minGapAreaKm2 ?? area.settings.minGapAreaKm2) / area.pixelAreaKm2;
  // Fragments of the kept components, by start edge; chained into rings.
  const fragments: { root: number; fragment: OutlineFragment }[] = [];
  const byStart = new Map<number, number>();
  ordered.forEach((tile, t) => {
    for (const fragment of tile.fragments) {
      const root = components.find(id(t, fragment.label));
      if (stats.get(root)!.pixels < minPixels) continue;
      byStart.set(fragment.startKey, fragments.length);
      fragments.push({ root, fragment });
    }
  });
  const rings = new Map<number, { minKey: number; ring: TracedRing }[]>();
  const used = new Uint8Array(fragments.length);
  for (let f0 = 0; f0 < fragments.length; f0++) {
    if (used[f0]) continue;
    const parts: OutlineFragment[] = [];
    let minKey = Number.POSITIVE_INFINITY;
    let rotation = 0;
    let length = 0;
    for (let f = f0; ; ) {
      if (used[f]) throw new Error(`outline: a fragment of the tile rings is reached twice (edge ${fragments[f].fragment.startKey})`);
      used[f] = 1;
      const part = fragments[f].fragment;
      if (part.minKey < minKey) {
        minKey = part.minKey;
        rotation = length + part.minOffset;
      }
      parts.push(part);
      length += part.points.length / 2;
      const after = byStart.get(part.endKey);
      if (after === undefined)
        throw new RangeError(`tiles: an outline leaves a tile at edge ${part.endKey} and no tile continues it (a tile is missing)`);
      if (after === f0) break;
      f = after;
    }
    const points = new Float64Array(length * 2);
    let k = 0;
    for (const part of parts) {
      for (let i = 0; i < part.points.length / 2; i++) {
        const to = ((k - rotation + length) % length) * 2;
        points[to] = part.points[2 * i];
        points[to + 1] = part.points[2 * i + 1];
        k++;
      }
    }
    const root = fragments[f0].root;
    const list = rings.get(root);
    const entry = { minKey, ring: tracedRing(root, points) };
    if (list) list.push(entry);
    else rings.set(root, [entry]);
  }
  const order = [...rings.keys()].sort(
    (a, b) => stats.get(b)!.pixels - stats.get(a)!.pixels || stats.get(a)!.firstPx - stats.get(b)!.firstPx,
  );
  const drawn: RegionComponent[] = order.map((root) => {
    const { firstPx: _, ...s } = stats.get(root)!;
    return {
      rings: rings
        .get(root)!
        .sort((a, b) => a.minKey - b.minKey)
        .map((r) => r.ring),
      stats: s,
    };
  });
  return regionFeatures(area, drawn, { simplifyToleranceM: options.simplifyToleranceM, idPrefix: 'gap' });
}

/**
 * gapPolygons by the tile path over a whole raster (or GSM and CDMA rasters combined into the "any
 * network" gaps): each tile's gap pixels and border first, then each tile traced with its neighbours'
 * borders, then stitched. What a tile store does without the raster, done here from one.
 */
export function gapPolygonsByTiles(
  prepared: PreparedArea,
  rasters: readonly CoverageRaster[],
  options: GapOptions = {},
): GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon, GapProperties> {
  const extraLossDb = modeLossDb(prepared, options.indoor);
  const windows = tileWindows(prepared.grid, prepared.tileSizePx);
  const gapPx = (window: TileWindow) =>
    tileGapPx(
      window,
      rasters.map((raster) => rasterWindowCoverage(raster, window)),
      areaWindowLayers(prepared, window),
      extraLossDb,
    );
  const borders = new Map(windows.map((window) => [tileKey(window), tileBorderPx(window, gapPx(window))]));
  const technology = rasters.length === 1 ? rasters[0].technology : 'any';
  const reports = reportWeightsByTile(
    prepared.grid,
    prepared.tileSizePx,
    reportWeightsByPixel(prepared, technology, options.reports ?? []),
  );
  const size = prepared.tileSizePx;
  const tiles = windows.map((window) => {
    const { col0, row0, width, height } = window;
    const b = (c: number, r: number) => borders.get(`${c},${r}`) ?? null;
    return traceTileGaps({
      window,
      gridWidthPx: prepared.grid.width,
      selected: gapPx(window),
      neighbours: {
        n: b(col0, row0 - size),
        s: b(col0, row0 + height),
        w: b(col0 - size, row0),
        e: b(col0 + width, row0),
        nw: b(col0 - size, row0 - size),
        ne: b(col0 + width, row0 - size),
        sw: b(col0 - size, row0 + height),
        se: b(col0 + width, row0 + height),
      },
      population: areaWindowLayers(prepared, window),
      reports: reports.get(tileKey(window)) ?? [],
    });
  });
  return stitchTileGaps(prepared, tiles, options);
}
