import { describe, expect, it } from 'vitest';
import type { CellCollection, ReportCollection } from '../../web/src/api/types.ts';
import { baseStyle } from '../../web/src/map/base-style.ts';
import { cellLayerData, reportLayerData } from '../../web/src/map/layer-data.ts';
import { cellsFilter, GROUP_LAYERS, LAYER, layerStates, SOURCE } from '../../web/src/map/layers.ts';
import { DEFAULT_LAYERS, type LayerGroup } from '../../web/src/state/layer-groups.ts';

const NO_BASEMAP = { url: '', attribution: '' };
const layout = (style: ReturnType<typeof baseStyle>, id: string) =>
  style.layers.find((l) => l.id === id)?.layout as Record<string, unknown> | undefined;

describe('layerStates', () => {
  it('shows the layers of the groups shown and hides the others (the coverage raster aside)', () => {
    const states = layerStates(new Set<LayerGroup>(['districts', 'reports']));
    for (const id of GROUP_LAYERS.districts) expect(states.get(id)?.visibility).toBe('visible');
    for (const id of GROUP_LAYERS.reports) expect(states.get(id)?.visibility).toBe('visible');
    for (const id of [...GROUP_LAYERS.boundary, ...GROUP_LAYERS.gaps, ...GROUP_LAYERS.candidates])
      expect(states.get(id)?.visibility).toBe('none');
    expect(states.has(LAYER.coverageRaster)).toBe(false);
  });

  it('draws the cells when either network is shown, filtered to the networks shown', () => {
    const gsmOnly = layerStates(new Set<LayerGroup>(['gsm']));
    expect(gsmOnly.get(LAYER.cellsFill)).toEqual({ visibility: 'visible', filter: cellsFilter(true, false) });
    expect(gsmOnly.get(LAYER.cellsLine)).toEqual({ visibility: 'visible', filter: cellsFilter(true, false) });
    expect(layerStates(new Set<LayerGroup>()).get(LAYER.cellsFill)?.visibility).toBe('none');
  });
});

describe('baseStyle', () => {
  it('builds the layers as the groups shown leave them, so that applying the toggles after loading changes nothing', () => {
    const visible = new Set<LayerGroup>(DEFAULT_LAYERS.filter((g) => g !== 'reports' && g !== 'cdma'));
    const style = baseStyle('zh-CN', NO_BASEMAP, { visible });
    for (const [id, state] of layerStates(visible)) {
      const layer = style.layers.find((l) => l.id === id);
      if (!layer) continue; // the basemap layer exists only with a basemap
      expect(layout(style, id)?.visibility, id).toBe(state.visibility);
      if (state.filter) expect((layer as { filter?: unknown }).filter, id).toEqual(state.filter);
    }
    expect(layout(style, LAYER.reportsPoint)?.visibility).toBe('none');
    expect(layout(style, LAYER.cellsFill)?.visibility).toBe('visible');
    // Text and other layout properties are kept beside the visibility.
    expect(layout(style, LAYER.districtLabels)?.['text-field']).toEqual(['get', 'name_zh']);
  });

  it('keeps the district fill a tint over a basemap shown, and opaque enough without one', () => {
    const paint = (style: ReturnType<typeof baseStyle>) =>
      style.layers.find((l) => l.id === LAYER.districtsFill)?.paint as Record<string, unknown>;
    const withBasemap = { url: 'https://tiles.example/{z}/{x}/{y}.png', attribution: 'x' };
    expect(paint(baseStyle('en', withBasemap, { visible: new Set<LayerGroup>(['basemap', 'districts']) }))['fill-opacity']).toBe(0.25);
    expect(paint(baseStyle('en', withBasemap, { visible: new Set<LayerGroup>(['districts']) }))['fill-opacity']).toBe(0.92);
    expect(paint(baseStyle('en', NO_BASEMAP, { visible: new Set<LayerGroup>(['basemap', 'districts']) }))['fill-opacity']).toBe(0.92);
  });

  it('lists the sources with text before the districts, so that the worker tiles them first', () => {
    const ids = Object.keys(baseStyle('zh-CN', NO_BASEMAP).sources);
    expect(ids.indexOf(SOURCE.districtLabels)).toBeLessThan(ids.indexOf(SOURCE.districts));
    expect(ids.indexOf(SOURCE.reports)).toBeLessThan(ids.indexOf(SOURCE.districts));
    expect(ids.indexOf(SOURCE.cells)).toBeLessThan(ids.indexOf(SOURCE.districts));
  });

  it('puts the data given into its sources and leaves the others empty', () => {
    const area = { type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: [124.9, 46.6] }, properties: {} };
    const style = baseStyle('en', NO_BASEMAP, { data: { [SOURCE.area]: area } });
    expect((style.sources[SOURCE.area] as { data: unknown }).data).toEqual(area);
    expect((style.sources[SOURCE.cells] as { data: unknown }).data).toEqual({ type: 'FeatureCollection', features: [] });
    // Without groups the layers are left as defined: none is hidden.
    expect(style.layers.every((l) => (l.layout as Record<string, unknown> | undefined)?.visibility === undefined)).toBe(true);
  });
});

describe('layer data', () => {
  it('keeps of each cell wedge only the id, the network and the site status', () => {
    const cells: CellCollection = {
      type: 'FeatureCollection',
      numberMatched: 1,
      numberReturned: 1,
      next: null,
      features: [
        {
          type: 'Feature',
          id: 3,
          geometry: { type: 'Point', coordinates: [124.9, 46.6] },
          properties: {
            id: 3,
            siteId: 1,
            siteCode: 'S1',
            siteName: '一号',
            siteStatus: 'planned',
            code: 'C3',
            technology: 'CDMA',
            frequencyMhz: 870,
            heightM: 30,
            azimuthDeg: 120,
            beamwidthDeg: 65,
            tiltDeg: 4,
            powerDbm: 43,
            gainDbi: 15,
            lossDb: 3,
          },
        },
      ],
    };
    const [wedge] = cellLayerData(cells).features;
    expect(wedge.id).toBe(3);
    expect(wedge.geometry.type).toBe('Polygon');
    expect(wedge.properties).toEqual({ id: 3, technology: 'CDMA', siteStatus: 'planned' });
  });

  it('keeps of each report the point, the id and the kind', () => {
    const reports = {
      type: 'FeatureCollection',
      numberMatched: 1,
      features: [
        {
          type: 'Feature',
          id: 9,
          geometry: { type: 'Point', coordinates: [124.8, 46.5] },
          properties: { id: 9, kind: 'no-signal', status: 'open', address: '某地', note: '没有信号' },
        },
      ],
    } as unknown as ReportCollection;
    expect(reportLayerData(reports).features).toEqual([
      { type: 'Feature', id: 9, geometry: { type: 'Point', coordinates: [124.8, 46.5] }, properties: { id: 9, kind: 'no-signal' } },
    ]);
  });
});
