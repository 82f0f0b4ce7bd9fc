import { escapeHtml } from '../lib/escape-html.ts';
import { dataLayers, dataSources, districtFillOpacity, LAYER, layerStates, SOURCE, type SourceData } from './layers.ts';
import type { Locale } from '../i18n/index.ts';
import type { LayerGroup } from '../state/layer-groups.ts';
import { PALETTE } from './palette.ts';
import type { LayerSpecification, StyleSpecification } from './style-types.ts';

export interface BasemapOptions {
  /** Raster tile URL template ({z}/{x}/{y}); empty = none, the default and the offline case. */
  url: string;
  attribution: string;
}

export interface StyleContent {
  /** The layer groups shown; without it every layer is drawn. */
  visible?: ReadonlySet<LayerGroup>;
  /** Data already there, by source id: the map draws it on its first frames. */
  data?: SourceData;
}

/**
 * The whole map style: a plain background, the optional remote raster basemap, and the data
 * layers. No glyphs URL: MapLibre then draws map text with the browser's own fonts, so nothing
 * is fetched from outside.
 */
export function baseStyle(locale: Locale, basemap: BasemapOptions, content: StyleContent = {}): StyleSpecification {
  const sources: StyleSpecification['sources'] = dataSources(content.data);
  const layers: LayerSpecification[] = [{ id: LAYER.background, type: 'background', paint: { 'background-color': PALETTE.background } }];
  if (basemap.url) {
    sources[SOURCE.basemap] = {
      type: 'raster',
      tiles: [basemap.url],
      tileSize: 256,
      maxzoom: 19,
      // MapLibre renders attribution as HTML; this text is the user's own, so it is escaped.
      attribution: basemap.attribution ? escapeHtml(basemap.attribution) : undefined,
    };
    layers.push({ id: LAYER.basemap, type: 'raster', source: SOURCE.basemap, paint: { 'raster-opacity': 0.85 } });
  }
  layers.push(...dataLayers(locale));
  return {
    version: 8,
    name: 'coverage-planner',
    sources,
    layers: content.visible ? withStates(layers, content.visible, Boolean(basemap.url)) : layers,
  };
}

/** The layers as the groups shown leave them (visibility, cell filter, district tint over a basemap). */
function withStates(layers: LayerSpecification[], visible: ReadonlySet<LayerGroup>, hasBasemap: boolean): LayerSpecification[] {
  const states = layerStates(visible);
  return layers.map((layer) => {
    const state = states.get(layer.id);
    if (!state || layer.type === 'background') return layer;
    let next = { ...layer, layout: { ...layer.layout, visibility: state.visibility } } as LayerSpecification;
    if (state.filter && 'filter' in next) next = { ...next, filter: state.filter } as LayerSpecification;
    if (next.id === LAYER.districtsFill && next.type === 'fill') {
      next = { ...next, paint: { ...next.paint, 'fill-opacity': districtFillOpacity(visible.has('basemap') && hasBasemap) } };
    }
    return next;
  });
}
