import { escapeHtml } from '../lib/escape-html.ts';
import { dataLayers, dataSources, LAYER, SOURCE } from './layers.ts';
import type { Locale } from '../i18n/index.ts';
import { PALETTE } from './palette.ts';
import type { LayerSpecification, StyleSpecification } from './style-types.ts';

export interface BasemapOptions {
  /** Raster tile URL template ({z}/{x}/{y}); empty = none, the default and the offline case. */
  url: string;
  attribution: string;
}

/**
 * The whole map style: a plain background, the optional remote raster basemap, and the data
 * layers. No glyphs URL: MapLibre then draws map text with the browser's own fonts, so nothing
 * is fetched from outside.
 */
export function baseStyle(locale: Locale, basemap: BasemapOptions): StyleSpecification {
  const sources: StyleSpecification['sources'] = dataSources();
  const layers: LayerSpecification[] = [
    { id: LAYER.background, type: 'background', paint: { 'background-color': PALETTE.background } },
  ];
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
  return { version: 8, name: 'coverage-planner', sources, layers };
}
