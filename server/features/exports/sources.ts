import type { LayerSource } from './layer-source.ts';
import { cellsSource, sitesSource } from './site-sources.ts';
import { candidatesSource, clutterSource, measurementsSource, reportsSource, settlementsSource } from './table-sources.ts';

/**
 * The layers of an area offered for export and as OGC API collections, in listing order.
 * A new layer (coverage gaps per network, report hotspots) is one more entry here.
 */
export const LAYER_SOURCES: readonly LayerSource[] = [
  cellsSource,
  sitesSource,
  reportsSource,
  candidatesSource,
  measurementsSource,
  clutterSource,
  settlementsSource,
];

export function findLayerSource(name: string): LayerSource | undefined {
  return LAYER_SOURCES.find((s) => s.name === name);
}
