/** Connected components of selected pixels. */
export interface PixelComponents {
  /** Component label per pixel, 1..count; 0 = not selected. */
  labels: Int32Array;
  count: number;
  /** Pixels per component, indexed by label (entry 0 unused). */
  sizes: Int32Array;
}

/**
 * Label the 8-connected components of the pixels where selected[i] != 0 (row-major width×height),
 * by iterative flood fill; labels follow the row-major order of each component's first pixel.
 */
export function labelComponents(selected: Uint8Array, width: number, height: number): PixelComponents {
  const labels = new Int32Array(width * height);
  const stack = new Int32Array(width * height);
  const sizes: number[] = [0];
  let count = 0;
  for (let seed = 0; seed < labels.length; seed++) {
    if (selected[seed] === 0 || labels[seed] !== 0) continue;
    const label = ++count;
    let top = 0;
    let size = 0;
    stack[top++] = seed;
    labels[seed] = label;
    while (top > 0) {
      const i = stack[--top];
      size++;
      const row = Math.floor(i / width);
      const col = i - row * width;
      for (let dr = -1; dr <= 1; dr++) {
        const r = row + dr;
        if (r < 0 || r >= height) continue;
        for (let dc = -1; dc <= 1; dc++) {
          const c = col + dc;
          if (c < 0 || c >= width) continue;
          const j = r * width + c;
          if (selected[j] === 0 || labels[j] !== 0) continue;
          labels[j] = label;
          stack[top++] = j;
        }
      }
    }
    sizes.push(size);
  }
  return { labels, count, sizes: Int32Array.from(sizes) };
}
