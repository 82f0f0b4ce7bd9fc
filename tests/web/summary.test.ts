import { describe, expect, it } from 'vitest';
import type { CellCollection, ReportCollection } from '../../web/src/api/types.ts';
import { districtLabelPoints } from '../../web/src/geo/district-labels.ts';
import { summarize } from '../../web/src/state/summary.ts';

describe('summarize', () => {
  it('counts sites, cells per network and open reports', () => {
    const cell = (siteId: number, technology: string) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [124.9, 46.6] },
      properties: { siteId, technology },
    });
    const report = (status: string) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [124.9, 46.6] },
      properties: { status },
    });
    const cells = {
      type: 'FeatureCollection',
      features: [cell(1, 'GSM'), cell(1, 'CDMA'), cell(2, 'GSM'), cell(3, 'LTE')],
    } as unknown as CellCollection;
    const reports = {
      type: 'FeatureCollection',
      features: [report('open'), report('resolved'), report('investigating')],
      numberMatched: 10,
    } as unknown as ReportCollection;
    expect(summarize('让胡路区', cells, reports)).toEqual({
      areaName: '让胡路区',
      sites: 3,
      cellsGsm: 2,
      cellsCdma: 1,
      reports: 3,
      openReports: 2,
      reportsNotShown: 7,
    });
  });
});

describe('districtLabelPoints', () => {
  it('labels each district at its label point, or at its bounding-box centre', () => {
    const square = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [124, 46],
          [126, 46],
          [126, 47],
          [124, 47],
          [124, 46],
        ],
      ],
    };
    const out = districtLabelPoints({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: square,
          properties: { adcode: '230604', name_zh: '让胡路区', name_en: 'Ranghulu District', label_point: [124.87, 46.65] },
        },
        {
          type: 'Feature',
          geometry: square,
          properties: { adcode: '230600', name_zh: '无', name_en: 'None', label_point: null as unknown as [number, number] },
        },
      ],
    });
    expect(out.features.map((f) => f.geometry.coordinates)).toEqual([
      [124.87, 46.65],
      [125, 46.5],
    ]);
    expect(out.features[0].properties).toEqual({ adcode: '230604', name_zh: '让胡路区', name_en: 'Ranghulu District' });
  });
});
