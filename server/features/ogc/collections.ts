import type { BBox } from '../../core/validation/geometry.ts';
import type { Area } from '../areas/repository.ts';
import type { LayerExtent, LayerSource } from '../exports/layer-source.ts';
import { geometryDimension } from './geometry-type.ts';
import { CRS84, GREGORIAN, type Link } from '../../contract/ogc.ts';

/** One OGC collection: a layer of an area. */
export interface OgcCollection {
  id: string;
  area: Area;
  source: LayerSource;
}

export const JSON_TYPE = 'application/json';
export const GEOJSON_TYPE = 'application/geo+json';

export function collectionId(area: Area, source: LayerSource): string {
  return `${area.code}-${source.name}`;
}

/**
 * The collection description (ogcapi-features-1.yaml `collection`). The spatial extent is the area's
 * bbox grown to take in every feature (sites may stand outside the area), as /req/core/fc-md-extent asks.
 * `geometryType` (GeoJSON type name) and `geometryDimension` (0 points, 2 surfaces, as OGC API drafts
 * name it) declare the one geometry type of the collection's features.
 */
export function collectionDocument(baseUrl: string, c: OgcCollection, extent: LayerExtent) {
  const href = `${baseUrl}/collections/${encodeURIComponent(c.id)}`;
  const links: Link[] = [
    { href, rel: 'self', type: JSON_TYPE, title: 'this collection' },
    { href: `${href}/items`, rel: 'items', type: GEOJSON_TYPE, title: 'the features (GeoJSON)' },
  ];
  const temporal =
    c.source.temporal && extent.interval && (extent.interval[0] || extent.interval[1])
      ? { interval: [extent.interval.map((d) => d?.toISOString() ?? null)], trs: GREGORIAN }
      : undefined;
  return {
    id: c.id,
    title: `${c.area.name} - ${c.source.title}`,
    description: c.source.description,
    links,
    extent: { spatial: { bbox: [union(c.area.bbox, extent.bbox)], crs: CRS84 }, ...(temporal ? { temporal } : {}) },
    itemType: 'feature',
    // Every feature has this one geometry type (see collectionFeatureMapper).
    geometryType: c.source.geometryType,
    geometryDimension: geometryDimension(c.source.geometryType),
    crs: [CRS84],
  };
}

function union(a: BBox, b: BBox | null): BBox {
  if (!b) return [...a] as BBox;
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}
