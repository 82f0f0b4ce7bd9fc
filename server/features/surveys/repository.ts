import type { Kysely } from 'kysely';
import type { SurveyResponseFeature, SurveyResponseUpdate } from '../../contract/surveys.ts';
import type { ReportTechnology, SurveyProblem } from '../../core/model.ts';
import type { Database, SurveyResponseRow } from '../../db/types.ts';
import type { LayerTableSpec, LayerUpdate } from '../shared/layer-repository.ts';

/** Where survey answers are stored: a point layer whose natural key is the external id. */
export const SURVEY_RESPONSES_TABLE: LayerTableSpec<'survey_responses'> = {
  table: 'survey_responses',
  kind: 'point',
  naturalKey: 'external_id',
};

/** A stored answer as its GeoJSON Feature: a [lon, lat] point; `answeredAt` in ISO 8601 (UTC). */
export function surveyResponseFeature(r: SurveyResponseRow): SurveyResponseFeature {
  return {
    type: 'Feature',
    id: r.id,
    geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
    properties: {
      id: r.id,
      externalId: r.external_id,
      technology: r.technology,
      satisfaction: r.satisfaction,
      problems: r.problems,
      problemsText: r.problems_text ?? null,
      comment: r.comment ?? null,
      source: r.source,
      answeredAt: r.answered_at.toISOString(),
      located: r.located,
      placeCode: r.place_code ?? null,
      address: r.address ?? null,
    },
  };
}

/** The columns the fields of an answer body write; a field left out is undefined (not written). */
export function surveyResponseColumns(input: SurveyResponseUpdate): LayerUpdate<'survey_responses'> {
  return {
    external_id: input.externalId,
    lon: input.lon,
    lat: input.lat,
    technology: input.technology,
    satisfaction: input.satisfaction,
    problems: input.problems === undefined ? undefined : JSON.stringify(input.problems),
    comment: input.comment,
    source: input.source,
    answered_at: input.answeredAt,
    address: input.address,
    // A position given by hand is the answer's own.
    ...(input.lon !== undefined || input.lat !== undefined ? { located: 'coordinates' as const, place_code: null } : {}),
  };
}

/** What the perceived-coverage rule reads of each answer. */
export interface SurveyAnswerRow {
  lon: number;
  lat: number;
  technology: ReportTechnology;
  satisfaction: number;
  problems: SurveyProblem[];
}

/** Every answer of the area. */
export async function loadSurveyAnswers(db: Kysely<Database>, areaId: number): Promise<SurveyAnswerRow[]> {
  return db
    .selectFrom('survey_responses')
    .select(['lon', 'lat', 'technology', 'satisfaction', 'problems'])
    .where('area_id', '=', areaId)
    .orderBy('id')
    .execute();
}

/** The area's settlements with their names and geometries, in id order. */
export async function loadSettlementPlaces(
  db: Kysely<Database>,
  areaId: number,
): Promise<{ code: string; name: string; geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon | GeoJSON.Point }[]> {
  return db.selectFrom('settlements').select(['code', 'name', 'geometry']).where('area_id', '=', areaId).orderBy('id').execute();
}
