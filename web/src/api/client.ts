import { ApiError, isAbortError } from './api-error.ts';
import { ExpensiveGate, isExpensivePath } from './expensive-gate.ts';
import type {
  Area,
  BBox,
  CandidateFeature,
  CandidatePage,
  CellCollection,
  CellEdit,
  CellFeature,
  CoverageFigures,
  WhatIfAnswer,
  CoverageQuery,
  DashboardFigures,
  DistrictCollection,
  ExportFormat,
  ExportLayer,
  GapCollection,
  Health,
  HotspotCollection,
  LoginAnswer,
  Me,
  Network,
  PerceivedCoverage,
  PerceivedNetwork,
  PlanRequest,
  PlanResult,
  PointCoverage,
  Ranking,
  RemedyList,
  ReportCollection,
  ReportEdit,
  ReportFeature,
  ReportPage,
  NetworkApplication,
  Scenario,
  ScenarioChangeRef,
  ScenarioComparison,
  ScenarioEdit,
  ScenarioInput,
  SettlementPage,
  PlacePage,
  SurveyResponsePage,
  SiteList,
  Technology,
  TileMode,
} from './types.ts';
import type { CoverageJobProgress } from '../../../server/contract/coverage-jobs.ts';
import type { ImportAuditList, ImportDetection, ImportJob, ImportUndoResult } from '../../../server/contract/imports.ts';
import type { DemImportReport } from '../../../server/contract/elevation.ts';

/** The fields of an import form besides the file (kind, format, encoding, crs, mapping, values, dryRun, partial…). */
export type ImportFields = Record<string, string | undefined>;

export interface ApiClientOptions {
  /** Prefix of every route; same origin by default. */
  baseUrl?: string;
  /** Origin put before `baseUrl` in URLs handed to the map (tile templates); the page's own by default. */
  origin?: string;
  fetch?: typeof fetch;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /**
   * A coverage computed as a job (202): called with its progress every second until it is done, when
   * the request is sent again for its answer.
   */
  onProgress?: (progress: CoverageJobProgress) => void;
}

/** How often a coverage job's progress is asked for, ms. */
const JOB_POLL_MS = 1000;

export interface PageQuery extends RequestOptions {
  bbox?: BBox;
  limit?: number;
  offset?: number;
  /** Continue after this id: the `next` of the previous page (keyset paging). */
  cursor?: number;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
type Params = Record<string, string | number | boolean | undefined>;

export interface TileQuery {
  technology: Network | 'any';
  mode: TileMode;
  scenario?: string | null;
  candidates?: readonly string[];
  /** Changes when the network data changes, so that the browser does not reuse a stale tile. */
  version?: number;
}

export interface AllPagesOptions extends RequestOptions {
  bbox?: BBox;
  pageSize?: number;
  /** Stop after this many features even if the server has more. */
  maxFeatures?: number;
}

/** Typed client of the /api/v1 routes. Every failure is thrown as an {@link ApiError}. */
export class ApiClient {
  private readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;
  private readonly origin: string;
  /** Expensive calls in flight from this page, below the server's per-user limit. */
  private readonly expensive = new ExpensiveGate();
  /** Sent as x-csrf-token on writes made with the session cookie. */
  private csrfToken: string | null = null;

  constructor(options: ApiClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? '/api/v1').replace(/\/+$/, '');
    this.fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.origin = /^https?:/.test(this.baseUrl) ? '' : (options.origin ?? globalThis.location?.origin ?? '');
  }

  health(opts: RequestOptions = {}): Promise<Health> {
    return this.get('/health', {}, opts);
  }

  /** The signed-in user; throws an ApiError with status 401 when nobody is. */
  async me(opts: RequestOptions = {}): Promise<Me> {
    const me = await this.get<Me>('/auth/me', {}, opts);
    if (me.csrfToken) this.csrfToken = me.csrfToken;
    return me;
  }

