import { NETWORKS, type Network } from '../api/types.ts';
import { DEFAULT_LAYERS, LAYER_GROUPS, isLayerGroup, type LayerGroup } from './layer-groups.ts';

/** Map position kept in the URL: centre as [lon, lat] WGS84 degrees, zoom, bearing in degrees. */
export interface MapPosition {
  center: [lon: number, lat: number];
  zoom: number;
  bearing: number;
}

export const APP_VIEWS = ['map', 'dashboard'] as const;
export type AppView = (typeof APP_VIEWS)[number];

/**
 * What the URL hash keeps, e.g.
 * `#view=dashboard&area=ranghulu&net=CDMA&layers=districts,gsm&scenario=方案一&add=CAND-003&map=11.5/46.6500/124.8700`.
 */
export interface ViewState {
  view: AppView;
  area: string | null;
  /** The network the planner works on (ranking, gaps, coverage rasters). */
  network: Network;
  layers: LayerGroup[];
  /** The saved scenario the map and the figures are computed on; null = the existing network. */
  scenario: string | null;
  /** Candidate codes of the working scenario, added on top of `scenario`. */
  working: string[];
  map: MapPosition | null;
}

const MAX_ZOOM = 24;
const AREA_PATTERN = /^[\w-]{1,64}$/;
/** The API's natural keys: no slash, no leading blank; commas separate codes in a list. */
const CODE_PATTERN = /^[^\s/,][^/,]{0,63}$/;
const MAX_SCENARIO_NAME = 200;
const MAX_WORKING = 500;

/**
 * Reads a location hash (with or without '#'). Anything malformed is dropped, not guessed at:
 * a bad area code gives `area: null`, a bad position `map: null`, unknown layer names and bad
 * candidate codes are ignored, and a missing `layers` gives the defaults (`layers=` with nothing
 * means all off).
 */
export function parseViewHash(hash: string): ViewState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const area = params.get('area');
  const layersParam = params.get('layers');
  const scenario = params.get('scenario')?.trim() ?? '';
  const net = params.get('net');
  return {
    view: params.get('view') === 'dashboard' ? 'dashboard' : 'map',
    area: area !== null && AREA_PATTERN.test(area) ? area : null,
    network: (NETWORKS as readonly string[]).includes(net ?? '') ? (net as Network) : 'GSM',
    layers: layersParam === null ? [...DEFAULT_LAYERS] : parseLayers(layersParam),
    scenario: scenario !== '' && scenario.length <= MAX_SCENARIO_NAME ? scenario : null,
    working: parseCodes(params.get('add')),
    map: parseMapPosition(params.get('map')),
  };
}

/** Writes the hash (starting with '#'); defaults (map view, G-net) are left out to keep it short. */
export function formatViewHash(state: ViewState): string {
  const parts: string[] = [];
  if (state.view !== 'map') parts.push(`view=${state.view}`);
  if (state.area) parts.push(`area=${encodeURIComponent(state.area)}`);
  if (state.network !== 'GSM') parts.push(`net=${state.network}`);
  const layers = LAYER_GROUPS.filter((g) => state.layers.includes(g));
  parts.push(`layers=${layers.join(',')}`);
  if (state.scenario) parts.push(`scenario=${encodeURIComponent(state.scenario)}`);
  if (state.working.length > 0) parts.push(`add=${state.working.map(encodeURIComponent).join(',')}`);
  if (state.map) parts.push(`map=${formatMapPosition(state.map)}`);
  return `#${parts.join('&')}`;
}

/** `zoom/lat/lon[/bearing]`, the order OpenStreetMap and MapLibre's own hash use. */
export function formatMapPosition({ center: [lon, lat], zoom, bearing }: MapPosition): string {
  const digits = coordinateDigits(zoom);
  const parts = [round(zoom, 2), round(lat, digits), round(lon, digits)].map(String);
  const b = round(normalizeBearing(bearing), 1);
  if (b !== 0) parts.push(String(b));
  return parts.join('/');
}

export function parseMapPosition(value: string | null): MapPosition | null {
  if (!value) return null;
  const parts = value.split('/');
  if (parts.length < 3 || parts.length > 4) return null;
  const numbers = parts.map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  if (!numbers.every(Number.isFinite)) return null;
  const [zoom, lat, lon, bearing = 0] = numbers;
  if (zoom < 0 || zoom > MAX_ZOOM || Math.abs(lat) > 85.06 || Math.abs(lon) > 180) return null;
  return { center: [lon, lat], zoom, bearing: normalizeBearing(bearing) };
}

/**
 * Decimals enough for about one pixel at `zoom` (MapLibre's hash uses the same rule):
 * 360 degrees span 512 * 2^zoom pixels.
 */
export function coordinateDigits(zoom: number): number {
  return Math.max(0, Math.ceil((zoom * Math.LN2 + Math.log(512 / 360 / 0.5)) / Math.LN10));
}

function parseLayers(value: string): LayerGroup[] {
  const wanted = new Set(
    value
      .split(',')
      .map((s) => s.trim())
      .filter(isLayerGroup),
  );
  return LAYER_GROUPS.filter((g) => wanted.has(g));
}

/** Distinct valid codes in their order; at most MAX_WORKING. */
function parseCodes(value: string | null): string[] {
  if (!value) return [];
  const codes = value.split(',').filter((c) => CODE_PATTERN.test(c));
  return [...new Set(codes)].slice(0, MAX_WORKING);
}

function normalizeBearing(deg: number): number {
  const b = ((((deg + 180) % 360) + 360) % 360) - 180;
  return b === -180 ? 180 : b;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(value * f) / f;
  return Object.is(r, -0) ? 0 : r;
}
