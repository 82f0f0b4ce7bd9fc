import { describe, expect, it } from 'vitest';
import type { CellCollection, ReportCollection, SurveyResponsePage } from '../../web/src/api/types.ts';
import { baseStyle } from '../../web/src/map/base-style.ts';
import { cellLayerData, placeLayerData, reportLayerData, surveyLayerData } from '../../web/src/map/layer-data.ts';
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

  it('keeps of each report the point, the id, the kind and whether it was placed from its address', () => {
    const reports = {
      type: 'FeatureCollection',
      numberMatched: 1,
      features: [
        {
          type: 'Feature',
          id: 9,
          geometry: { type: 'Point', coordinates: [124.8, 46.5] },
          properties: { id: 9, kind: 'no-signal', status: 'open', address: '某地', note: '没有信号', located: 'coordinates' },
        },
        {
          type: 'Feature',
          id: 10,
          geometry: { type: 'Point', coordinates: [124.6553, 46.9548] },
          properties: { id: 10, kind: 'weak-signal', status: 'open', address: '富强村3组', located: 'address', placeName: '富强村' },
        },
      ],
    } as unknown as ReportCollection;
    expect(reportLayerData(reports).features).toEqual([
      {
        type: 'Feature',
        id: 9,
        geometry: { type: 'Point', coordinates: [124.8, 46.5] },
        properties: { id: 9, kind: 'no-signal', byAddress: false },
      },
      {
        type: 'Feature',
        id: 10,
        geometry: { type: 'Point', coordinates: [124.6553, 46.9548] },
        properties: { id: 10, kind: 'weak-signal', byAddress: true },
      },
    ]);
  });

  it('keeps of each survey answer the point, the id, the satisfaction and whether it was placed from its address', () => {
    const answer = (id: number, satisfaction: number, located: 'coordinates' | 'address') =>
      ({
        type: 'Feature',
        id,
        geometry: { type: 'Point', coordinates: [124.8 + id / 100, 46.6] },
        properties: { id, satisfaction, located, technology: 'GSM', problems: [], comment: '信号差', placeCode: null },
      }) as unknown as SurveyResponsePage['features'][number];
    expect(surveyLayerData([answer(1, 2, 'coordinates'), answer(2, 5, 'address')]).features).toEqual([
      {
        type: 'Feature',
        id: 1,
        geometry: { type: 'Point', coordinates: [124.81, 46.6] },
        properties: { id: 1, satisfaction: 2, byAddress: false },
      },
      {
        type: 'Feature',
        id: 2,
        geometry: { type: 'Point', coordinates: [124.82, 46.6] },
        properties: { id: 2, satisfaction: 5, byAddress: true },
      },
    ]);
  });

  it('keeps of each place its geometry, names and kind (the Chinese name when there is no English one)', () => {
    const places = [
      {
        type: 'Feature' as const,
        id: 1,
        geometry: { type: 'Point' as const, coordinates: [124.6553, 46.9548] },
        properties: {
          id: 1,
          code: 'f',
          name: '富强村',
          nameEn: 'Fuqiang Village',
          aliases: ['喇嘛甸镇富强村'],
          kind: 'village' as const,
          approximate: true,
        },
      },
      {
        type: 'Feature' as const,
        id: 2,
        geometry: { type: 'Point' as const, coordinates: [124.8, 46.6] },
        properties: { id: 2, code: 'w', name: '物资大厦', nameEn: null, aliases: [], kind: 'building' as const, approximate: false },
      },
    ];
    expect(placeLayerData(places).features.map((f) => f.properties)).toEqual([
      { id: 1, name: '富强村', nameEn: 'Fuqiang Village', kind: 'village' },
      { id: 2, name: '物资大厦', nameEn: '物资大厦', kind: 'building' },
    ]);
  });
});

describe('places and address-placed reports on the map', () => {
  const style = baseStyle('zh-CN', NO_BASEMAP, { visible: new Set<LayerGroup>(['places', 'reports']) });
  const layer = (id: string) =>
    style.layers.find((l) => l.id === id) as { paint?: Record<string, unknown>; layout?: Record<string, unknown> };

  it('draws the places layer with labels in the UI language', () => {
    expect(GROUP_LAYERS.places).toEqual([LAYER.placesLine, LAYER.placesPoint, LAYER.placesLabel]);
    expect(layer(LAYER.placesLabel).layout?.['text-field']).toEqual(['get', 'name']);
    expect(layer(LAYER.placesLabel).layout?.visibility).toBe('visible');
    const en = baseStyle('en', NO_BASEMAP, { visible: new Set<LayerGroup>(['places']) });
    expect((en.layers.find((l) => l.id === LAYER.placesLabel) as { layout?: Record<string, unknown> }).layout?.['text-field']).toEqual([
      'get',
      'nameEn',
    ]);
    expect(DEFAULT_LAYERS).not.toContain('places');
  });

  it('draws a report placed from its address hollow: no fill, a ring in its kind colour', () => {
    const paint = layer(LAYER.reportsPoint).paint!;
    expect(paint['circle-opacity']).toEqual(['case', ['get', 'byAddress'], 0, 1]);
    expect((paint['circle-stroke-color'] as unknown[])[0]).toBe('case');
    expect((paint['circle-stroke-color'] as unknown[])[2]).toEqual(paint['circle-color']);
  });
});
