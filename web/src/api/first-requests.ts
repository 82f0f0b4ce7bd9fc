import type { ApiClient, RequestOptions } from './client.ts';
import type { Area, CellCollection, DistrictCollection, Me, ReportCollection } from './types.ts';

/** Reports drawn on the map at most; the clusters stay fluid up to this many. */
export const MAX_REPORTS = 100_000;

/** The area the page opens when the URL names none and the server has it: the demo area. */
export const DEFAULT_AREA = 'ranghulu';

/** An area and what its first map shows. */
export interface AreaData {
  area: Area;
  cells: CellCollection;
  reports: ReportCollection;
}

/**
 * An area (by id or code) with its cells and its problem reports. The area and its cells are asked
 * for together; the reports (inside the area's bounding box) as soon as the box is known.
 */
export async function loadAreaData(api: ApiClient, code: string, opts: RequestOptions = {}): Promise<AreaData> {
  const cellsRequest = api.cells(code, undefined, opts);
  // Read below, after the area; a failure of the area must not leave this one unhandled.
  cellsRequest.catch(() => undefined);
  const area = await api.getArea(code, opts);
  const [cells, reports] = await Promise.all([
    cellsRequest,
    api.allReports(area.id, { bbox: area.bbox, signal: opts.signal, maxFeatures: MAX_REPORTS, pageSize: 20_000 }),
  ]);
  return { area, cells, reports };
}

/** What the page asks for when it starts, before anything else has loaded. */
export interface FirstRequests {
  me: Promise<Me>;
  areas: Promise<Area[]>;
  districts: Promise<DistrictCollection>;
  /** The area the URL names, with its data; none when it names no area (the page picks one from the list). */
  area: { code: string; data: Promise<AreaData> } | null;
}

/**
 * Sends the requests of the first map all at once, as the page starts (the map library is still
 * loading then): none waits for another's answer, except the reports for the area's box. The
 * area's data is asked for when the URL names the area (the page writes it there once opened).
 * Signed out, they all fail with 401 and the page asks again after the sign-in.
 */
export function sendFirstRequests(api: ApiClient, areaCode: string | null): FirstRequests {
  const requests: FirstRequests = {
    me: api.me(),
    areas: api.listAreas(),
    districts: api.districts(),
    area: areaCode === null ? null : { code: areaCode, data: loadAreaData(api, areaCode) },
  };
  // Each is read (and its failure handled) where the page uses it, maybe not at all.
  for (const p of [requests.me, requests.areas, requests.districts, requests.area?.data]) p?.catch(() => undefined);
  return requests;
}