  /** Signs in with a session cookie (set by the server) and keeps the CSRF token for writes. */
  async login(username: string, password: string): Promise<LoginAnswer> {
    const answer = await this.request<LoginAnswer>('POST', '/auth/login', {}, { body: { username, password } });
    this.csrfToken = answer.csrfToken;
    return answer;
  }

  async logout(): Promise<void> {
    await this.request<void>('POST', '/auth/logout', {}, {});
    this.csrfToken = null;
  }

  async listAreas(opts: RequestOptions = {}): Promise<Area[]> {
    const body = await this.get<{ items: Area[] }>('/areas', {}, opts);
    return body.items;
  }

  /** An area by numeric id or by code (e.g. `ranghulu`). */
  getArea(idOrCode: string | number, opts: RequestOptions = {}): Promise<Area> {
    return this.get(`/areas/${encodeURIComponent(String(idOrCode))}`, {}, opts);
  }

  districts(opts: RequestOptions = {}): Promise<DistrictCollection> {
    return this.get('/basemap/districts', {}, opts);
  }

  cells(areaId: string | number, technology?: Technology, opts: RequestOptions = {}): Promise<CellCollection> {
    return this.get(`${areaPath(areaId)}/cells`, { technology }, opts);
  }

  sites(areaId: string | number, opts: RequestOptions = {}): Promise<SiteList> {
    return this.get(`${areaPath(areaId)}/sites`, {}, opts);
  }

  reports(areaId: string | number, query: PageQuery = {}): Promise<ReportPage> {
    return this.get(`${areaPath(areaId)}/reports`, pageParams(query), query);
  }

  /**
   * Every report of the area (inside `bbox` if given), page by page: `next` is the id the following
   * page starts after (a keyset cursor, not an offset).
   */
  async allReports(areaId: string | number, opts: AllPagesOptions = {}): Promise<ReportCollection> {
    const pageSize = opts.pageSize ?? 5000;
    const maxFeatures = opts.maxFeatures ?? 200_000;
    const features: ReportPage['features'] = [];
    let cursor: number | undefined;
    let more = true;
    let numberMatched = 0;
    while (more && features.length < maxFeatures) {
      const page: ReportPage = await this.reports(areaId, { bbox: opts.bbox, limit: pageSize, cursor, signal: opts.signal });
      numberMatched = page.numberMatched;
      features.push(...page.features);
      if (page.next !== null && cursor !== undefined && page.next <= cursor) {
        throw new ApiError('bad-response', `Paging did not advance (cursor ${cursor}, next ${page.next})`, 200, '/reports');
      }
      more = page.next !== null;
      cursor = page.next ?? undefined;
    }
    return { type: 'FeatureCollection', features: features.slice(0, maxFeatures), numberMatched };
  }

  /** Coverage figures of a network (or `any`) for the existing network, a scenario and extra candidates. */
  coverage(areaId: string | number, query: CoverageQuery, opts: RequestOptions = {}): Promise<CoverageFigures> {
    return this.get(`${areaPath(areaId)}/coverage`, coverageParams(query), opts);
  }

  /**
   * The figures with one more candidate (`add`) on top of `query` (its scenario and candidates),
   * computed by difference from the base's raster: the planner's preview.
   */
  whatIf(areaId: string | number, query: CoverageQuery & { add: string }, opts: RequestOptions = {}): Promise<WhatIfAnswer> {
    return this.get(`${areaPath(areaId)}/coverage/what-if`, { ...coverageParams(query), add: query.add }, opts);
  }

  /**
   * The dashboard's figures in one request: GSM, CDMA and any network for the existing network and
   * for each saved scenario of `scenarioIds`, in that order.
   */
  dashboardFigures(areaId: string | number, scenarioIds: readonly number[], opts: RequestOptions = {}): Promise<DashboardFigures> {
    return this.get(
      `${areaPath(areaId)}/dashboard/figures`,
      { scenarios: scenarioIds.length > 0 ? scenarioIds.join(',') : undefined },
      opts,
    );
  }

