import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { FormatError } from '../../core/formats/errors.ts';
import { MAX_UPLOAD_BYTES } from '../../core/formats/limits.ts';
import type { RowError } from '../../core/import/types.ts';
import { AppError, BadRequestError, NotFoundError } from '../../errors.ts';
import { requireArea } from '../areas/service.ts';
import { requestPrincipal } from '../auth/principal.ts';
import { AreaParams, ErrorResponse, errorResponses } from '../../contract/shared.ts';
import { fileSource } from './file-source.ts';
import { configuredImportLimits } from './limits.ts';
import { parseImportOptions } from './options.ts';
import { findImportAudit, listImportAudits, type ImportAuditRow } from './repository.ts';
import {
  ImportAudit,
  ImportAuditList,
  ImportForm,
  ImportItemParams,
  ImportListQuery,
  ImportReport,
  Unprocessable,
} from '../../contract/imports.ts';
import { importFile } from './service.ts';

export { MAX_UPLOAD_BYTES };
const UPLOAD_LIMITS = { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 30, fieldSize: 1024 * 1024 };

/**
 * Imports: `POST /areas/:areaId/imports` (multipart: the fields of ImportForm and one file) answers
 * 200 with the report when the rows were written or in a dry run, 422 with the report when the file
 * has bad rows and nothing was written, 400 when the file cannot be read, 413 or 422 with an error
 * naming the limit when reading it would cost more than the import limits allow (a zip bomb); `GET .../imports` lists the
 * area's import audit trail, `GET .../imports/:importId` one entry with its errors.
 */
export const importsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  if (!app.hasContentTypeParser('multipart/form-data')) await app.register(multipart, { limits: UPLOAD_LIMITS });
  await removeOrphanedUploads();
  const tags = ['imports'];
  // Routes registered on a bare instance (tests) run with the default limits.
  const limits = configuredImportLimits(app.hasDecorator('config') ? app.config : undefined);

  app.post(
    '/areas/:areaId/imports',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Import a file (CSV, XLSX, GeoJSON, KML/KMZ, OpenCelliD) into the area',
        description:
          'multipart/form-data with the fields of ImportForm (kind required) and one file part. All-or-nothing unless partial=true; ' +
          'dryRun=true validates and counts without writing. Every bad row is reported with its line and column.',
        consumes: ['multipart/form-data'],
        params: AreaParams,
        response: { 200: ImportReport, ...errorResponses, 413: ErrorResponse, 422: Unprocessable },
      },
    },
    async (req, reply) => {
      const area = await requireArea(app.db, req.params.areaId);
      const upload = await receiveUpload(req);
      try {
        const options = parseImportOptions(upload.fields);
        const report = await importFile(app.db, {
          ...options,
          areaId: area.id,
          source: { bytes: fileSource(upload.path) },
          fileName: upload.fileName,
          limits,
          username: requestPrincipal(req).username,
          cpu: app.cpu,
        });
        return reply.code(report.committed || report.dryRun ? 200 : 422).send(report);
      } catch (err) {
        if (err instanceof FormatError)
          throw new BadRequestError(`${upload.fileName}: ${err.message}`, [{ field: '/body/file', message: err.code }]);
        throw err;
      } finally {
        await upload.cleanup();
      }
    },
  );

  app.get(
    '/areas/:areaId/imports',
    {
      schema: {
        tags,
        summary: "The area's import audit trail, newest first",
        params: AreaParams,
        querystring: ImportListQuery,
        response: { 200: ImportAuditList, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      const page = await listImportAudits(app.db, area.id, req.query.limit ?? 50, req.query.offset ?? 0);
      return { items: page.items.map(auditDto), total: page.total };
    },
  );

  app.get(
    '/areas/:areaId/imports/:importId',
    {
      schema: {
        tags,
        summary: 'One import with its recorded errors',
        params: ImportItemParams,
        response: { 200: ImportAudit, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      const audit = await findImportAudit(app.db, area.id, req.params.importId);
      if (!audit) throw new NotFoundError('import', req.params.importId);
      return auditDto(audit);
    },
  );
};

const UPLOAD_DIR_PREFIX = 'coverage-import-';

/**
 * Remove upload directories (`coverage-import-<pid>-*` in the temp dir) left by a process that no longer
 * runs, e.g. a server killed during an import; uploads may be hundreds of megabytes.
 */
export async function removeOrphanedUploads(dir = tmpdir()): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const pid = Number(/^coverage-import-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid || processRuns(pid)) continue;
    await rm(join(dir, name), { recursive: true, force: true }).then(
      () => removed++,
      () => {},
    );
  }
  return removed;
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Documented for OpenAPI clients; the route parses the multipart form itself. */
export { ImportForm };

function auditDto(a: ImportAuditRow) {
  return {
    id: a.id,
    kind: a.kind,
    format: a.format,
    fileName: a.fileName,
    sha256: a.sha256,
    rowsTotal: a.rowsTotal,
    rowsInserted: a.rowsInserted,
    rowsUpdated: a.rowsUpdated,
    rowsRejected: a.rowsRejected,
    errorCount: a.errorCount,
    mode: a.mode,
    committed: a.committed,
    username: a.username,
    createdAt: a.createdAt.toISOString(),
    ...(a.errors ? { errors: a.errors as RowError[] } : {}),
  };
}

interface Upload {
  fields: Record<string, string>;
  fileName: string;
  path: string;
  cleanup(): Promise<void>;
}

/** Stream the multipart upload's file to a temporary file (fields may come before or after it). */
async function receiveUpload(req: FastifyRequest): Promise<Upload> {
  if (!req.isMultipart()) {
    throw new BadRequestError('send multipart/form-data with the fields (kind, ...) and one "file" part', [
      { field: '/body', message: 'not multipart' },
    ]);
  }
  const dir = await mkdtemp(join(tmpdir(), `${UPLOAD_DIR_PREFIX}${process.pid}-`));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, 'upload');
  const fields: Record<string, string> = {};
  let fileName: string | null = null;
  try {
    // Limits per request, in case the app registers multipart globally with smaller ones.
    for await (const part of req.parts({ limits: UPLOAD_LIMITS })) {
      if (part.type === 'file') {
        fileName = part.filename || 'upload';
        await pipeline(part.file, createWriteStream(path));
        if (part.file.truncated) throw new AppError('payload_too_large', 413, `the file is larger than ${MAX_UPLOAD_BYTES} bytes`);
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
    if (fileName === null)
      throw new BadRequestError('no file: add one "file" part to the form', [{ field: '/body/file', message: 'required' }]);
  } catch (err) {
    await cleanup();
    // busboy's own errors (no boundary, body cut short) carry no code: the upload itself is malformed.
    if (
      err instanceof Error &&
      !(err instanceof AppError) &&
      (err as { code?: unknown }).code === undefined &&
      (err as { statusCode?: unknown }).statusCode === undefined
    ) {
      throw new BadRequestError(`the multipart body could not be read: ${err.message}`, [
        { field: '/body', message: 'malformed multipart/form-data' },
      ]);
    }
    throw err;
  }
  return { fields, fileName, path, cleanup };
}
