import { geometryIntersectsBBox } from '../../core/export/index.ts';
import type { Area } from '../areas/repository.ts';
import type { CoverageService } from '../coverage/service.ts';
import type { PlanningService } from '../planning/service.ts';
import { idColumn, prop, wktColumn } from './csv-columns.ts';
import type { LayerFeature, LayerQuery, LayerSource } from './layer-source.ts';

type Definition = Pick<LayerSource, 'name' | 'geometryType' | 'title' | 'description' | 'technologies' | 'csvColumns' | 'kml'> & {
  /** Every feature of the area, ids 1..n in listing order (computed layers have no stored ids). */
  features(area: Area, query: LayerQuery): Promise<LayerFeature[]>;
};

/**
 * A layer computed by a service (coverage gaps, report hotspots) rather than stored: the service caches
 * its results, and this pages and filters the computed list. Feature ids are ranks within the current
 * result (gap 1 is the largest), so they change when the inputs do. The extent is the area's.
 */
function computedSource(def: Definition): LayerSource {
  const { features, ...rest } = def;
  const load = async (area: Area, q: LayerQuery) => {
    const all = await features(area, q);
    return q.bbox ? all.filter((f) => f.geometry && geometryIntersectsBBox(f.geometry, q.bbox!)) : all;
  };
  return {
    ...rest,
    temporal: false,
    count: async ({ area }, q) => (await load(area, q)).length,
    async page({ area }, q, w) {
      const all = await load(area, q);
      const after = w.afterId === undefined ? all : all.filter((f) => f.id > w.afterId!);
      const start = w.offset ?? 0;
      return after.slice(start, start + w.limit);
    },
    get: async ({ area }, id) => (await features(area, {})).find((f) => f.id === id),
    extent: async () => ({ bbox: null, interval: null }),
  };
}

/** `value` to `digits` decimals (exports and OGC properties carry no float noise such as 12890.000282287598). */
function roundTo(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/**
 * Outdoor coverage gaps of the existing network of one technology, largest first. Area in km2 to
 * 0.0001 (100 m2, finer than a pixel), residents to whole persons, centroid to 1e-7 degrees (1 cm).
 */
export function gapsSource(coverage: CoverageService, technology: 'GSM' | 'CDMA'): LayerSource {
  const net = technology === 'GSM' ? 'G-net' : 'C-net';
  return computedSource({
    name: `gaps-${technology.toLowerCase()}`,
    geometryType: 'MultiPolygon',
    title: `Coverage gaps, ${technology} (${technology === 'GSM' ? 'G网' : 'C网'}盲区)`,
    description: `Contiguous areas inside the boundary where the existing ${net} (${technology}) is below the outdoor threshold, largest first.`,
    csvColumns: [
      idColumn,
      prop('gapId'),
      prop('technology'),
      prop('areaKm2'),
      prop('population'),
      prop('reportCount'),
      prop('centroidLon'),
      prop('centroidLat'),
      wktColumn,
    ],
    kml: { placemarkName: (f) => `${f.properties?.gapId} (${f.properties?.areaKm2} km2)` },
    async features(area) {
      const gaps = await coverage.gaps(await coverage.run(area, technology), false);
      return gaps.features.map((g, i) => ({
        type: 'Feature',
        id: i + 1,
        geometry: g.geometry,
        properties: {
          id: i + 1,
          gapId: g.properties.id,
          technology,
          areaKm2: roundTo(g.properties.areaKm2, 4),
          population: Math.round(g.properties.population),
          reportCount: roundTo(g.properties.reportCount, 2),
          centroidLon: roundTo(g.properties.centroid[0], 7),
          centroidLat: roundTo(g.properties.centroid[1], 7),
        },
      }));
    },
  });
}

/** Problem-report hotspots (DBSCAN clusters of open reports), highest score first; `technology` picks the network. */
export function hotspotsSource(planning: PlanningService): LayerSource {
  return computedSource({
    name: 'hotspots',
    geometryType: 'MultiPolygon',
    title: 'Problem hotspots (投诉热点)',
    description:
      'Clusters of open problem reports scored by customer tier and recency, with whether they lie in predicted coverage or in a gap.',
    technologies: ['GSM', 'CDMA'],
    csvColumns: [
      idColumn,
      prop('hotspotId'),
      prop('reportCount'),
      prop('score'),
      prop('coverage'),
      prop('uncoveredShare'),
      prop('centroidLon'),
      prop('centroidLat'),
      prop('byKind'),
      prop('bySource'),
      prop('byTier'),
      prop('byTechnology'),
      wktColumn,
    ],
    kml: {
      styleBy: { property: 'coverage', colors: { gap: '#d62728', covered: '#ff7f0e', unassessed: '#7f7f7f' } },
      placemarkName: (f) => String(f.properties?.hotspotId),
    },
    async features(area, q) {
      const technology = q.technology === 'GSM' || q.technology === 'CDMA' ? q.technology : 'all';
      const hotspots = await planning.hotspots(area, technology, {});
      return hotspots.map((h, i) => ({
        type: 'Feature',
        id: i + 1,
        geometry: h.polygon,
        properties: {
          id: i + 1,
          hotspotId: h.id,
          reportCount: h.reportCount,
          score: Math.round(h.score * 100) / 100,
          coverage: h.coverage,
          uncoveredShare: Math.round(h.uncoveredShare * 1000) / 1000,
          centroidLon: h.centroid[0],
          centroidLat: h.centroid[1],
          byKind: h.byKind,
          bySource: h.bySource,
          byTier: h.byTier,
          byTechnology: h.byTechnology,
        },
      }));
    },
  });
}
