/**
 * Serialisation of the demo data into the operator export formats: UTF-8 CSV with a header row and
 * RFC 4180 quoting, GeoJSON FeatureCollections (one feature per line), coordinates with 6 decimals.
 */
import { stringify } from 'csv-stringify/sync';
import type { LonLat } from '../../server/core/model.ts';
import type { Candidate } from './candidates.ts';
import type { ClutterPolygon, Settlement } from './clutter.ts';
import type { Measurement } from './drive-test.ts';
import type { NamedPlace } from './layout.ts';
import type { Site } from './network.ts';
import type { ProblemReport } from './reports.ts';
import type { SurveyResponse } from './surveys.ts';

type Cell = string | number | boolean | null;

const coord = (value: number) => value.toFixed(6);

function csv(header: readonly string[], rows: readonly Cell[][]): string {
  const text = rows.map((row) => row.map((v) => (v === null ? '' : typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v))));
  return stringify([header as string[], ...text], { record_delimiter: 'unix' });
}

export const CELLS_HEADER = [
  'site_code',
  'site_name',
  'lon',
  'lat',
  'site_status',
  'approximate',
  'cell_code',
  'technology',
  'frequency_mhz',
  'height_m',
  'azimuth_deg',
  'beamwidth_deg',
  'tilt_deg',
  'power_dbm',
  'gain_dbi',
  'loss_db',
] as const;

export function cellsCsv(sites: readonly Site[]): string {
  const rows = sites.flatMap((site) =>
    site.cells.map((c): Cell[] => [
      site.code,
      site.name,
      coord(site.lon),
      coord(site.lat),
      'existing',
      site.approximate,
      c.cellCode,
      c.technology,
      c.frequencyMhz,
      c.heightM,
      c.azimuthDeg,
      c.beamwidthDeg,
      c.tiltDeg,
      c.powerDbm,
      c.gainDbi,
      c.lossDb,
    ]),
  );
  return csv(CELLS_HEADER, rows);
}

export const REPORTS_HEADER = [
  'external_id',
  'lon',
  'lat',
  'technology',
  'kind',
  'source',
  'customer_tier',
  'reported_at',
  'status',
  'address',
  'note',
] as const;

export function reportsCsv(reports: readonly ProblemReport[]): string {
  return csv(
    REPORTS_HEADER,
    reports.map((r) => [
      r.externalId,
      coord(r.position[0]),
      coord(r.position[1]),
      r.technology,
      r.kind,
      r.source,
      r.tier,
      r.reportedAt,
      r.status,
      r.address,
      r.note,
    ]),
  );
}

export const SURVEYS_HEADER = [
  'external_id',
  'answered_at',
  'technology',
  'lon',
  'lat',
  'address',
  'satisfaction',
  'problems',
  'comment',
  'source',
] as const;

export function surveysCsv(responses: readonly SurveyResponse[]): string {
  return csv(
    SURVEYS_HEADER,
    responses.map((r) => [
      r.externalId,
      r.answeredAt,
      r.technology,
      coord(r.position[0]),
      coord(r.position[1]),
      r.address,
      r.satisfaction,
      r.problems.join(';'),
      r.comment,
      r.source,
    ]),
  );
}

export const CANDIDATES_HEADER = [
  'code',
  'name',
  'lon',
  'lat',
  'technology',
  'cost',
  'status',
  'origin',
  'approximate',
  'note',
  'frequency_mhz',
  'height_m',
  'azimuths_deg',
  'beamwidth_deg',
  'tilt_deg',
  'power_dbm',
  'gain_dbi',
  'loss_db',
] as const;

export function candidatesCsv(candidates: readonly Candidate[]): string {
  return csv(
    CANDIDATES_HEADER,
    candidates.map((c) => [
      c.code,
      c.name,
      coord(c.position[0]),
      coord(c.position[1]),
      c.technology,
      c.cost,
      c.status,
      c.origin,
      c.approximate,
      c.note,
      c.frequencyMhz,
      c.heightM,
      c.azimuthsDeg.join(';'),
      c.beamwidthDeg,
      c.tiltDeg,
      c.powerDbm,
      c.gainDbi,
      c.lossDb,
    ]),
  );
}

export const MEASUREMENTS_HEADER = [
  'external_id',
  'survey',
  'lon',
  'lat',
  'technology',
  'level_dbm',
  'serving_cell',
  'measured_at',
] as const;

export function measurementsCsv(rows: readonly Measurement[]): string {
  return csv(
    MEASUREMENTS_HEADER,
    rows.map((m) => [
      m.externalId,
      m.survey,
      coord(m.position[0]),
      coord(m.position[1]),
      m.technology,
      m.levelDbm.toFixed(1),
      m.servingCell,
      m.measuredAt,
    ]),
  );
}

function featureCollection(features: readonly object[]): string {
  return `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}

const point = (p: LonLat) => ({ type: 'Point', coordinates: [Number(coord(p[0])), Number(coord(p[1]))] });

export function clutterGeoJson(polygons: readonly ClutterPolygon[]): string {
  return featureCollection(
    polygons.map((p) => ({
      type: 'Feature',
      properties: { code: p.code, name: p.name, environment: p.environment },
      geometry: { type: 'Polygon', coordinates: p.rings },
    })),
  );
}

export function settlementsGeoJson(settlements: readonly Settlement[]): string {
  return featureCollection(
    settlements.map((s) => ({
      type: 'Feature',
      properties: { code: s.code, name: s.name, population: s.population, approximate: true },
      geometry: s.rings ? { type: 'Polygon', coordinates: s.rings } : point(s.point as LonLat),
    })),
  );
}

/**
 * The gazetteer (import kind `places`): the named places as points, then the settlements that are not
 * among them (towns and Liuchang's living quarters as their polygons, villages as points), each with
 * its aliases. A settlement's name is "中文 English".
 */
export function placesGeoJson(
  places: readonly NamedPlace[],
  settlements: readonly Settlement[],
  settlementAliases: Readonly<Record<string, readonly string[]>>,
): string {
  const named = new Set(places.map((p) => p.nameZh));
  const others = settlements
    .map((s) => {
      const space = s.name.indexOf(' ');
      return { s, zh: s.name.slice(0, space), en: s.name.slice(space + 1) };
    })
    .filter(({ zh }) => !named.has(zh));
  return featureCollection([
    ...places.map((p) => ({
      type: 'Feature',
      properties: { code: p.code, name: p.nameZh, name_en: p.nameEn, aliases: p.aliases, kind: p.kind, approximate: true },
      geometry: point(p.position),
    })),
    ...others.map(({ s, zh, en }) => ({
      type: 'Feature',
      properties: {
        code: `settlement-${s.code}`,
        name: zh,
        name_en: en,
        aliases: settlementAliases[s.code] ?? [],
        kind: zh.endsWith('村') ? 'village' : zh.endsWith('生活区') ? 'estate' : 'town',
        approximate: true,
      },
      geometry: s.rings ? { type: 'Polygon', coordinates: s.rings } : point(s.point as LonLat),
    })),
  ]);
}
