import { describe, expect, it } from 'vitest';
import type { CellCollection, CellProperties } from '../../web/src/api/types.ts';
import { cellSectors, SECTOR_RADIUS_M } from '../../web/src/geo/cell-sectors.ts';

/** The cells layer as the API sends it (one page). */
function collection(features: CellCollection['features']): CellCollection {
  return { type: 'FeatureCollection', numberMatched: features.length, numberReturned: features.length, next: null, features };
}

function cell(id: number, technology: 'GSM' | 'CDMA', azimuthDeg: number | null, lonLat: [number, number] = [124.9, 46.6]) {
  const properties: CellProperties = {
    id,
    siteId: 7,
    siteCode: 'RHL-007',
    siteName: '龙南',
    siteStatus: 'existing',
    code: `C${id}`,
    technology,
    frequencyMhz: technology === 'GSM' ? 900 : 870,
    heightM: 35,
    azimuthDeg,
    beamwidthDeg: 65,
    tiltDeg: 4,
    powerDbm: 43,
    gainDbi: 15,
    lossDb: 3,
  };
  return { type: 'Feature' as const, id, geometry: { type: 'Point' as const, coordinates: lonLat }, properties };
}

describe('cellSectors', () => {
  it('makes one polygon per cell, keyed by cell id, with the properties kept', () => {
    const cells = collection([cell(1, 'GSM', 0), cell(2, 'CDMA', 120), cell(3, 'GSM', null)]);
    const byId = new Map(cellSectors(cells).features.map((f) => [f.id, f.properties]));
    expect([...byId.keys()].sort()).toEqual([1, 2, 3]);
    expect([1, 2, 3].map((id) => byId.get(id)?.omni)).toEqual([false, false, true]);
    expect(byId.get(2)?.technology).toBe('CDMA');
    expect(byId.get(1)?.siteName).toBe('龙南');
  });

  it('draws C-net wedges shorter than G-net ones so both show at one mast', () => {
    const cells = collection([cell(1, 'GSM', 90), cell(2, 'CDMA', 90)]);
    const [gsm, cdma] = cellSectors(cells).features;
    // Due east: the arc's middle vertex is the furthest east point.
    const eastmost = (ring: number[][]) => Math.max(...ring.map((p) => p[0]));
    expect(eastmost(gsm.geometry.coordinates[0])).toBeGreaterThan(eastmost(cdma.geometry.coordinates[0]));
    expect(SECTOR_RADIUS_M.GSM).toBeGreaterThan(SECTOR_RADIUS_M.CDMA!);
  });

  it('puts the longer G-net wedges first so that C-net ones are drawn on top', () => {
    const cells = collection([cell(1, 'CDMA', 0), cell(2, 'GSM', 0), cell(3, 'CDMA', 120), cell(4, 'GSM', 120)]);
    expect(cellSectors(cells).features.map((f) => f.id)).toEqual([2, 4, 1, 3]);
  });

  it('skips cells without a usable position', () => {
    const broken = cell(9, 'GSM', 0, [Number.NaN, 46.6]);
    const out = cellSectors(collection([broken, cell(1, 'GSM', 0)]));
    expect(out.features.map((f) => f.id)).toEqual([1]);
  });
});
