import type {
  Area,
  CandidateFeature,
  CellCollection,
  CellProperties,
  ReportCollection,
  ReportProperties,
} from '../../../web/src/api/types.ts';
import { appReducer } from '../../../web/src/state/app-reducer.ts';
import { initialAppState, type AppState, type AppStore } from '../../../web/src/state/app-state.ts';
import { DEFAULT_SETTINGS } from '../../../web/src/state/settings.ts';
import { createStore } from '../../../web/src/state/store.ts';
import { parseViewHash } from '../../../web/src/state/url-state.ts';

/** An area as the API describes it; `inputsVersion` moves on every edit. */
export function area(code: string, inputsVersion = 1, id = 1): Area {
  return {
    id,
    code,
    name: code === 'ranghulu' ? '让胡路区 Ranghulu District' : code,
    boundary: {
      type: 'Polygon',
      coordinates: [
        [
          [124.8, 46.5],
          [125, 46.5],
          [125, 46.7],
          [124.8, 46.5],
        ],
      ],
    },
    bbox: [124.8, 46.5, 125, 46.7],
    settings: { thresholdsDbm: { GSM: -90, CDMA: -95 } },
    inputsVersion,
    createdAt: '2006-01-01T00:00:00Z',
    updatedAt: '2006-01-01T00:00:00Z',
  } as unknown as Area;
}

export function cell(
  id: number,
  siteId: number,
  technology: 'GSM' | 'CDMA',
  over: Partial<CellProperties> = {},
): CellCollection['features'][number] {
  return {
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates: [124.9, 46.6] },
    properties: {
      id,
      siteId,
      siteCode: `S${siteId}`,
      siteName: `Site ${siteId}`,
      code: `C${id}`,
      technology,
      azimuthDeg: 0,
      tiltDeg: 4,
      powerDbm: 43,
      ...over,
    } as CellProperties,
  };
}

export function cells(...features: CellCollection['features']): CellCollection {
  return { type: 'FeatureCollection', numberMatched: features.length, numberReturned: features.length, next: null, features };
}

export function report(id: number, status: ReportProperties['status']): ReportCollection['features'][number] {
  return {
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates: [124.9, 46.6] },
    properties: { id, status, kind: 'weak-signal' } as ReportProperties,
  };
}

export function reports(...features: ReportCollection['features']): ReportCollection {
  return { type: 'FeatureCollection', features, numberMatched: features.length };
}

export function candidate(id: number, code: string, lonLat: [number, number] = [124.9, 46.6]): CandidateFeature {
  return {
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates: lonLat },
    properties: { id, code, name: `${code} site`, technology: 'GSM' } as CandidateFeature['properties'],
  };
}

/** The state of a page opened at `hash`, with the default settings. */
export function pageState(hash = ''): AppState {
  return initialAppState({ ...DEFAULT_SETTINGS }, parseViewHash(hash), { panelExpanded: true });
}

export function pageStore(hash = ''): AppStore {
  return createStore(appReducer, pageState(hash));
}