  /** Gap polygons (uncovered areas inside the boundary), largest first. */
  gaps(areaId: string | number, query: CoverageQuery, opts: RequestOptions = {}): Promise<GapCollection> {
    return this.get(`${areaPath(areaId)}/coverage/gaps`, coverageParams(query), opts);
  }

  /** The exact link budget at [lon, lat] (WGS84 degrees): level per server, best server. */
  pointCoverage(
    areaId: string | number,
    lonLat: [number, number],
    query: CoverageQuery,
    opts: RequestOptions = {},
  ): Promise<PointCoverage> {
    return this.get(`${areaPath(areaId)}/coverage/point`, { lon: lonLat[0], lat: lonLat[1], ...coverageParams(query) }, opts);
  }

  /**
   * URL template of the coverage raster tiles for a MapLibre raster source; `{z}/{x}/{y}` are left
   * for the map to fill in.
   */
  tileUrlTemplate(areaId: string | number, q: TileQuery): string {
    const params = queryString({
      technology: q.technology,
      mode: q.mode,
      scenario: q.scenario ?? undefined,
      candidates: joinCodes(q.candidates),
      v: q.version,
    });
    // Absolute, because MapLibre may request tiles from a worker; braces stay unescaped for MapLibre.
    return `${this.origin}${this.baseUrl}${areaPath(areaId)}/coverage/tiles/{z}/{x}/{y}.png${params}`;
  }

  /** URL template of the area's terrain tiles (shaded relief of its DEM; transparent without one); `version` busts the cache. */
  terrainTileUrlTemplate(areaId: string | number, version: number): string {
    return `${this.origin}${this.baseUrl}${areaPath(areaId)}/elevation/tiles/{z}/{x}/{y}.png${queryString({ mode: 'hillshade', v: version })}`;
  }

  /** Download URL of a layer export (GeoJSON, CSV with BOM, or KML). */
  exportUrl(areaId: string | number, layer: ExportLayer, format: ExportFormat, params: Params = {}): string {
    return `${this.baseUrl}${areaPath(areaId)}/exports/${encodeURIComponent(layer)}.${format}${queryString(params)}`;
  }

  ranking(areaId: string | number, technology: Network, scenario?: string | null, opts: RequestOptions = {}): Promise<Ranking> {
    return this.get(`${areaPath(areaId)}/candidates/ranking`, { technology, scenario: scenario ?? undefined }, opts);
  }

  plan(areaId: string | number, body: PlanRequest, opts: RequestOptions = {}): Promise<PlanResult> {
    return this.request('POST', `${areaPath(areaId)}/plans`, {}, { ...opts, body });
  }

  hotspots(
    areaId: string | number,
    technology: Network | 'all',
    scenario?: string | null,
    opts: RequestOptions = {},
  ): Promise<HotspotCollection> {
    return this.get(`${areaPath(areaId)}/hotspots`, { technology, scenario: scenario ?? undefined }, opts);
  }

  /** Perceived (share of satisfied survey answers) against predicted coverage per settlement and hotspot of a network. */
  perceivedCoverage(areaId: string | number, network: PerceivedNetwork, opts: RequestOptions = {}): Promise<PerceivedCoverage> {
    return this.get(`${areaPath(areaId)}/surveys/perceived`, { network }, opts);
  }

  remedies(areaId: string | number, technology: Network, scenario?: string | null, opts: RequestOptions = {}): Promise<RemedyList> {
    return this.get(`${areaPath(areaId)}/remedies`, { technology, scenario: scenario ?? undefined }, opts);
  }

  async scenarios(areaId: string | number, opts: RequestOptions = {}): Promise<Scenario[]> {
    const body = await this.get<{ items: Scenario[] }>(`${areaPath(areaId)}/scenarios`, {}, opts);
    return body.items;
  }

