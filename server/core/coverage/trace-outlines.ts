/**
 * Outlines of labelled pixel components as closed rings on the pixel-corner lattice
 * (x = column edge 0..width, y = row edge 0..height, y down). Boundary edges are oriented
 * clockwise on screen around each component (outer rings clockwise, holes counter-clockwise);
 * collinear vertices are dropped. Where a component touches itself only diagonally (a saddle
 * corner) the outline joins the two pixels, matching 8-connectivity, and cuts the corner by
 * SADDLE_OFFSET_PX into the outside pixel it turns around (adding SADDLE_OFFSET_PX²/2 of area), so
 * every ring stays simple.
 */

export const SADDLE_OFFSET_PX = 0.05;

/** One traced ring: flat [x0, y0, x1, y1, ...] (not repeated at the end) and its component label. */
export interface TracedRing {
  label: number;
  points: Float64Array;
  /** Shoelace area in the y-down lattice: > 0 outer ring, < 0 hole, pixels². */
  signedArea: number;
}

export const EAST = 0;
export const SOUTH = 1;
export const WEST = 2;
export const NORTH = 3;
export const DX = [1, 0, -1, 0];
export const DY = [0, 1, 0, -1];
/** Direction after turning left on screen (E→N, S→E, W→S, N→W): joins diagonal pixels at saddles. */
export const LEFT_OF = [NORTH, EAST, SOUTH, WEST];

function outgoingEdges(labels: Int32Array, width: number, height: number, keep: (label: number) => boolean): Uint8Array {
  const stride = width + 1;
  const out = new Uint8Array(stride * (height + 1));
  const at = (c: number, r: number) => (c < 0 || r < 0 || c >= width || r >= height ? 0 : labels[r * width + c]);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const label = labels[r * width + c];
      if (label === 0 || !keep(label)) continue;
      if (at(c, r - 1) !== label) out[r * stride + c] |= 1 << EAST;
      if (at(c + 1, r) !== label) out[r * stride + c + 1] |= 1 << SOUTH;
      if (at(c, r + 1) !== label) out[(r + 1) * stride + c + 1] |= 1 << WEST;
      if (at(c - 1, r) !== label) out[(r + 1) * stride + c] |= 1 << NORTH;
    }
  }
  return out;
}

/** Label of the pixel on the inner side of the edge leaving vertex (x, y) in direction d. */
function edgeLabel(labels: Int32Array, width: number, x: number, y: number, d: number): number {
  if (d === EAST) return labels[y * width + x];
  if (d === SOUTH) return labels[y * width + x - 1];
  if (d === WEST) return labels[(y - 1) * width + x - 1];
  return labels[(y - 1) * width + x];
}

export function lowestBit(bits: number): number {
  for (let d = 0; d < 4; d++) if (bits & (1 << d)) return d;
  return -1;
}

export function nextDirection(bits: number, incoming: number): number {
  return (bits & (bits - 1)) === 0 ? lowestBit(bits) : LEFT_OF[incoming];
}

class RingBuilder {
  private xs: number[] = [];
  private ys: number[] = [];

  corner(x: number, y: number, incoming: number, outgoing: number, saddle: boolean): void {
    if (!saddle) {
      this.xs.push(x);
      this.ys.push(y);
      return;
    }
    this.xs.push(x - SADDLE_OFFSET_PX * DX[incoming], x + SADDLE_OFFSET_PX * DX[outgoing]);
    this.ys.push(y - SADDLE_OFFSET_PX * DY[incoming], y + SADDLE_OFFSET_PX * DY[outgoing]);
  }

  finish(label: number): TracedRing {
    const n = this.xs.length;
    const points = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      points[2 * i] = this.xs[i];
      points[2 * i + 1] = this.ys[i];
    }
    return tracedRing(label, points);
  }
}

/** A ring of lattice points (flat [x0, y0, ...], not closed) with its shoelace area. */
export function tracedRing(label: number, points: Float64Array): TracedRing {
  const n = points.length / 2;
  let twiceArea = 0;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    twiceArea += points[2 * i] * points[2 * j + 1] - points[2 * j] * points[2 * i + 1];
  }
  return { label, points, signedArea: twiceArea / 2 };
}

/**
 * Trace every ring of the components whose label passes `keep`. Cost O(pixels + boundary length).
 * Source: boundary-edge following on the pixel-corner lattice (cf. Pavlidis, "Algorithms for
 * Graphics and Image Processing", 1982, ch. 7), with a fixed turn rule at saddles.
 */
export function traceOutlines(
  labels: Int32Array,
  width: number,
  height: number,
  keep: (label: number) => boolean = () => true,
): TracedRing[] {
  const stride = width + 1;
  const edges = outgoingEdges(labels, width, height, keep);
  const selected = (c: number, r: number) =>
    c >= 0 && r >= 0 && c < width && r < height && labels[r * width + c] !== 0 && keep(labels[r * width + c]);
  const isSaddle = (x: number, y: number) => {
    const nw = selected(x - 1, y - 1);
    return nw === selected(x, y) && selected(x, y - 1) === selected(x - 1, y) && nw !== selected(x, y - 1);
  };
  const rings: TracedRing[] = [];
  for (let v0 = 0; v0 < edges.length; v0++) {
    while (edges[v0] !== 0) {
      const x0 = v0 % stride;
      const y0 = (v0 - x0) / stride;
      const d0 = lowestBit(edges[v0]);
      edges[v0] &= ~(1 << d0);
      const ring = new RingBuilder();
      let x = x0;
      let y = y0;
      let d = d0;
      for (;;) {
        x += DX[d];
        y += DY[d];
        const v = y * stride + x;
        const atStart = v === v0;
        const next = nextDirection(atStart ? edges[v] | (1 << d0) : edges[v], d);
        if (next !== d) ring.corner(x, y, d, next, isSaddle(x, y));
        if (atStart && next === d0) break;
        edges[v] &= ~(1 << next);
        d = next;
      }
      rings.push(ring.finish(edgeLabel(labels, width, x0, y0, d0)));
    }
  }
  return rings;
}
