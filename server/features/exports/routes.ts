import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Readable } from 'node:stream';
import { AppError, BadRequestError } from '../../errors.ts';
import { requireArea } from '../areas/service.ts';
import { parseBBox } from '../shared/paging.ts';
import { EXPORT_FORMATS, ExportFile, ExportQuery, exportParams, type ExportFormat } from '../../contract/exports.ts';
import { errorResponses } from '../../contract/shared.ts';
import { contentDisposition, exportFilename } from './filename.ts';
import { checkTechnology, parseDatetime } from './layer-query.ts';
import type { LayerQuery, LayerSource } from './layer-source.ts';
import { exportChunks, exportWriter } from './service.ts';
import { layerRegistry, type LayerRegistry } from './sources.ts';

function requireSource(registry: LayerRegistry, name: string): LayerSource {
  const source = registry.find(name);
  if (source) return source;
  const names = registry.sources.map((s) => s.name).join(', ');
  throw new AppError('not_found', 404, `layer "${name}" not found; available: ${names}`, [
    { field: '/params/layer', message: 'unknown layer', value: name },
  ]);
}

function requireFormat(format: string): ExportFormat {
  if ((EXPORT_FORMATS as readonly string[]).includes(format)) return format as ExportFormat;
  throw new BadRequestError(`format "${format}" is not supported; use ${EXPORT_FORMATS.join(', ')}`, [
    { field: '/params/format', message: 'unsupported format', value: format },
  ]);
}

/** Downloads of an area's layers: `/api/v1/areas/:areaId/exports/:layer.:format` (GeoJSON, CSV, KML). */
export const exportsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const registry = layerRegistry({ coverage: app.coverage, planning: app.planning });
  app.get(
    '/areas/:areaId/exports/:layer.:format',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['exports'],
        summary: 'Download a layer of the area as GeoJSON, CSV (UTF-8 with BOM, for Excel) or KML (cells as sector wedges)',
        params: exportParams(registry.sources.map((s) => s.name)),
        querystring: ExportQuery,
        response: {
          200: ExportFile,
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const source = requireSource(registry, req.params.layer);
      const format = requireFormat(req.params.format);
      const { bbox, technology, datetime, sectorRadiusM } = req.query;
      if (datetime !== undefined && !source.temporal) {
        throw new BadRequestError(`datetime: layer "${source.name}" has no time to filter by`, [
          { field: '/querystring/datetime', message: 'not supported by this layer', value: datetime },
        ]);
      }
      const query: LayerQuery = {
        bbox: bbox === undefined ? undefined : parseBBox(bbox),
        technology: checkTechnology(source, technology, '/querystring/technology'),
        time: datetime === undefined ? undefined : parseDatetime(datetime, '/querystring/datetime'),
      };
      const ctx = { db: app.db, area: await requireArea(app.db, req.params.areaId) };
      const writer = exportWriter(format, ctx, source);
      const filename = exportFilename(ctx.area.code, source.name, writer.extension, new Date());
      // The head and the first page are read before answering, so a layer that cannot be computed (the area's
      // coverage refused, the database gone) answers its error instead of a 200 cut off mid-stream.
      const chunks = exportChunks(ctx, source, query, format, { sectorRadiusM });
      const ready: string[] = [];
      while (ready.length < 2) {
        const next = await chunks.next();
        if (next.done) break;
        ready.push(next.value);
      }
      const body = Readable.from(
        (async function* () {
          yield* ready;
          yield* chunks;
        })(),
        { objectMode: false },
      );
      reply.type(writer.mediaType).header('content-disposition', contentDisposition(filename)).header('cache-control', 'private, no-store');
      // A stream is piped as is; the typed reply only knows the JSON error bodies.
      return reply.send(body as never);
    },
  );
};
