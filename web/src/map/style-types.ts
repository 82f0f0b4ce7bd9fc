import type { MapOptions } from 'maplibre-gl';

/** Style specification types, derived from the map's own options so they always match the library. */
export type StyleSpecification = Exclude<MapOptions['style'], string | undefined>;
export type LayerSpecification = StyleSpecification['layers'][number];
export type SourceSpecification = StyleSpecification['sources'][string];
export type FilterSpecification = NonNullable<Extract<LayerSpecification, { type: 'fill' }>['filter']>;
type FillPaint = NonNullable<Extract<LayerSpecification, { type: 'fill' }>['paint']>;
/** A data expression, e.g. `['get', 'name_zh']`. */
export type ExpressionSpecification = Extract<FillPaint['fill-color'], unknown[]>;
