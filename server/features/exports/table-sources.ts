import type { Kysely } from 'kysely';
import { geometryIntersectsBBox } from '../../core/export/index.ts';
import { placeAnchor } from '../../core/geo/gazetteer.ts';
import { TECHNOLOGIES } from '../../core/model.ts';
import type { Database } from '../../db/types.ts';
import { UnprocessableError } from '../../errors.ts';
import { clutterFeature } from '../clutter/repository.ts';
import { measurementFeature } from '../measurements/repository.ts';
import { placeFeature } from '../places/repository.ts';
import { reportFeature } from '../reports/repository.ts';
import { settlementFeature } from '../settlements/repository.ts';
import { surveyResponseFeature } from '../surveys/repository.ts';
import type { GeoFeature } from '../shared/layer-routes.ts';
import { idColumn, latColumn, lonColumn, prop, wktColumn } from './csv-columns.ts';
import type { LayerFeature, LayerQuery, LayerSource } from './layer-source.ts';
import * as repo from './repository.ts';
import { ENVIRONMENT_COLORS, PLACE_KIND_COLORS, REPORT_STATUS_COLORS, SATISFACTION_COLORS, TECHNOLOGY_COLORS } from './styles.ts';

/** Upper bound on the polygons of one area read for an exact bbox test. */
const MAX_POLYGON_CANDIDATES = 100_000;

type Definition = Pick<
  LayerSource,
  'name' | 'geometryType' | 'pointFootprints' | 'title' | 'description' | 'technologies' | 'csvColumns' | 'kml'
> & {
  spec: repo.TableLayerSpec;
  toFeature(row: Record<string, unknown>): GeoFeature;
};

/**
 * A layer stored in one table of the area, mapped to features by its feature folder's mapping. Polygon
 * rows are found by their stored bbox, then kept only if the geometry itself meets the query box: that
 * pass reads every candidate, which suits clutter zones and settlements (hundreds per area).
 */
function tableSource(def: Definition): LayerSource {
  const { spec, toFeature, ...rest } = def;
  const feature = (row: Record<string, unknown>) => toFeature(row) as LayerFeature;
  const exact = (q: LayerQuery) => spec.kind === 'polygon' && q.bbox !== undefined;
  const exactMatches = async (db: Kysely<Database>, areaId: number, q: LayerQuery) => {
    const rows = await repo.pageTableLayer(db, spec, areaId, q, { limit: MAX_POLYGON_CANDIDATES + 1 });
    if (rows.length > MAX_POLYGON_CANDIDATES) {
      throw new UnprocessableError(`bbox: more than ${MAX_POLYGON_CANDIDATES} ${def.name} polygons in the box; use a smaller box`, [
        { field: '/querystring/bbox', message: 'too many candidates', value: q.bbox },
      ]);
    }
    return rows.map(feature).filter((f) => f.geometry && geometryIntersectsBBox(f.geometry, q.bbox!));
  };
  return {
    ...rest,
    temporal: Boolean(spec.timeColumn),
    async count({ db, area }, q) {
      return exact(q) ? (await exactMatches(db, area.id, q)).length : repo.countTableLayer(db, spec, area.id, q);
    },
    async page({ db, area }, q, w) {
      if (!exact(q)) return (await repo.pageTableLayer(db, spec, area.id, q, w)).map(feature);
      const after = (await exactMatches(db, area.id, q)).filter((f) => w.afterId === undefined || f.id > w.afterId);
      return after.slice(w.offset ?? 0, (w.offset ?? 0) + w.limit);
    },
    async get({ db, area }, id) {
      const row = await repo.getTableLayerRow(db, spec, area.id, id);
      return row ? feature(row) : undefined;
    },
    extent: ({ db, area }) => repo.tableLayerExtent(db, spec, area.id),
  };
}

export const reportsSource = tableSource({
  name: 'reports',
  geometryType: 'Point',
  title: 'Problem reports (问题报告)',
  description: 'Coverage problem reports from call-backs, questionnaires, complaints and on-site tests; time = reportedAt.',
  technologies: [...TECHNOLOGIES, 'unknown'],
  spec: { table: 'problem_reports', kind: 'point', technologyColumn: 'technology', timeColumn: 'reported_at' },
  toFeature: reportFeature,
  csvColumns: [
    idColumn,
    prop('externalId'),
    lonColumn,
    latColumn,
    prop('technology'),
    prop('kind'),
    prop('source'),
    prop('customerTier'),
    prop('reportedAt'),
    prop('status'),
    prop('resolution'),
    prop('resolvedBySiteCode'),
    prop('resolvedByCandidateCode'),
    prop('address'),
    prop('note'),
    prop('located'),
    prop('placeName'),
    prop('locationRadiusM'),
  ],
  kml: { styleBy: { property: 'status', colors: REPORT_STATUS_COLORS } },
});

export const measurementsSource = tableSource({
  name: 'measurements',
  geometryType: 'Point',
  title: 'Survey measurements (测试数据)',
  description: 'Drive- and walk-test received levels with the serving cell; time = measuredAt.',
  technologies: TECHNOLOGIES,
  spec: { table: 'survey_measurements', kind: 'point', technologyColumn: 'technology', timeColumn: 'measured_at' },
  toFeature: measurementFeature,
  csvColumns: [
    idColumn,
    prop('externalId'),
    prop('survey'),
    lonColumn,
    latColumn,
    prop('technology'),
    prop('levelDbm'),
    prop('servingCell'),
    prop('measuredAt'),
  ],
  kml: { styleBy: { property: 'technology', colors: TECHNOLOGY_COLORS }, placemarkName: (f) => `${f.properties?.levelDbm} dBm` },
});

