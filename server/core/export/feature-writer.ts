import { csvHeader, csvRows, type CsvColumn } from './csv.ts';
import { KML_TAIL, kmlHead, kmlPlacemark, resolveKmlStyles, type AnyFeature, type KmlOptions } from './kml.ts';

/**
 * A document written in pieces, so a large layer can be streamed page by page:
 * `head()`, then `features(page, index of its first feature)` for each page, then `tail()`.
 */
export interface FeatureWriter {
  readonly mediaType: string;
  readonly extension: string;
  head(): string;
  features(page: readonly AnyFeature[], startIndex: number): string;
  tail(): string;
}

/** GeoJSON (RFC 7946) FeatureCollection, features passed through as they are; `name` names the layer for GDAL. */
export function geojsonWriter(options: { name?: string } = {}): FeatureWriter {
  return {
    mediaType: 'application/geo+json',
    extension: 'geojson',
    head: () => `{"type":"FeatureCollection",${options.name !== undefined ? `"name":${JSON.stringify(options.name)},` : ''}"features":[\n`,
    features: (page, startIndex) => page.map((f, i) => (startIndex + i > 0 ? ',\n' : '') + JSON.stringify(f)).join(''),
    tail: () => '\n]}\n',
  };
}

/** CSV with a UTF-8 BOM (see csv.ts); one row per feature. */
export function csvWriter(columns: readonly CsvColumn<AnyFeature>[]): FeatureWriter {
  return {
    mediaType: 'text/csv; charset=utf-8',
    extension: 'csv',
    head: () => csvHeader(columns),
    features: (page) => csvRows(page, columns),
    tail: () => '',
  };
}

/**
 * KML 2.2. Styles must precede placemarks, so with `styleBy` give explicit colours for the values
 * expected; values not listed are written unstyled.
 */
export function kmlWriter(options: KmlOptions): FeatureWriter {
  const styles = resolveKmlStyles(options.styleBy);
  return {
    mediaType: 'application/vnd.google-earth.kml+xml',
    extension: 'kml',
    head: () => kmlHead(options, styles),
    features: (page) => page.map((f) => kmlPlacemark(f, options, styles)).join(''),
    tail: () => KML_TAIL,
  };
}

/** Write a whole collection with any writer (the one-shot form of the streaming interface). */
export function writeAll(writer: FeatureWriter, features: readonly AnyFeature[]): string {
  return writer.head() + writer.features(features, 0) + writer.tail();
}

/** GeoJSON passthrough of a FeatureCollection (foreign members other than `name` are not kept). */
export function toGeojson(collection: GeoJSON.FeatureCollection, name?: string): string {
  return writeAll(geojsonWriter({ name }), collection.features);
}
