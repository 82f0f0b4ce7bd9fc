import type { FeatureCollection, Point, Polygon } from 'geojson';
import type { CellCollection, PlacePage, ReportCollection, SurveyResponsePage } from '../api/types.ts';
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

/**
 * The problem reports as the map draws them: the point, the id a click needs, the kind that colours
 * it and whether it was placed from its address (drawn hollow: its position is only its place's).
 */
export function reportLayerData(reports: ReportCollection): FeatureCollection<Point, { id: number; kind: string; byAddress: boolean }> {
  return {
    type: 'FeatureCollection',
    features: reports.features.map((f) => ({
      type: 'Feature',
      id: f.id,
      geometry: f.geometry,
      properties: { id: f.properties.id, kind: f.properties.kind, byAddress: f.properties.located === 'address' },
    })),
  };
}

/** The gazetteer's places as the map draws them: the geometry, the names of the label and the kind. */
export function placeLayerData(
  places: PlacePage['features'],
): FeatureCollection<PlacePage['features'][number]['geometry'], { id: number; name: string; nameEn: string; kind: string }> {
  return {
    type: 'FeatureCollection',
    features: places.map((f) => ({
      type: 'Feature',
      id: f.id,
      geometry: f.geometry,
      properties: {
        id: f.properties.id,
        name: f.properties.name,
        nameEn: f.properties.nameEn ?? f.properties.name,
        kind: f.properties.kind,
      },
    })),
  };
}

/**
 * The survey answers as the map draws them: the point, the id a click needs, the satisfaction (1..5)
 * that colours it and whether it was placed from its address (drawn hollow, as reports are).
 */
export function surveyLayerData(
  answers: SurveyResponsePage['features'],
): FeatureCollection<Point, { id: number; satisfaction: number; byAddress: boolean }> {
  return {
    type: 'FeatureCollection',
    features: answers.map((f) => ({
      type: 'Feature',
      id: f.id,
      geometry: f.geometry,
      properties: { id: f.properties.id, satisfaction: f.properties.satisfaction, byAddress: f.properties.located === 'address' },
    })),
  };
}