export const surveyResponsesSource = tableSource({
  name: 'survey-responses',
  geometryType: 'Point',
  title: 'Customer survey answers (满意度调查)',
  description:
    'Questionnaire and call-back answers: satisfaction with the coverage 1 (very dissatisfied) to 5 (satisfied), the problems named and the customer words; time = answeredAt.',
  technologies: [...TECHNOLOGIES, 'unknown'],
  spec: { table: 'survey_responses', kind: 'point', technologyColumn: 'technology', timeColumn: 'answered_at' },
  // The problems as the importer's list ("indoor;data"): GIS formats (GeoPackage, shapefile) have no list fields.
  toFeature: (row) => {
    const f = surveyResponseFeature(row as Parameters<typeof surveyResponseFeature>[0]);
    return { ...f, properties: { ...f.properties, problems: f.properties.problems.join(';') } };
  },
  csvColumns: [
    idColumn,
    prop('externalId', 'external_id'),
    prop('answeredAt', 'answered_at'),
    prop('technology'),
    lonColumn,
    latColumn,
    prop('address'),
    prop('satisfaction'),
    prop('problems'),
    prop('comment'),
    prop('source'),
    prop('located'),
    prop('placeCode', 'place_code'),
  ],
  kml: { styleBy: { property: 'satisfaction', colors: SATISFACTION_COLORS }, placemarkName: (f) => `${f.properties?.satisfaction}/5` },
});

export const clutterSource = tableSource({
  name: 'clutter',
  geometryType: 'MultiPolygon',
  title: 'Clutter zones (地物分类)',
  description: 'Land-use zones setting the propagation environment class.',
  spec: { table: 'clutter_zones', kind: 'polygon' },
  toFeature: clutterFeature,
  csvColumns: [idColumn, prop('code'), prop('name'), prop('environment'), wktColumn],
  kml: { styleBy: { property: 'environment', colors: ENVIRONMENT_COLORS } },
});

export const settlementsSource = tableSource({
  name: 'settlements',
  geometryType: 'MultiPolygon',
  pointFootprints: true,
  title: 'Settlements (居民点)',
  description:
    'Settlements with their population, for coverage by population. In OGC API collections a point settlement is the square of the grid pixel its residents are counted in (pointLon, pointLat keep the point).',
  spec: { table: 'settlements', kind: 'polygon' },
  toFeature: settlementFeature,
  csvColumns: [idColumn, prop('code'), prop('name'), prop('population'), prop('approximate'), wktColumn],
  kml: {},
});

/** A stored place's feature, its aliases as one list ("a;b": GeoPackage and shapefile have no list fields). */
function flatPlace(row: Record<string, unknown>) {
  const f = placeFeature(row as Parameters<typeof placeFeature>[0]);
  return { ...f, properties: { ...f.properties, aliases: f.properties.aliases.join(';') } };
}

const PLACE_CSV_COLUMNS = [idColumn, prop('code'), prop('name'), prop('nameEn'), prop('aliases'), prop('kind')];

/**
 * The gazetteer as points, one geometry type so GIS tools read it as one layer: each place at the
 * point an address naming it is placed at (a point place itself, a polygon place its representative
 * point inside: gazetteer.ts placeAnchor), with `radiusM`, the precision of that position, and `shape`.
 * The polygons themselves are the `place-areas` layer.
 */
export const placesSource = tableSource({
  name: 'places',
  geometryType: 'Point',
  title: 'Places (地名)',
  description:
    'The gazetteer that places address-only reports and survey answers: every place at the point an address naming it is placed at ' +
    '(a polygon place at its representative point), radiusM = the precision of that position, shape = point or polygon ' +
    '(the polygons are the place-areas layer).',
  spec: { table: 'places', kind: 'polygon' },
  toFeature: (row) => {
    const f = flatPlace(row);
    const geometry = f.geometry as GeoJSON.Point | GeoJSON.Polygon | GeoJSON.MultiPolygon;
    const anchor = placeAnchor({ kind: f.properties.kind, geometry });
    return {
      ...f,
      geometry: { type: 'Point', coordinates: [anchor.lon, anchor.lat] },
      properties: { ...f.properties, radiusM: anchor.radiusM, shape: geometry.type === 'Point' ? 'point' : 'polygon' },
    };
  },
  csvColumns: [...PLACE_CSV_COLUMNS, lonColumn, latColumn, prop('radiusM'), prop('shape')],
  kml: { styleBy: { property: 'kind', colors: PLACE_KIND_COLORS } },
});

/** The places that are areas (estates, villages, towns drawn as polygons), as their polygons. */
export const placeAreasSource = tableSource({
  name: 'place-areas',
  geometryType: 'MultiPolygon',
  title: 'Place areas (地名范围)',
  description:
    'The gazetteer places given as polygons (estates, villages, towns), with their outline; the places layer has every place as a point.',
  spec: { table: 'places', kind: 'polygon', geometryTypes: ['Polygon', 'MultiPolygon'] },
  toFeature: flatPlace,
  csvColumns: [...PLACE_CSV_COLUMNS, wktColumn],
  kml: { styleBy: { property: 'kind', colors: PLACE_KIND_COLORS } },
});
