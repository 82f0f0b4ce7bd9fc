import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireArea } from '../areas/service.ts';
import { requestPrincipal } from '../auth/principal.ts';
import { Calibration, CalibrationHistory, CalibrationHistoryQuery, CalibrationRequest } from '../../contract/calibration.ts';
import { AreaParams, errorResponses } from '../../contract/shared.ts';
import { listCalibrations } from './repository.ts';
import * as service from './service.ts';

/** Drive-test calibration of an area's path-loss model: `/api/v1/areas/:areaId/calibration`. */
export const calibrationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['calibration'];

  app.post(
    '/areas/:areaId/calibration',
    {
      config: { role: 'admin', expensive: true },
      schema: {
        tags,
        summary: 'Fit the path-loss model to the drive-test measurements; report before/after statistics and, with apply, enable the terms',
        params: AreaParams,
        body: CalibrationRequest,
        response: { 200: Calibration, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      const request = {
        technology: req.body.technology ?? 'all',
        apply: req.body.apply ?? false,
        minSamples: req.body.minSamples,
      } as const;
      return service.runCalibration(app.db, app.coverage, area, request, requestPrincipal(req).username);
    },
  );

  app.get(
    '/areas/:areaId/calibration',
    {
      schema: {
        tags,
        summary: 'The calibration the coverage engine uses for this area (404 when uncalibrated)',
        params: AreaParams,
        response: { 200: Calibration, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      return service.calibrationView(await service.requireActiveCalibration(app.db, area));
    },
  );

  app.delete(
    '/areas/:areaId/calibration',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Disable the calibration: back to the uncalibrated model',
        params: AreaParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const area = await requireArea(app.db, req.params.areaId);
      await service.disableCalibration(app.db, area);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/areas/:areaId/calibration/history',
    {
      schema: {
        tags,
        summary: 'Calibrations applied to this area, newest first',
        params: AreaParams,
        querystring: CalibrationHistoryQuery,
        response: { 200: CalibrationHistory, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      return { items: (await listCalibrations(app.db, area.id, req.query.limit ?? 50)).map(service.calibrationView) };
    },
  );
};