  /** What an import of `file` would see (kind, format, encoding, CRS, mapping, first rows); `fields` override the detection. */
  detectImport(
    areaId: string | number,
    file: Blob,
    fileName: string,
    fields: ImportFields = {},
    opts: RequestOptions = {},
  ): Promise<ImportDetection> {
    return this.request('POST', `${areaPath(areaId)}/imports/detect`, {}, { ...opts, form: importForm(file, fileName, fields) });
  }

  /** Imports elevation files (GeoTIFF, SRTM .hgt, ESRI .asc with .prj) as the area's DEM, replacing the previous one. */
  importDem(areaId: string | number, files: readonly File[], opts: RequestOptions & { dryRun?: boolean } = {}): Promise<DemImportReport> {
    const { dryRun, ...rest } = opts;
    const form = new FormData();
    form.append('kind', 'dem');
    if (dryRun) form.append('dryRun', 'true');
    for (const f of files) form.append('file', f, f.name);
    return this.request('POST', `${areaPath(areaId)}/imports`, {}, { ...rest, form });
  }

  /** Starts an import (or a dry run) in the background; poll it with {@link importJob}. */
  startImport(areaId: string | number, file: Blob, fileName: string, fields: ImportFields, opts: RequestOptions = {}): Promise<ImportJob> {
    return this.request('POST', `${areaPath(areaId)}/import-jobs`, {}, { ...opts, form: importForm(file, fileName, fields) });
  }

  importJob(areaId: string | number, jobId: string, opts: RequestOptions = {}): Promise<ImportJob> {
    return this.get(`${areaPath(areaId)}/import-jobs/${encodeURIComponent(jobId)}`, {}, opts);
  }

  /** The area's imports, newest first. */
  /** The area's imports, newest first; their warnings in `lang` (else the browser's language). */
  importHistory(areaId: string | number, limit = 50, opts: RequestOptions & { lang?: 'en' | 'zh' } = {}): Promise<ImportAuditList> {
    const { lang, ...rest } = opts;
    return this.get(`${areaPath(areaId)}/imports`, lang ? { limit, lang } : { limit }, rest);
  }

  undoImport(areaId: string | number, importId: number): Promise<ImportUndoResult> {
    return this.request('POST', `${areaPath(areaId)}/imports/${importId}/undo`, {}, {});
  }

  createScenario(areaId: string | number, input: ScenarioInput): Promise<Scenario> {
    return this.request('POST', `${areaPath(areaId)}/scenarios`, {}, { body: input });
  }

  updateScenario(areaId: string | number, idOrName: string | number, input: Partial<ScenarioInput>): Promise<Scenario> {
    return this.request('PATCH', `${areaPath(areaId)}/scenarios/${encodeURIComponent(String(idOrName))}`, {}, { body: input });
  }

  /** The signed-in user's working scenario (the edits made on the map), null before the first edit. */
  async workingScenario(areaId: string | number, opts: RequestOptions = {}): Promise<Scenario | null> {
    const body = await this.get<{ scenario: Scenario | null }>(`${areaPath(areaId)}/scenarios/working`, {}, opts);
    return body.scenario;
  }

  /** Adds one edit to the working scenario (created on the first edit); resolves with the scenario. */
  addWorkingEdit(areaId: string | number, edit: ScenarioEdit): Promise<Scenario> {
    return this.request('POST', `${areaPath(areaId)}/scenarios/working/edits`, {}, { body: edit });
  }

  /** Takes one change out of the working scenario; resolves with the scenario. */
  removeWorkingEdit(areaId: string | number, ref: ScenarioChangeRef): Promise<Scenario> {
    return this.request('DELETE', `${areaPath(areaId)}/scenarios/working/edits`, { kind: ref.kind, key: ref.key }, {});
  }

  /** Applies a scenario to the existing network (confirmed, with the number of changes shown). */
  applyScenario(areaId: string | number, idOrName: string | number, expectedChanges: number): Promise<NetworkApplication> {
    return this.request(
      'POST',
      `${areaPath(areaId)}/scenarios/${encodeURIComponent(String(idOrName))}/apply`,
      {},
      { body: { confirm: true, expectedChanges } },
    );
  }

