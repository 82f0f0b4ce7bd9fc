import { pixelCovered } from './coverage-figures.ts';
import type { CoverageRaster } from './coverage-raster.ts';
import type { PreparedArea } from './prepared-area.ts';

/**
 * Pixels (inside the area) covered in `after` but not in `before` (gained) and the reverse (lost),
 * each against its own cells' thresholds. Both rasters must be on the prepared grid.
 */
export function coverageDifference(
  prepared: PreparedArea,
  before: CoverageRaster,
  after: CoverageRaster,
  extraLossDb = 0,
): { gained: Uint8Array; lost: Uint8Array; gainedPixels: number; lostPixels: number } {
  const n = prepared.mask.length;
  const gained = new Uint8Array(n);
  const lost = new Uint8Array(n);
  let gainedPixels = 0;
  let lostPixels = 0;
  for (let i = 0; i < n; i++) {
    if (prepared.mask[i] === 0) continue;
    const a = pixelCovered(before, i, extraLossDb);
    const b = pixelCovered(after, i, extraLossDb);
    if (b && !a) {
      gained[i] = 1;
      gainedPixels++;
    } else if (a && !b) {
      lost[i] = 1;
      lostPixels++;
    }
  }
  return { gained, lost, gainedPixels, lostPixels };
}
