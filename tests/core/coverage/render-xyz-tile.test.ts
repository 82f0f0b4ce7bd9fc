import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { cellColour, levelColour, PILOT_POLLUTION, THRESHOLD_MARK } from '../../../server/core/coverage/colour-ramps.ts';
import { computeCoverageRaster } from '../../../server/core/coverage/coverage-raster.ts';
import { prepareArea } from '../../../server/core/coverage/prepared-area.ts';
import { renderXyzTile, tilePixelToLonLat } from '../../../server/core/coverage/render-xyz-tile.ts';
import { lonLatToPixel } from '../../../server/core/geo/grid-lookup.ts';
import { CENTRE, makeCell, offsetKm, squareArea } from './fixtures.ts';

const prepared = prepareArea(squareArea(5, { resolutionM: 50 }));
const threshold = prepared.settings.thresholdsDbm.GSM;

function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const latRad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(latRad) + 1 / Math.cos(latRad)) / Math.PI) / 2) * n);
  return [x, y];
}

function decode(buffer: Buffer): PNG {
  return PNG.sync.read(buffer);
}

function rgbaAt(png: PNG, u: number, v: number): number[] {
  const o = (v * 256 + u) * 4;
  return [...png.data.subarray(o, o + 4)];
}

describe('renderXyzTile', () => {
  const raster = computeCoverageRaster(prepared, [makeCell({ tiltDeg: 1 })], 'GSM');

  it('resamples the raster by nearest pixel into a 256x256 Web-Mercator tile', () => {
    const z = 13;
    const [x, y] = tileOf(...CENTRE, z);
    const png = decode(renderXyzTile(prepared, raster, z, x, y, 'level', threshold));
    expect(png.width).toBe(256);
    expect(png.height).toBe(256);
    let compared = 0;
    let mismatched = 0;
    for (let v = 3; v < 256; v += 9) {
      for (let u = 5; u < 256; u += 9) {
        const [lon, lat] = tilePixelToLonLat(z, x, y, u + 0.5, v + 0.5);
        const pixel = lonLatToPixel(prepared.grid, lon, lat);
        const expected =
          pixel && prepared.mask[pixel.index] && raster.bestCell[pixel.index] >= 0
            ? levelColour(raster.levelDbm[pixel.index] - threshold)
            : [0, 0, 0, 0];
        compared++;
        if (rgbaAt(png, u, v).join() !== expected.join()) mismatched++;
      }
    }
    expect(compared).toBeGreaterThan(700);
    expect(mismatched / compared).toBeLessThan(0.01);
  });
  it('marks the threshold and leaves the outside of the area transparent', () => {
    const z = 11;
    const [x, y] = tileOf(...CENTRE, z);
    const png = decode(renderXyzTile(prepared, raster, z, x, y, 'level', threshold));
    let marks = 0;
    let transparent = 0;
    for (let v = 0; v < 256; v++) {
      for (let u = 0; u < 256; u++) {
        const c = rgbaAt(png, u, v);
        if (c.join() === THRESHOLD_MARK.join()) marks++;
        if (c[3] === 0) transparent++;
      }
    }
    expect(marks).toBeGreaterThan(20);
    expect(transparent).toBeGreaterThan(256 * 256 * 0.3);
  });
  it('is fully transparent far from the area', () => {
    const png = decode(renderXyzTile(prepared, raster, 13, 0, 0, 'level', threshold));
    expect(png.data.every((b) => b === 0)).toBe(true);
  });
  it('colours best servers by cell index and overlap by pilot pollution', () => {
    const a = makeCell({ lon: offsetKm(-2, 0)[0], lat: offsetKm(-2, 0)[1] });
    const b = makeCell({ lon: offsetKm(2, 0)[0], lat: offsetKm(2, 0)[1] });
    const two = computeCoverageRaster(prepared, [a, b], 'GSM');
    const [x, y] = tileOf(...CENTRE, 11);
    const png = decode(renderXyzTile(prepared, two, 11, x, y, 'best-server', threshold));
    const colours = new Set<string>();
    for (let k = 0; k < png.data.length; k += 4) if (png.data[k + 3] > 0) colours.add([...png.data.subarray(k, k + 4)].join());
    expect([...colours].sort()).toEqual([cellColour(0).join(), cellColour(1).join()].sort());
    const pilots = [0, 1, 2, 3].map(() => makeCell({ technology: 'CDMA', frequencyMhz: 870 }));
    const polluted = computeCoverageRaster(prepared, pilots, 'CDMA');
    const overlap = decode(renderXyzTile(prepared, polluted, 11, x, y, 'overlap', threshold));
    const [u, v] = [128, 128];
    const [lon, lat] = tilePixelToLonLat(11, x, y, u + 0.5, v + 0.5);
    expect(polluted.pilotCount[lonLatToPixel(prepared.grid, lon, lat)!.index]).toBe(4);
    expect(rgbaAt(overlap, u, v)).toEqual(PILOT_POLLUTION);
  });
});
