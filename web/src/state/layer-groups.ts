/** The layer groups a user switches on and off; their order is the side panel's. */
export const LAYER_GROUPS = [
  'basemap',
  'districts',
  'boundary',
  'terrain',
  'level',
  'best-server',
  'overlap',
  'gaps',
  'hotspots',
  'difference',
  'candidates',
  'gsm',
  'cdma',
  'reports',
  'surveys',
  'places',
] as const;
export type LayerGroup = (typeof LAYER_GROUPS)[number];

/** The coverage rasters share one tile layer: at most one of them is shown at a time. */
export const RASTER_GROUPS = ['level', 'best-server', 'overlap'] as const satisfies readonly LayerGroup[];
export type RasterGroup = (typeof RASTER_GROUPS)[number];

/** Shown when the URL says nothing; the online basemap is off by default. */
export const DEFAULT_LAYERS: readonly LayerGroup[] = ['districts', 'boundary', 'gaps', 'candidates', 'gsm', 'cdma', 'reports'];

export function isLayerGroup(value: string): value is LayerGroup {
  return (LAYER_GROUPS as readonly string[]).includes(value);
}

export function isRasterGroup(value: string): value is RasterGroup {
  return (RASTER_GROUPS as readonly string[]).includes(value);
}

/**
 * The layers after switching `group` on or off, in panel order. Switching a coverage raster on
 * switches the other rasters off.
 */
export function toggleGroup(layers: readonly LayerGroup[], group: LayerGroup, visible: boolean): LayerGroup[] {
  const next = new Set(layers);
  if (visible) {
    if (isRasterGroup(group)) for (const r of RASTER_GROUPS) next.delete(r);
    next.add(group);
  } else {
    next.delete(group);
  }
  return LAYER_GROUPS.filter((g) => next.has(g));
}

/** The coverage raster shown, if any (the first in panel order when a hand-written URL names several). */
export function activeRaster(layers: readonly LayerGroup[]): RasterGroup | null {
  return RASTER_GROUPS.find((r) => layers.includes(r)) ?? null;
}
