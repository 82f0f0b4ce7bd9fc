import { createAreaGrid } from '../../core/geo/area-grid.ts';
import { pixelFootprint } from '../../core/geo/grid-lookup.ts';
import type { Area } from '../areas/repository.ts';
import type { LayerFeature, LayerGeometryType, LayerSource } from '../exports/layer-source.ts';

/** OGC geometry dimension of a collection's features (0 points, 2 surfaces), as OGC API drafts declare it. */
export function geometryDimension(type: LayerGeometryType): 0 | 2 {
  return type === 'Point' ? 0 : 2;
}

/**
 * Give a feature the one geometry type of its collection, so that GIS tools type the layer by it
 * (GDAL reads the type off the features and refuses to write mixed types to a GeoPackage):
 * Polygon becomes a one-part MultiPolygon; in a MultiPolygon collection a Point (a point settlement)
 * becomes the square of the area's grid pixel it is counted in, and keeps its position in
 * `pointLon`/`pointLat` (null for features that were polygons already) where the layer has
 * pointFootprints. The area grid is built once per mapper, on first use.
 */
export function collectionFeatureMapper(
  source: Pick<LayerSource, 'geometryType' | 'pointFootprints'>,
  area: Area,
): (feature: LayerFeature) => LayerFeature {
  let grid: ReturnType<typeof createAreaGrid> | undefined;
  const position = (lon: number | null, lat: number | null) => (source.pointFootprints ? { pointLon: lon, pointLat: lat } : {});
  return (feature) => {
    const g = feature.geometry;
    if (source.geometryType === 'Point' || g === null) return feature;
    if (g.type === 'Point' && source.pointFootprints) {
      grid ??= createAreaGrid(area.boundary, area.settings.resolutionM);
      const square = pixelFootprint(grid, g.coordinates[0], g.coordinates[1]);
      const properties = { ...feature.properties, ...position(g.coordinates[0], g.coordinates[1]) };
      return { ...feature, geometry: { type: 'MultiPolygon', coordinates: [square.coordinates] }, properties };
    }
    const geometry: GeoJSON.Geometry = g.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [g.coordinates] } : g;
    return { ...feature, geometry, properties: { ...feature.properties, ...position(null, null) } };
  };
}
