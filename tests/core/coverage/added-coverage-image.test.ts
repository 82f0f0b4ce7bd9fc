/**
 * The image of what a previewed candidate newly covers: one image pixel per grid pixel over the
 * newly covered pixels' box, opaque in the level ramp's colours there and transparent elsewhere,
 * with the box's corners in WGS84; none for no pixels or too large a box.
 */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { addedCoverageImage, MAX_ADDED_IMAGE_SIDE_PX } from '../../../server/core/coverage/added-coverage-image.ts';
import { levelColour } from '../../../server/core/coverage/colour-ramps.ts';
import { createAreaGrid, lonLatToPixel, pixelToLonLat } from '../../../server/core/geo/index.ts';

/** A 5 km square area at Ranghulu on a 100 m grid. */
const boundary: GeoJSON.Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [124.83, 46.63],
      [124.895, 46.63],
      [124.895, 46.675],
      [124.83, 46.675],
      [124.83, 46.63],
    ],
  ],
};
const grid = createAreaGrid(boundary, 100);
const THRESHOLD_DBM = -90;

describe('addedCoverageImage', () => {
  it('draws the newly covered pixels of their box, opaque in the ramp colour, the rest transparent', () => {
    // Pixels (col, row) (10, 20), (12, 20) and (11, 23): a box of 3 × 4 pixels.
    const pixels = Int32Array.from([20 * grid.width + 10, 20 * grid.width + 12, 23 * grid.width + 11]);
    const levels = Float32Array.from([-80, -70, -85]);
    const image = addedCoverageImage(grid, pixels, levels, THRESHOLD_DBM)!;
    expect(image).toMatchObject({ widthPx: 3, heightPx: 4 });
    const png = PNG.sync.read(image.png);
    expect([png.width, png.height]).toEqual([3, 4]);
    const at = (x: number, y: number) => [...png.data.subarray((y * 3 + x) * 4, (y * 3 + x) * 4 + 4)];
    const opaque = (level: number) => [...levelColour(level - THRESHOLD_DBM).slice(0, 3), 255];
    expect(at(0, 0)).toEqual(opaque(-80));
    expect(at(2, 0)).toEqual(opaque(-70));
    expect(at(1, 3)).toEqual(opaque(-85));
    let drawn = 0;
    for (let i = 3; i < png.data.length; i += 4) if (png.data[i] > 0) drawn++;
    expect(drawn).toBe(3);
  });

  it('puts the corners on the outer edges of the box: its corner pixels lie just inside', () => {
    const pixels = Int32Array.from([20 * grid.width + 10, 23 * grid.width + 12]);
    const image = addedCoverageImage(grid, pixels, Float32Array.from([-80, -80]), THRESHOLD_DBM)!;
    const [nw, ne, se, sw] = image.corners;
    // Half a pixel inside each corner, towards the box's centre: that corner's pixel.
    const inside = (corner: [number, number], towards: [number, number]) =>
      lonLatToPixel(grid, corner[0] + (towards[0] - corner[0]) * 0.15, corner[1] + (towards[1] - corner[1]) * 0.15);
    const centre = pixelToLonLat(grid, 11, 21.5);
    expect(inside(nw, centre)).toMatchObject({ col: 10, row: 20 });
    expect(inside(ne, centre)).toMatchObject({ col: 12, row: 20 });
    expect(inside(se, centre)).toMatchObject({ col: 12, row: 23 });
    expect(inside(sw, centre)).toMatchObject({ col: 10, row: 23 });
    // North-up: the north edge is north of the south edge, west of east.
    expect(nw[1]).toBeGreaterThan(sw[1]);
    expect(ne[0]).toBeGreaterThan(nw[0]);
  });

  it('makes none for no pixels or a box wider than the limit, and refuses levels that do not match', () => {
    expect(addedCoverageImage(grid, new Int32Array(0), new Float32Array(0), THRESHOLD_DBM)).toBeNull();
    const wide = { ...grid, width: MAX_ADDED_IMAGE_SIDE_PX + 10 };
    expect(addedCoverageImage(wide, Int32Array.from([0, MAX_ADDED_IMAGE_SIDE_PX + 1]), Float32Array.from([-80, -80]), -90)).toBeNull();
    expect(() => addedCoverageImage(grid, Int32Array.from([0, 1]), Float32Array.from([-80]), -90)).toThrow(
      /levelDbm has 1 values for 2 pixels/,
    );
  });
});
