import { sectorPolygon } from '../../core/export/index.ts';
import { TECHNOLOGIES, type LonLat } from '../../core/model.ts';
import type { SiteRow } from '../../db/types.ts';
import { findCell, findSite, toCell, toCellWithSite, type Cell, type CellWithSiteRow, type Site } from '../sites/repository.ts';
import { cellFeature } from '../sites/service.ts';
import { idColumn, latColumn, lonColumn, prop } from './csv-columns.ts';
import type { LayerFeature, LayerSource } from './layer-source.ts';
import * as repo from './repository.ts';
import { SITE_STATUS_COLORS, TECHNOLOGY_COLORS } from './styles.ts';

/** Arc segments of a sector wedge in KML. */
const WEDGE_STEPS = 16;

function cellRowFeature(r: CellWithSiteRow): LayerFeature {
  return cellFeature(toCellWithSite(r)) as LayerFeature;
}

/** Cells as points at their site (GeoJSON, CSV) and as sector wedges (KML). */
export const cellsSource: LayerSource = {
  name: 'cells',
  geometryType: 'Point',
  title: 'Cells (小区)',
  description: 'Cells (sectors) with their radio parameters, one feature per cell, located at its site.',
  technologies: TECHNOLOGIES,
  temporal: false,
  csvColumns: [
    idColumn,
    prop('siteCode'),
    prop('siteName'),
    prop('siteStatus'),
    prop('code', 'cellCode'),
    prop('technology'),
    lonColumn,
    latColumn,
    prop('frequencyMhz'),
    prop('heightM'),
    prop('azimuthDeg'),
    prop('beamwidthDeg'),
    prop('tiltDeg'),
    prop('powerDbm'),
    prop('gainDbi'),
    prop('lossDb'),
  ],
  kml: {
    styleBy: { property: 'technology', colors: TECHNOLOGY_COLORS },
    placemarkName: (f) => `${f.properties?.siteCode}/${f.properties?.code}`,
  },
  kmlFeature(f, { sectorRadiusM }) {
    if (f.geometry?.type !== 'Point') return f;
    const p = f.properties as { azimuthDeg: number | null; beamwidthDeg: number };
    const center = f.geometry.coordinates as LonLat;
    return { ...f, geometry: sectorPolygon(center, p.azimuthDeg, p.beamwidthDeg, sectorRadiusM, WEDGE_STEPS) };
  },
  count: ({ db, area }, q) => repo.countCells(db, area.id, q),
  page: async ({ db, area }, q, w) => (await repo.pageCells(db, area.id, q, w)).map(cellRowFeature),
  async get({ db, area }, id) {
    const cell = await findCell(db, area.id, id);
    return cell ? (cellFeature(cell) as LayerFeature) : undefined;
  },
  extent: ({ db, area }) => repo.cellsExtent(db, area.id),
};

function siteFeature(site: Omit<Site, 'areaId'>): LayerFeature {
  const { lon, lat, ...properties } = site;
  return { type: 'Feature', id: site.id, geometry: { type: 'Point', coordinates: [lon, lat] }, properties };
}

function rowSite(row: SiteRow, cells: Cell[]): Omit<Site, 'areaId'> {
  const { id, code, name, lon, lat, status, address, note, approximate } = row;
  return { id, code, name, lon, lat, status, address, note, approximate, cells };
}

/** Sites with their cells nested (GeoJSON) or summarised (CSV). */
export const sitesSource: LayerSource = {
  name: 'sites',
  geometryType: 'Point',
  title: 'Sites (基站)',
  description: 'Base-station sites; each feature lists its cells.',
  temporal: false,
  csvColumns: [
    idColumn,
    prop('code'),
    prop('name'),
    lonColumn,
    latColumn,
    prop('status'),
    prop('address'),
    prop('note'),
    prop('approximate'),
    { header: 'cellCount', value: (f) => ((f.properties?.cells ?? []) as Cell[]).length },
    {
      header: 'technologies',
      value: (f) => [...new Set(((f.properties?.cells ?? []) as Cell[]).map((c) => c.technology))].sort().join(';'),
    },
  ],
  kml: { styleBy: { property: 'status', colors: SITE_STATUS_COLORS } },
  count: ({ db, area }, q) => repo.countSites(db, area.id, q),
  page: async ({ db, area }, q, w) =>
    (await repo.pageSites(db, area.id, q, w)).map(({ site, cells }) => siteFeature(rowSite(site, cells.map(toCell)))),
  async get({ db, area }, id) {
    const site = await findSite(db, area.id, id);
    if (!site) return undefined;
    const { areaId: _areaId, ...rest } = site;
    return siteFeature(rest);
  },
  extent: ({ db, area }) => repo.sitesExtent(db, area.id),
};
