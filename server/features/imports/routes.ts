import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { FormatError } from '../../core/formats/errors.ts';
import { MAX_UPLOAD_BYTES } from '../../core/formats/limits.ts';
import { AppError, BadRequestError, NotFoundError } from '../../errors.ts';
import { toCsv } from '../../core/export/csv.ts';
import { IMPORT_KINDS } from '../../core/formats/kinds.ts';
import { detectImport } from './detect.ts';
import { ImportJobs, type ImportJob as Job } from './jobs.ts';
import { undoImport } from './undo.ts';
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
  ImportDetection,
  ImportForm,
  ImportItemParams,
  ImportJob,
  ImportJobParams,
  ImportListQuery,
  ImportAuditQuery,
  ImportReport,
  ImportUndoResult,
  Unprocessable,
} from '../../contract/imports.ts';
import { importFile, type ImportParams } from './service.ts';
import { DemImportReport } from '../../contract/elevation.ts';
import { importDem } from '../elevation/service.ts';
import { readFile } from 'node:fs/promises';
import { readValueMappings, replaceValueMappings } from './value-mappings.ts';
import { ValueMappingParams, ValueMappingsAnswer, ValueMappingsBody } from '../../contract/import-value-mappings.ts';
import { auditedRowErrorIn, auditedWarningIn, langFromAcceptLanguage, type ImportLang } from '../../core/import/messages.ts';

