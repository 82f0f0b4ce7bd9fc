import type { FeatureCollection, Point } from 'geojson';
import type { DistrictCollection } from '../api/types.ts';

export interface DistrictLabelProperties {
  adcode: string;
  name_zh: string;
  name_en: string;
}

/**
 * One label point per district at its `label_point` ([lon, lat]); a district without a valid
 * label point is labelled at the centre of its bounding box.
 */
export function districtLabelPoints(districts: DistrictCollection): FeatureCollection<Point, DistrictLabelProperties> {
  return {
    type: 'FeatureCollection',
    features: districts.features.map((f) => {
      const p = f.properties;
      const lp = p.label_point;
      const valid = Array.isArray(lp) && lp.length === 2 && lp.every(Number.isFinite);
      return {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: valid ? [lp[0], lp[1]] : bboxCenter(f.geometry) },
        properties: { adcode: p.adcode, name_zh: p.name_zh, name_en: p.name_en },
      };
    }),
  };
}

function bboxCenter(geometry: DistrictCollection['features'][number]['geometry']): [number, number] {
  let minLon = Infinity,
    minLat = Infinity,
    maxLon = -Infinity,
    maxLat = -Infinity;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) {
    for (const [lon, lat] of polygon[0] ?? []) {
      minLon = Math.min(minLon, lon);
      maxLon = Math.max(maxLon, lon);
      minLat = Math.min(minLat, lat);
      maxLat = Math.max(maxLat, lat);
    }
  }
  return [(minLon + maxLon) / 2, (minLat + maxLat) / 2];
}
