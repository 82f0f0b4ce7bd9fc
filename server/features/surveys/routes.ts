import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createHash } from 'node:crypto';
import { AreaParams, errorResponses, PointGeometry } from '../../contract/shared.ts';
import {
  PerceivedCoverage,
  PerceivedQuery,
  Satisfaction,
  SurveyResponseCreate,
  SurveyResponseProperties,
  SurveyResponseUpdate,
  SurveySource,
  SurveyTechnology,
} from '../../contract/surveys.ts';
import type { Area } from '../areas/repository.ts';
import { requireArea } from '../areas/service.ts';
import type { LayerInsert } from '../shared/layer-repository.ts';
import { registerLayerRoutes } from '../shared/layer-routes.ts';
import { checkNearArea, POINT_MARGIN_DEG } from '../shared/location.ts';
import { SURVEY_RESPONSES_TABLE, surveyResponseColumns, surveyResponseFeature } from './repository.ts';
import { perceivedCoverageOf } from './service.ts';

function createColumns(input: SurveyResponseCreate, area: Area): LayerInsert<'survey_responses'> {
  checkNearArea(area, input.lon, input.lat, POINT_MARGIN_DEG);
  const externalId =
    input.externalId ??
    'S-' +
      createHash('sha256')
        .update(JSON.stringify([input.technology ?? 'unknown', input.lon, input.lat, input.answeredAt, input.satisfaction]))
        .digest('hex')
        .slice(0, 16);
  return {
    ...surveyResponseColumns(input),
    area_id: area.id,
    external_id: externalId,
    lon: input.lon,
    lat: input.lat,
    satisfaction: input.satisfaction,
    answered_at: input.answeredAt,
  };
}

/**
 * Customer surveys: the answers as a map layer (`/survey-responses`, GeoJSON CRUD) and perceived
 * against predicted coverage per settlement and hotspot (`/surveys/perceived`).
 */
export const surveysRoutes: FastifyPluginAsync = async (fastify) => {
  registerLayerRoutes(fastify, {
    path: 'survey-responses',
    label: 'survey response',
    tag: 'surveys',
    writeRole: 'planner',
    spec: SURVEY_RESPONSES_TABLE,
    geometry: PointGeometry,
    properties: SurveyResponseProperties,
    create: SurveyResponseCreate,
    update: SurveyResponseUpdate,
    filters: {
      technology: { schema: SurveyTechnology, column: 'technology' },
      satisfaction: { schema: Satisfaction, column: 'satisfaction' },
      source: { schema: SurveySource, column: 'source' },
    },
    toFeature: surveyResponseFeature,
    createColumns,
    updateColumns: (input, current, area) => {
      checkNearArea(area, input.lon ?? current.lon, input.lat ?? current.lat, POINT_MARGIN_DEG);
      return surveyResponseColumns(input);
    },
  });

  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/areas/:areaId/surveys/perceived',
    {
      config: { expensive: true },
      schema: {
        tags: ['surveys'],
        summary: 'Perceived (share of satisfied survey answers) against predicted coverage per settlement and hotspot, with flags',
        params: AreaParams,
        querystring: PerceivedQuery,
        response: { 200: PerceivedCoverage, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      return perceivedCoverageOf(app.db, app.coverage, app.planning, area, req.query);
    },
  );
};
