/**
 * Scanline polygon fill on a pixel grid (active-edge table, even-odd rule over all rings given).
 * Ring coordinates are in pixel units: x = column, y = row, pixel (c, r) centred at (c+0.5, r+0.5).
 * A pixel is inside when its centre is (half-open on the right/bottom so adjacent polygons never
 * share a pixel). Cost O(edges + rows·crossings), no per-pixel point-in-polygon test.
 * Algorithm: Foley, van Dam et al., "Computer Graphics", §3.6 (scan-converting polygons).
 */

/** A ring as flat [x0, y0, x1, y1, ...] in pixel units; closing vertex optional. */
export type PixelRing = Float64Array;

/** Called once per run of inside pixels: columns [colStart, colEnd) of row. */
export type SpanCallback = (row: number, colStart: number, colEnd: number) => void;

const E_Y_TOP = 0;
const E_Y_BOTTOM = 1;
const E_X_AT_TOP = 2;
const E_DX_DY = 3;
const EDGE_STRIDE = 4;

function buildEdges(rings: readonly PixelRing[]): { edges: Float64Array; count: number } {
  let total = 0;
  for (const ring of rings) total += ring.length / 2;
  const edges = new Float64Array(total * EDGE_STRIDE);
  let count = 0;
  for (const ring of rings) {
    const n = ring.length / 2;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      const x0 = ring[2 * i],
        y0 = ring[2 * i + 1],
        x1 = ring[2 * j],
        y1 = ring[2 * j + 1];
      if (y0 === y1) continue;
      const o = count * EDGE_STRIDE;
      const top = y0 < y1;
      edges[o + E_Y_TOP] = top ? y0 : y1;
      edges[o + E_Y_BOTTOM] = top ? y1 : y0;
      edges[o + E_X_AT_TOP] = top ? x0 : x1;
      edges[o + E_DX_DY] = (x1 - x0) / (y1 - y0);
      count++;
    }
  }
  return { edges, count };
}

/** Fill the rings (even-odd) on a width×height grid, reporting inside spans row by row. */
export function fillPolygonSpans(rings: readonly PixelRing[], width: number, height: number, onSpan: SpanCallback): void {
  const { edges, count } = buildEdges(rings);
  if (count === 0) return;
  // Bucket edges by the first row whose centre line (r + 0.5) they cross: yTop <= r + 0.5 < yBottom.
  const firstRow = new Int32Array(count);
  const order = new Int32Array(count);
  for (let e = 0; e < count; e++) {
    firstRow[e] = Math.max(0, Math.ceil(edges[e * EDGE_STRIDE + E_Y_TOP] - 0.5));
    order[e] = e;
  }
  order.sort((a, b) => firstRow[a] - firstRow[b]);
  const active = new Int32Array(count);
  const crossings = new Float64Array(count);
  let activeCount = 0;
  let next = 0;
  const lastRow = Math.min(height - 1, Math.ceil(maxBottom(edges, count) - 0.5) - 1);
  for (let row = firstRow[order[0]]; row <= lastRow; row++) {
    const y = row + 0.5;
    while (next < count && firstRow[order[next]] <= row) active[activeCount++] = order[next++];
    let n = 0;
    let kept = 0;
    for (let a = 0; a < activeCount; a++) {
      const o = active[a] * EDGE_STRIDE;
      if (edges[o + E_Y_BOTTOM] <= y) continue;
      active[kept++] = active[a];
      crossings[n++] = edges[o + E_X_AT_TOP] + (y - edges[o + E_Y_TOP]) * edges[o + E_DX_DY];
    }
    activeCount = kept;
    sortPrefix(crossings, n);
    for (let k = 0; k + 1 < n; k += 2) {
      const colStart = Math.max(0, Math.ceil(crossings[k] - 0.5));
      const colEnd = Math.min(width, Math.ceil(crossings[k + 1] - 0.5));
      if (colEnd > colStart) onSpan(row, colStart, colEnd);
    }
  }
}

function maxBottom(edges: Float64Array, count: number): number {
  let m = -Infinity;
  for (let e = 0; e < count; e++) m = Math.max(m, edges[e * EDGE_STRIDE + E_Y_BOTTOM]);
  return m;
}

function sortPrefix(values: Float64Array, n: number): void {
  if (n > 32) {
    values.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = values[i];
    let j = i - 1;
    while (j >= 0 && values[j] > v) {
      values[j + 1] = values[j];
      j--;
    }
    values[j + 1] = v;
  }
}
