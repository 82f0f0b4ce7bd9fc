import { PNG } from 'pngjs';
import type { AreaGrid } from '../geo/area-grid.ts';
import { utmProjection } from '../geo/utm-projection.ts';
import type { LonLat } from '../model.ts';
import { levelColour, TRANSPARENT } from './colour-ramps.ts';

/** Newly covered pixels are opaque: they stand out above the raster under them (below the threshold there). */
const OPAQUE = 255;

/** Images larger than this many pixels a side are not made (the map then draws tiles instead). */
export const MAX_ADDED_IMAGE_SIDE_PX = 2048;

/**
 * The pixels a candidate newly covers, as one image in the area grid's own pixels (north-up UTM, one
 * image pixel per grid pixel over their bounding box), in the level tiles' colours but opaque, and
 * transparent elsewhere, with the WGS84 corners of that box: what the map draws as the preview's added coverage.
 */
export interface AddedCoverageImage {
  png: Buffer;
  widthPx: number;
  heightPx: number;
  /** [lon, lat] of the box's north-west, north-east, south-east and south-west corners. */
  corners: [LonLat, LonLat, LonLat, LonLat];
}

/**
 * The image of `pixels` (grid pixel indices) at their levels `levelDbm` (same order), coloured by
 * the margin over `thresholdDbm`; null when there are none or the box exceeds
 * MAX_ADDED_IMAGE_SIDE_PX on a side.
 */
export function addedCoverageImage(
  grid: AreaGrid,
  pixels: Int32Array,
  levelDbm: Float32Array,
  thresholdDbm: number,
): AddedCoverageImage | null {
  if (pixels.length === 0) return null;
  if (levelDbm.length !== pixels.length) throw new RangeError(`levelDbm has ${levelDbm.length} values for ${pixels.length} pixels`);
  const { width, resolutionM, originX, originY } = grid;
  let minCol = Infinity;
  let maxCol = -Infinity;
  let minRow = Infinity;
  let maxRow = -Infinity;
  for (const p of pixels) {
    const row = Math.floor(p / width);
    const col = p - row * width;
    if (col < minCol) minCol = col;
    if (col > maxCol) maxCol = col;
    if (row < minRow) minRow = row;
    if (row > maxRow) maxRow = row;
  }
  const widthPx = maxCol - minCol + 1;
  const heightPx = maxRow - minRow + 1;
  if (widthPx > MAX_ADDED_IMAGE_SIDE_PX || heightPx > MAX_ADDED_IMAGE_SIDE_PX) return null;
  const png = new PNG({ width: widthPx, height: heightPx });
  png.data.fill(TRANSPARENT[0]);
  for (let k = 0; k < pixels.length; k++) {
    const row = Math.floor(pixels[k] / width);
    const col = pixels[k] - row * width;
    const [r, g, b] = levelColour(levelDbm[k] - thresholdDbm);
    png.data.set([r, g, b, OPAQUE], ((row - minRow) * widthPx + (col - minCol)) * 4);
  }
  const projection = utmProjection(grid.epsg);
  const westM = originX + minCol * resolutionM;
  const eastM = originX + (maxCol + 1) * resolutionM;
  const northM = originY - minRow * resolutionM;
  const southM = originY - (maxRow + 1) * resolutionM;
  return {
    png: PNG.sync.write(png),
    widthPx,
    heightPx,
    corners: [
      projection.inverse([westM, northM]),
      projection.inverse([eastM, northM]),
      projection.inverse([eastM, southM]),
      projection.inverse([westM, southM]),
    ],
  };
}