  /** Undoes an application of a scenario to the network. */
  undoApplication(areaId: string | number, id: number): Promise<NetworkApplication> {
    return this.request('POST', `${areaPath(areaId)}/network/applications/${id}/undo`, {}, {});
  }

  deleteScenario(areaId: string | number, idOrName: string | number): Promise<void> {
    return this.request('DELETE', `${areaPath(areaId)}/scenarios/${encodeURIComponent(String(idOrName))}`, {}, {});
  }

  /** Figures per network of `base` (a scenario, or the existing network) and `target`, and the difference polygons. */
  compareScenarios(
    areaId: string | number,
    query: { base: string; target: string; technology: Network | 'any' },
    opts: RequestOptions = {},
  ): Promise<ScenarioComparison> {
    return this.get(`${areaPath(areaId)}/scenarios/compare`, query, opts);
  }

  candidates(areaId: string | number, opts: RequestOptions = {}): Promise<CandidatePage> {
    return this.get(`${areaPath(areaId)}/candidates`, { limit: 10_000 }, opts);
  }

  settlements(areaId: string | number, opts: RequestOptions = {}): Promise<SettlementPage> {
    return this.get(`${areaPath(areaId)}/settlements`, { limit: 10_000 }, opts);
  }

  /** The area's customer survey answers (questionnaires and call-backs), drawn as the surveys layer. */
  surveyResponses(areaId: string | number, opts: RequestOptions = {}): Promise<SurveyResponsePage> {
    return this.get(`${areaPath(areaId)}/survey-responses`, { limit: 100_000 }, opts);
  }

  /** The area's gazetteer: the places report rows without coordinates are placed at by their address. */
  places(areaId: string | number, opts: RequestOptions = {}): Promise<PlacePage> {
    return this.get(`${areaPath(areaId)}/places`, { limit: 10_000 }, opts);
  }

  /** Moves a candidate to [lon, lat] (WGS84 degrees). */
  moveCandidate(areaId: string | number, id: number, lonLat: [number, number]): Promise<CandidateFeature> {
    return this.request('PATCH', `${areaPath(areaId)}/candidates/${id}`, {}, { body: { lon: lonLat[0], lat: lonLat[1] } });
  }

  editCell(areaId: string | number, id: number, edit: CellEdit): Promise<CellFeature> {
    return this.request('PATCH', `${areaPath(areaId)}/cells/${id}`, {}, { body: edit });
  }

  editReport(areaId: string | number, id: number, edit: ReportEdit): Promise<ReportFeature> {
    return this.request('PATCH', `${areaPath(areaId)}/reports/${id}`, {}, { body: edit });
  }

  private get<T>(path: string, params: Params, opts: RequestOptions): Promise<T> {
    return this.request<T>('GET', path, params, opts);
  }

  /**
   * One call. A 429 `too_many_concurrent_requests` (the user already has as many expensive requests
   * running as the server allows; the route did not run) is sent again after the server's Retry-After,
   * at most BUSY_RETRIES times: the page asks for several computations at once and most end quickly.
   * Expensive calls wait for a slot of the client's own gate first (see expensive-gate.ts), so that
   * normally none is refused.
   */
  private async request<T>(method: Method, path: string, params: Params, opts: SendOptions): Promise<T> {
    const expensive = isExpensivePath(path);
    for (let attempt = 0; ; attempt++) {
      try {
        return await (expensive
          ? this.expensive.run(() => this.send<T>(method, path, params, opts), opts.signal)
          : this.send<T>(method, path, params, opts));
      } catch (err) {
        if (!(err instanceof BusyError) || attempt >= BUSY_RETRIES) throw err instanceof BusyError ? err.error : err;
        await sleep(err.retryAfterMs, opts.signal);
      }
    }
  }

