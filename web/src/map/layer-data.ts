import type { FeatureCollection, Point, Polygon } from 'geojson';
import type { CellCollection, ReportCollection } from '../api/types.ts';
import { cellSectors } from '../geo/cell-sectors.ts';

/**
 * The cells as the map draws them: wedges with only what the layers and a click need (the popup
 * reads the rest from the cells the page holds), so that the worker has less to copy and tile.
 */
export function cellLayerData(cells: CellCollection): FeatureCollection<Polygon, { id: number; technology: string; siteStatus: string }> {
  const sectors = cellSectors(cells);
  return {
    type: 'FeatureCollection',
    features: sectors.features.map((f) => ({
      type: 'Feature',
      id: f.id,
      geometry: f.geometry,
      properties: { id: f.properties.id, technology: f.properties.technology, siteStatus: f.properties.siteStatus },
    })),
  };
}

/** The problem reports as the map draws them: the point, the id a click needs and the kind that colours it. */
export function reportLayerData(reports: ReportCollection): FeatureCollection<Point, { id: number; kind: string }> {
  return {
    type: 'FeatureCollection',
    features: reports.features.map((f) => ({
      type: 'Feature',
      id: f.id,
      geometry: f.geometry,
      properties: { id: f.properties.id, kind: f.properties.kind },
    })),
  };
}