export { MAX_UPLOAD_BYTES };
/** Files one DEM import may send (tiles of a larger region, each with an optional .prj); other kinds send one. */
export const MAX_DEM_FILES = 32;
const UPLOAD_LIMITS = { fileSize: MAX_UPLOAD_BYTES, files: MAX_DEM_FILES, fields: 30, fieldSize: 1024 * 1024 };

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
        summary: 'Import a file (CSV, XLSX, GeoJSON, KML/KMZ, OpenCelliD) or DEM files into the area',
        description:
          'multipart/form-data with the fields of ImportForm (kind required) and one file part. All-or-nothing unless partial=true; ' +
          'dryRun=true validates and counts without writing. Every bad row is reported with its line and column. ' +
          `kind=dem: up to ${MAX_DEM_FILES} file parts (GeoTIFF in EPSG:4326 or WGS84/UTM, SRTM .hgt, ESRI ASCII grid with an optional .prj), ` +
          "merged into the area's elevation model, which replaces the previous one; answered with a DemImportReport, 422 when the " +
          'files do not cover the area (naming the km² missing).',
        consumes: ['multipart/form-data'],
        params: AreaParams,
        response: { 200: Type.Union([ImportReport, DemImportReport]), ...errorResponses, 413: ErrorResponse, 422: Unprocessable },
      },
    },
    async (req, reply) => {
      const area = await requireArea(app.db, req.params.areaId);
      const upload = await receiveUpload(req);
      try {
        if (upload.fields.kind?.trim() === 'dem') {
          const files = await Promise.all(upload.files.map(async (f) => ({ name: f.fileName, bytes: await readFile(f.path) })));
          return await importDem(app.db, {
            area,
            files,
            maxExpandedBytes: limits.maxExpandedBytes,
            username: requestPrincipal(req).username,
            dryRun: parseBooleanField(upload.fields.dryRun, 'dryRun'),
          });
        }
        onlyOneFile(upload);
        const options = parseImportOptions(upload.fields);
        const report = await importFile(app.db, importParams(options, area.id, upload, req)).catch((err: unknown) => {
          throw readError(err, upload.fileName);
        });
        return reply.code(report.committed || report.dryRun ? 200 : 422).send(report);
      } finally {
        await upload.cleanup();
      }
    },
  );

  const importParams = (
    options: ReturnType<typeof parseImportOptions>,
    areaId: number,
    upload: Upload,
    req: FastifyRequest,
  ): ImportParams => ({
    ...options,
    lang: options.lang ?? langFromAcceptLanguage(req.headers['accept-language']) ?? 'en',
    areaId,
    source: { bytes: fileSource(upload.path) },
    fileName: upload.fileName,
    limits,
    username: requestPrincipal(req).username,
    cpu: app.cpu,
  });

  const jobs = new ImportJobs();
  jobs.onUnexpected = (err) => app.log.error({ err }, 'import job failed');
  app.addHook('onClose', () => jobs.settled());

  app.post(
    '/areas/:areaId/imports/detect',
    {
      config: { role: 'admin', audit: false },
      schema: {
        tags,
        summary: 'What an import of the file would see: kind, format, encoding, CRS, header, mapping, first rows, unknown values',
        description:
          'multipart/form-data with one file part and, optionally, the fields of ImportForm as overrides (kind may be left out: ' +
          'it is then guessed from the columns). Reads the top of the file only and writes nothing.',
        consumes: ['multipart/form-data'],
        params: AreaParams,
        response: { 200: ImportDetection, ...errorResponses, 413: ErrorResponse },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      const upload = await receiveUpload(req);
      try {
        onlyOneFile(upload);
        const given = upload.fields.kind?.trim();
        const {
          kind,
          dryRun: _dryRun,
          partial: _partial,
          ...options
        } = parseImportOptions({ ...upload.fields, kind: given || IMPORT_KINDS[0] });
        return await detectImport(app.db, {
          ...options,
          kind: given ? kind : undefined,
          areaId: area.id,
          source: { bytes: fileSource(upload.path) },
          fileName: upload.fileName,
          limits,
        }).catch((err: unknown) => {
          throw readError(err, upload.fileName);
        });
      } finally {
        await upload.cleanup();
      }
    },
  );

  app.post(
    '/areas/:areaId/import-jobs',
    {
      config: { role: 'admin', audit: { entity: 'imports', action: 'start' } },
      schema: {
        tags,
        summary: 'Start an import in the background; poll GET .../import-jobs/:jobId for its progress and report',
        description:
          'The same multipart form as POST .../imports. Answers 202 with the job once the file is uploaded; the job reads and ' +
          'writes it (rows and bytes read so far in the job), and ends with the report (or the error) the synchronous route answers.',
        consumes: ['multipart/form-data'],
        params: AreaParams,
        response: { 202: ImportJob, ...errorResponses, 413: ErrorResponse },
      },
    },
    async (req, reply) => {
      const area = await requireArea(app.db, req.params.areaId);
      const upload = await receiveUpload(req);
      let job: Job;
      try {
        onlyOneFile(upload);
        const options = parseImportOptions(upload.fields);
        const username = requestPrincipal(req).username;
        const { size } = await stat(upload.path);
        job = jobs.start(
          { areaId: area.id, username, fileName: upload.fileName, bytesTotal: size },
          (onProgress) =>
            importFile(app.db, { ...importParams(options, area.id, upload, req), onProgress }).catch((err: unknown) => {
              throw readError(err, upload.fileName);
            }),
          upload.cleanup,
        );
      } catch (err) {
        await upload.cleanup();
        throw err;
      }
      return reply.code(202).send(jobDto(job));
    },
  );

  app.get(
    '/areas/:areaId/import-jobs/:jobId',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'An import job: its progress, then its report',
        params: ImportJobParams,
        response: { 200: ImportJob, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      const job = jobs.get(req.params.jobId);
      if (!job || job.areaId !== area.id) throw new NotFoundError('import job', req.params.jobId);
      return jobDto(job);
    },
  );

  app.post(
    '/areas/:areaId/imports/:importId/undo',
    {
      config: { role: 'admin', audit: { entity: 'imports', action: 'undo' } },
      schema: {
        tags,
        summary: 'Undo an import: delete the rows it inserted, restore the rows it updated',
        description:
          '409 when that is not safe: already undone, nothing written, a later import (not undone) changed the same rows, ' +
          'or rows it wrote were edited or deleted since.',
        params: ImportItemParams,
        response: { 200: ImportUndoResult, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      const result = await undoImport(app.db, area.id, req.params.importId, requestPrincipal(req).username);
      return { ...result, undoneAt: result.undoneAt.toISOString() };
    },
  );

  app.get(
    '/areas/:areaId/imports/:importId/errors.csv',
    {
      schema: {
        tags,
        summary: "An import's recorded row errors as CSV (line, column, value, reason in lang, code; UTF-8 with BOM)",
        params: ImportItemParams,
        querystring: ImportAuditQuery,
        response: { 200: Type.String({ description: 'text/csv' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const area = await requireArea(app.db, req.params.areaId);
      const audit = await findImportAudit(app.db, area.id, req.params.importId);
      if (!audit) throw new NotFoundError('import', req.params.importId);
      const lang = req.query.lang ?? langFromAcceptLanguage(req.headers['accept-language']) ?? 'en';
      const errors = ((audit.errors ?? []) as StoredRowError[]).map((e) => auditedRowErrorIn(e, lang));
      const csv = toCsv(errors, [
        { header: 'line', value: (e) => e.line },
        { header: 'column', value: (e) => e.column },
        { header: 'value', value: (e) => e.value },
        { header: 'reason', value: (e) => e.reason },
        { header: 'code', value: (e) => e.code },
      ]);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-${audit.id}-errors.csv"`)
        .send(csv);
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
      const lang = req.query.lang ?? langFromAcceptLanguage(req.headers['accept-language']) ?? 'en';
      return { items: page.items.map((a) => auditDto(a, lang)), total: page.total };
    },
  );

  app.get(
    '/areas/:areaId/imports/value-mappings/:kind',
    {
      schema: {
        tags,
        summary: 'Value mappings remembered for an import kind in the area ({"<column>": {"<value>": "<category>"}})',
        params: ValueMappingParams,
        response: { 200: ValueMappingsAnswer, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      return readValueMappings(app.db, area.id, req.params.kind);
    },
  );

  app.put(
    '/areas/:areaId/imports/value-mappings/:kind',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Replace the value mappings remembered for an import kind in the area',
        description:
          'Applied to categorical columns (kind, network, source, customer tier, status) of the next imports of that kind, before the exact ' +
          'spellings and the keyword rules. Every target must be a value of its column (e.g. other, no-signal, 其他).',
        params: ValueMappingParams,
        body: ValueMappingsBody,
        response: { 200: ValueMappingsAnswer, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      return replaceValueMappings(app.db, area.id, req.params.kind, req.body.mappings, requestPrincipal(req).username);
    },
  );

  app.get(
    '/areas/:areaId/imports/:importId',
    {
      schema: {
        tags,
        summary: 'One import with its recorded errors',
        params: ImportItemParams,
        querystring: ImportAuditQuery,
        response: { 200: ImportAudit, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      const audit = await findImportAudit(app.db, area.id, req.params.importId);
      if (!audit) throw new NotFoundError('import', req.params.importId);
      return auditDto(audit, req.query.lang ?? langFromAcceptLanguage(req.headers['accept-language']) ?? 'en');
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

/** A file that cannot be read answers 400 naming the file; other errors pass. */
function readError(err: unknown, fileName: string): unknown {
  return err instanceof FormatError
    ? new BadRequestError(`${fileName}: ${err.message}`, [{ field: '/body/file', message: err.code }])
    : err;
}

function jobDto(job: Job) {
  return {
    id: job.id,
    state: job.state,
    fileName: job.fileName,
    rowsRead: job.rowsRead,
    bytesRead: job.bytesRead,
    bytesTotal: job.bytesTotal,
    startedAt: job.startedAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    report: job.report,
    reportStatus: job.reportStatus,
    error: job.error,
  };
}

type StoredRowError = Parameters<typeof auditedRowErrorIn>[0];

/** An audit record as answered, its errors and warnings in `lang`. */
function auditDto(a: ImportAuditRow, lang: ImportLang) {
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
    undoneAt: a.undoneAt?.toISOString() ?? null,
    undoneBy: a.undoneBy,
    undoable: a.undoable,
    warnings: a.warnings.map((w) => auditedWarningIn(w, lang)),
    ...(a.errors ? { errors: (a.errors as StoredRowError[]).map((e) => auditedRowErrorIn(e, lang)) } : {}),
  };
}

interface Upload {
  fields: Record<string, string>;
  /** The first file's name and path. */
  fileName: string;
  path: string;
  /** Every file part, in the order sent. */
  files: { fileName: string; path: string }[];
  cleanup(): Promise<void>;
}

/** Refuse a second file part except for kind=dem (the row imports read one file). */
function onlyOneFile(upload: Upload): void {
  if (upload.files.length > 1) {
    throw new BadRequestError(`${upload.files.length} files sent: this import reads one file (several only with kind=dem)`, [
      { field: '/body/file', message: 'one file expected' },
    ]);
  }
}

/** A multipart boolean field (true/false/1/0; absent = false), else 400 naming it. */
function parseBooleanField(value: string | undefined, field: string): boolean {
  const v = value?.trim().toLowerCase();
  if (v === undefined || v === '' || v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1') return true;
  throw new BadRequestError(`${field}: expected true or false, got ${JSON.stringify(value)}`, [
    { field: `/body/${field}`, message: 'boolean' },
  ]);
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
  const fields: Record<string, string> = {};
  const files: { fileName: string; path: string }[] = [];
  try {
    // Limits per request, in case the app registers multipart globally with smaller ones.
    for await (const part of req.parts({ limits: UPLOAD_LIMITS })) {
      if (part.type === 'file') {
        const path = join(dir, files.length === 0 ? 'upload' : `upload-${files.length}`);
        files.push({ fileName: part.filename || 'upload', path });
        await pipeline(part.file, createWriteStream(path));
        if (part.file.truncated) throw new AppError('payload_too_large', 413, `the file is larger than ${MAX_UPLOAD_BYTES} bytes`);
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
    if (files.length === 0)
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
  return { fields, fileName: files[0].fileName, path: files[0].path, files, cleanup };
}
