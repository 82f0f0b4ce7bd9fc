import { csvWriter, geojsonWriter, kmlWriter, type FeatureWriter } from '../../core/export/index.ts';
import type { ExportFormat } from '../../contract/exports.ts';
import type { LayerContext, LayerQuery, LayerSource } from './layer-source.ts';

/** Rows fetched per query while streaming: large layers (100k reports) never sit in memory at once. */
export const EXPORT_PAGE_SIZE = 2000;

export interface ExportOptions {
  /** Radius of the cell wedges drawn in KML, metres. */
  sectorRadiusM: number;
  pageSize?: number;
}

export function exportWriter(format: ExportFormat, ctx: LayerContext, source: LayerSource): FeatureWriter {
  switch (format) {
    case 'geojson':
      return geojsonWriter({ name: `${ctx.area.code}-${source.name}` });
    case 'csv':
      return csvWriter(source.csvColumns);
    case 'kml':
      return kmlWriter({ ...source.kml, name: `${ctx.area.name} - ${source.title}`, description: source.description });
  }
}

/**
 * The export document in chunks, one per page of features read by id (keyset paging), so memory stays
 * bounded by the page size whatever the layer size.
 */
export async function* exportChunks(
  ctx: LayerContext,
  source: LayerSource,
  query: LayerQuery,
  format: ExportFormat,
  options: ExportOptions,
): AsyncGenerator<string> {
  const writer = exportWriter(format, ctx, source);
  const pageSize = options.pageSize ?? EXPORT_PAGE_SIZE;
  yield writer.head();
  let written = 0;
  let afterId: number | undefined;
  for (;;) {
    const page = await source.page(ctx, query, { limit: pageSize, afterId });
    if (page.length === 0) break;
    const features = format === 'kml' && source.kmlFeature ? page.map((f) => source.kmlFeature!(f, options)) : page;
    yield writer.features(features, written);
    written += page.length;
    if (page.length < pageSize) break;
    afterId = page[page.length - 1].id;
  }
  yield writer.tail();
}
