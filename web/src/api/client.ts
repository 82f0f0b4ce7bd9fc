import { ApiError, isAbortError } from './api-error.ts';
import type {
  Area,
  BBox,
  CellCollection,
  DistrictCollection,
  Health,
  LoginAnswer,
  Me,
  ReportCollection,
  ReportPage,
  SiteList,
  Technology,
} from './types.ts';

export interface ApiClientOptions {
  /** Prefix of every route; same origin by default. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface PageQuery extends RequestOptions {
  bbox?: BBox;
  limit?: number;
  offset?: number;
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
  /** Sent as x-csrf-token on writes made with the session cookie. */
  private csrfToken: string | null = null;

  constructor(options: ApiClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? '/api/v1').replace(/\/+$/, '');
    this.fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
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

  /** Every report of the area (inside `bbox` if given), following `next` page by page. */
  async allReports(areaId: string | number, opts: AllPagesOptions = {}): Promise<ReportCollection> {
    const pageSize = opts.pageSize ?? 5000;
    const maxFeatures = opts.maxFeatures ?? 200_000;
    const features: ReportPage['features'] = [];
    let offset: number | null = 0;
    let numberMatched = 0;
    while (offset !== null && features.length < maxFeatures) {
      const page: ReportPage = await this.reports(areaId, { bbox: opts.bbox, limit: pageSize, offset, signal: opts.signal });
      numberMatched = page.numberMatched;
      features.push(...page.features);
      if (page.next !== null && page.next <= offset) {
        throw new ApiError('bad-response', `Paging did not advance (offset ${offset}, next ${page.next})`, 200, '/reports');
      }
      offset = page.next;
    }
    return { type: 'FeatureCollection', features: features.slice(0, maxFeatures), numberMatched };
  }

  private get<T>(path: string, params: Record<string, string | number | undefined>, opts: RequestOptions): Promise<T> {
    return this.request<T>('GET', path, params, opts);
  }

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    params: Record<string, string | number | undefined>,
    opts: RequestOptions & { body?: unknown },
  ): Promise<T> {
    const url = this.baseUrl + path + queryString(params);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    let response: Response;
    try {
      response = await this.fetchFn(url, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
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
      throw new ApiError(
        e?.error ?? `http-${response.status}`,
        e?.message ?? (response.statusText || `HTTP ${response.status}`),
        response.status,
        url,
        e?.details,
      );
    }
    if (response.status === 204) return undefined as T;
    if (body === undefined) throw new ApiError('bad-response', `Expected JSON from ${path}`, response.status, url);
    return body as T;
  }
}

function areaPath(areaId: string | number): string {
  return `/areas/${encodeURIComponent(String(areaId))}`;
}

function pageParams(q: PageQuery): Record<string, string | number | undefined> {
  return { bbox: q.bbox?.join(','), limit: q.limit, offset: q.offset };
}

/** `?a=1&b=2` from the defined params, or '' when there are none. */
export function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) search.set(key, String(value));
  }
  const s = search.toString();
  return s === '' ? '' : `?${s}`;
}

function isErrorBody(body: unknown): body is { error: string; message: string; details?: unknown } {
  return typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string';
}
