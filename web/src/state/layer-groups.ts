/** The layer groups a user switches on and off; their order is the side panel's. */
export const LAYER_GROUPS = ['basemap', 'districts', 'boundary', 'gsm', 'cdma', 'reports'] as const;
export type LayerGroup = (typeof LAYER_GROUPS)[number];

/** Shown when the URL says nothing; the online basemap is off by default. */
export const DEFAULT_LAYERS: readonly LayerGroup[] = ['districts', 'boundary', 'gsm', 'cdma', 'reports'];

export function isLayerGroup(value: string): value is LayerGroup {
  return (LAYER_GROUPS as readonly string[]).includes(value);
}