  private async send<T>(method: Method, path: string, params: Params, opts: SendOptions): Promise<T> {
    const url = this.baseUrl + path + queryString(params);
    const headers: Record<string, string> = { accept: 'application/json' };
    // A form sets its own multipart content type (with the boundary).
    if (opts.body !== undefined && !opts.form) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    let response: Response;
    try {
      response = await this.fetchFn(url, {
        method,
        headers,
        body: opts.form ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
        credentials: 'same-origin',
        signal: opts.signal,
      });
    } catch (err) {
      if (isAbortError(err)) throw err;
      throw new ApiError('network', err instanceof Error ? err.message : String(err), 0, url);
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const e = isErrorBody(body) ? body : undefined;
      const error = new ApiError(
        e?.error ?? `http-${response.status}`,
        e?.message ?? (response.statusText || `HTTP ${response.status}`),
        response.status,
        url,
        e?.details,
      );
      if (response.status === 429 && error.code === 'too_many_concurrent_requests')
        throw new BusyError(error, retryAfterMs(response.headers.get('retry-after')));
      throw error;
    }
    if (response.status === 204) return undefined as T;
    if (body === undefined) throw new ApiError('bad-response', `Expected JSON from ${path}`, response.status, url);
    if (response.status === 202 && isJobAccepted(body)) {
      // Computed as tile jobs: follow its progress, then ask again (the same request joins the job while it runs).
      let progress: CoverageJobProgress = body;
      opts.onProgress?.(progress);
      while (progress.state !== 'done') {
        await sleep(JOB_POLL_MS, opts.signal);
        progress = await this.send<CoverageJobProgress>(
          'GET',
          `/coverage-jobs/${encodeURIComponent(body.jobId)}`,
          {},
          { signal: opts.signal },
        );
        opts.onProgress?.(progress);
      }
      return this.send<T>(method, path, params, opts);
    }
    return body as T;
  }
}

type SendOptions = RequestOptions & { body?: unknown; form?: FormData };

/** An import's multipart form: the fields first (empty ones left out), then the file. */
function importForm(file: Blob, fileName: string, fields: ImportFields): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined && value !== '') form.append(name, value);
  form.append('file', file, fileName);
  return form;
}

/** Times a call refused for too many of the user's expensive requests at once is sent again. */
export const BUSY_RETRIES = 5;

/** A 429 too_many_concurrent_requests with its Retry-After, to be retried. */
class BusyError extends Error {
  constructor(
    readonly error: ApiError,
    readonly retryAfterMs: number,
  ) {
    super(error.message);
  }
}

/** Retry-After in seconds (1 s when absent or not a number, at most 30 s). */
function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 30) * 1000 : 1000;
}

/** Wait `ms`, or throw the AbortError as soon as `signal` aborts. */
/** A 202 answer naming a coverage job. */
function isJobAccepted(body: unknown): body is CoverageJobProgress & { progressUrl: string } {
  return typeof body === 'object' && body !== null && typeof (body as { jobId?: unknown }).jobId === 'string' && 'tilesTotal' in body;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function areaPath(areaId: string | number): string {
  return `/areas/${encodeURIComponent(String(areaId))}`;
}

function pageParams(q: PageQuery): Params {
  return { bbox: q.bbox?.join(','), limit: q.limit, offset: q.offset, cursor: q.cursor };
}

/** `?a=1&b=2` from the defined params, or '' when there are none. */
export function queryString(params: Params): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) search.set(key, String(value));
  }
  const s = search.toString();
  return s === '' ? '' : `?${s}`;
}

function coverageParams(q: CoverageQuery): Params {
  return {
    technology: q.technology,
    scenario: q.scenario ?? undefined,
    candidates: joinCodes(q.candidates),
    indoor: q.indoor ? true : undefined,
  };
}

/** Candidate codes as the API takes them (comma-separated), or undefined when there are none. */
function joinCodes(codes: readonly string[] | undefined): string | undefined {
  return codes && codes.length > 0 ? codes.join(',') : undefined;
}

function isErrorBody(body: unknown): body is { error: string; message: string; details?: unknown } {
  return typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string';
}
