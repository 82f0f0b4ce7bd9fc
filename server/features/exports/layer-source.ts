import type { Kysely } from 'kysely';
import type { AnyFeature, CsvColumn, KmlOptions } from '../../core/export/index.ts';
import type { BBox } from '../../core/validation/geometry.ts';
import type { Database } from '../../db/types.ts';
import type { Area } from '../areas/repository.ts';

export type LayerGeometryType = 'Point' | 'MultiPolygon';

/** A feature of an area layer: GeoJSON with an integer id, coordinates WGS84 [lon, lat]. */
export type LayerFeature = GeoJSON.Feature<GeoJSON.Geometry | null, Record<string, unknown>> & { id: number };

/** A closed or half-open time interval (null = open end), inclusive. */
export interface TimeInterval {
  start: Date | null;
  end: Date | null;
}

/** Filters every layer understands; a layer ignores none silently (routes reject what it cannot do). */
export interface LayerQuery {
  /** minLon, minLat, maxLon, maxLat; minLon > maxLon means the box crosses the antimeridian. */
  bbox?: BBox;
  technology?: string;
  time?: TimeInterval;
}

/** Ordered by id: `offset` for page numbers, `afterId` for keyset streaming. */
export interface PageWindow {
  limit: number;
  offset?: number;
  afterId?: number;
}

export interface LayerExtent {
  bbox: BBox | null;
  interval: [Date | null, Date | null] | null;
}

export interface LayerContext {
  db: Kysely<Database>;
  area: Area;
}

/**
 * One layer of an area as exports and OGC API Features see it. The registry (sources.ts) lists them;
 * a computed layer (coverage gaps, report hotspots) is added by one more entry implementing this.
 */
export interface LayerSource {
  /** URL name: `cells`, `gaps-gsm`; the OGC collection id is `<area code>-<name>`. */
  name: string;
  /**
   * The one geometry type of the layer's OGC collection (GIS tools type a layer by it). Polygon layers
   * are MultiPolygon there, so that polygons and multipolygons fit one type.
   */
  geometryType: LayerGeometryType;
  /** A MultiPolygon layer whose point features stand for one grid pixel (settlements): see collectionFeatureMapper. */
  pointFootprints?: boolean;
  title: string;
  description: string;
  /** Values the `technology` filter accepts; absent when the layer has no technology. */
  technologies?: readonly string[];
  /** Features carry a time: `datetime` filters on it and the extent has an interval. */
  temporal: boolean;
  csvColumns: readonly CsvColumn<AnyFeature>[];
  kml: Omit<KmlOptions, 'name' | 'description'>;
  /** The feature as drawn in KML (cells become sector wedges); default: unchanged. */
  kmlFeature?(feature: LayerFeature, options: { sectorRadiusM: number }): LayerFeature;
  count(ctx: LayerContext, query: LayerQuery): Promise<number>;
  page(ctx: LayerContext, query: LayerQuery, window: PageWindow): Promise<LayerFeature[]>;
  get(ctx: LayerContext, id: number): Promise<LayerFeature | undefined>;
  extent(ctx: LayerContext): Promise<LayerExtent>;
}
