import type { Feature, FeatureCollection, Polygon } from 'geojson';
import type { CellCollection, CellProperties, Technology } from '../api/types.ts';
import { sectorPolygon } from './sector-polygon.ts';

/** Drawn wedge radius per network, metres: C-net wedges are shorter so both show at a shared mast. */
export const SECTOR_RADIUS_M: Partial<Record<Technology, number>> & { default: number } = {
  GSM: 500,
  CDMA: 350,
  default: 420,
};

export type SectorProperties = CellProperties & { omni: boolean };
export type SectorCollection = FeatureCollection<Polygon, SectorProperties>;

/**
 * One wedge (or circle, for omni cells) per cell point; the feature id is the cell id so that
 * map feature state and popups can find the cell again. Cells without a valid position are skipped.
 * Longer wedges come first, so that the shorter ones drawn after them stay visible on top.
 */
export function cellSectors(cells: CellCollection, radiusM = SECTOR_RADIUS_M): SectorCollection {
  const features: (Feature<Polygon, SectorProperties> & { radiusM: number })[] = [];
  for (const cell of cells.features) {
    const coords = cell.geometry?.coordinates;
    if (!coords || !Number.isFinite(coords[0]) || !Number.isFinite(coords[1])) continue;
    const p = cell.properties;
    const r = radiusM[p.technology] ?? radiusM.default;
    const omni = p.azimuthDeg === null || p.beamwidthDeg >= 360;
    features.push({
      type: 'Feature',
      radiusM: r,
      id: p.id,
      geometry: sectorPolygon([coords[0], coords[1]], p.azimuthDeg, p.beamwidthDeg, r),
      properties: { ...p, omni },
    });
  }
  features.sort((a, b) => b.radiusM - a.radiusM);
  return { type: 'FeatureCollection', features: features.map(({ radiusM: _, ...f }) => f) };
}
