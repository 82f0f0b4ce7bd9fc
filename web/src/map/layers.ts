import type { Locale } from '../i18n/index.ts';
import type { LayerGroup } from '../state/layer-groups.ts';
import {
  CANDIDATE_COLORS,
  CLUSTER_STEPS,
  MAP_FONT,
  MAP_FONT_BOLD,
  PALETTE,
  REPORT_KINDS,
  REPORT_KIND_COLORS,
  TECHNOLOGY_COLORS,
} from './palette.ts';
import type { ExpressionSpecification, FilterSpecification, LayerSpecification, SourceSpecification } from './style-types.ts';

export const SOURCE = {
  districts: 'districts',
  districtLabels: 'district-labels',
  area: 'area',
  cells: 'cells',
  reports: 'reports',
  basemap: 'basemap',
  coverage: 'coverage',
  /** The previewed candidate's added coverage, an image from its what-if answer. */
  previewCoverage: 'preview-coverage',
  terrain: 'terrain',
  gaps: 'gaps',
  gapLabels: 'gap-labels',
  hotspots: 'hotspots',
  difference: 'difference',
  candidates: 'candidates',
  places: 'places',
  surveys: 'surveys',
} as const;

export const LAYER = {
  background: 'background',
  basemap: 'basemap',
  districtsFill: 'districts-fill',
  districtsLine: 'districts-line',
  areaFill: 'area-fill',
  areaCasing: 'area-casing',
  areaLine: 'area-line',
  districtLabels: 'district-labels',
  cellsFill: 'cells-fill',
  cellsLine: 'cells-line',
  reportsClusters: 'reports-clusters',
  reportsClusterCount: 'reports-cluster-count',
  reportsPoint: 'reports-point',
  coverageRaster: 'coverage-raster',
  previewCoverage: 'preview-coverage',
  terrainRaster: 'terrain-raster',
  differenceFill: 'difference-fill',
  differenceLine: 'difference-line',
  gapsFill: 'gaps-fill',
  gapsLine: 'gaps-line',
  gapsLabel: 'gaps-label',
  hotspotsFill: 'hotspots-fill',
  hotspotsLine: 'hotspots-line',
  candidatesCircle: 'candidates-circle',
  candidatesLabel: 'candidates-label',
  placesLine: 'places-line',
  placesPoint: 'places-point',
  placesLabel: 'places-label',
  surveysPoint: 'surveys-point',
} as const;

/** Which map layers each toggle shows or hides. The cell groups share layers and work through a filter. */
export const GROUP_LAYERS: Record<LayerGroup, string[]> = {
  basemap: [LAYER.basemap],
  districts: [LAYER.districtsFill, LAYER.districtsLine, LAYER.districtLabels],
  boundary: [LAYER.areaFill, LAYER.areaCasing, LAYER.areaLine],
  gsm: [LAYER.cellsFill, LAYER.cellsLine],
  cdma: [LAYER.cellsFill, LAYER.cellsLine],
  reports: [LAYER.reportsClusters, LAYER.reportsClusterCount, LAYER.reportsPoint],
  // The shaded relief of the area's DEM, under the coverage; its layer comes and goes with its tiles.
  terrain: [LAYER.terrainRaster],
  // The rasters share one layer whose tiles change with the mode.
  level: [LAYER.coverageRaster],
  'best-server': [LAYER.coverageRaster],
  overlap: [LAYER.coverageRaster],
  gaps: [LAYER.gapsFill, LAYER.gapsLine, LAYER.gapsLabel],
  hotspots: [LAYER.hotspotsFill, LAYER.hotspotsLine],
  difference: [LAYER.differenceFill, LAYER.differenceLine],
  candidates: [LAYER.candidatesCircle, LAYER.candidatesLabel],
  places: [LAYER.placesLine, LAYER.placesPoint, LAYER.placesLabel],
  surveys: [LAYER.surveysPoint],
};

/** The coverage raster layer goes under this one, so that polygons, cells and points stay on top. */
export const COVERAGE_RASTER_BEFORE = 'difference-fill';

/** Cluster problem reports up to this zoom; beyond it every report is drawn on its own. */
export const REPORTS_CLUSTER_MAX_ZOOM = 14;

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

/** GeoJSON data of some sources, by source id, already there when the style is built. */
export type SourceData = Partial<Record<string, GeoJSON.GeoJSON>>;

/**
 * GeoJSON sources of the data layers, with the data given, the others empty until their data
 * arrives. The map's worker tiles them in this order: the sources with text first (their tiles
 * wait for glyphs the page draws), the largest (the districts) last, so that all the tiles of a
 * first map come in together rather than in a series of frames.
 */
export function dataSources(data: SourceData = {}): Record<string, SourceSpecification> {
  const d = (id: string) => data[id] ?? EMPTY;
  return {
    [SOURCE.districtLabels]: { type: 'geojson', data: d(SOURCE.districtLabels) },
    [SOURCE.reports]: {
      type: 'geojson',
      data: d(SOURCE.reports),
      cluster: true,
      clusterRadius: 48,
      clusterMaxZoom: REPORTS_CLUSTER_MAX_ZOOM,
    },
    [SOURCE.area]: { type: 'geojson', data: d(SOURCE.area) },
    [SOURCE.cells]: { type: 'geojson', data: d(SOURCE.cells) },
    [SOURCE.districts]: { type: 'geojson', data: d(SOURCE.districts) },
    [SOURCE.gaps]: { type: 'geojson', data: d(SOURCE.gaps), promoteId: 'id' },
    [SOURCE.gapLabels]: { type: 'geojson', data: d(SOURCE.gapLabels) },
    [SOURCE.hotspots]: { type: 'geojson', data: d(SOURCE.hotspots) },
    [SOURCE.difference]: { type: 'geojson', data: d(SOURCE.difference) },
    [SOURCE.candidates]: { type: 'geojson', data: d(SOURCE.candidates), promoteId: 'id' },
    [SOURCE.places]: { type: 'geojson', data: d(SOURCE.places) },
    [SOURCE.surveys]: { type: 'geojson', data: d(SOURCE.surveys) },
  };
}

/** Whether a layer is drawn and, for the cells, which networks. */
export interface LayerState {
  visibility: 'visible' | 'none';
  filter?: FilterSpecification;
}

/**
 * The state of every layer a toggle controls (the coverage raster aside, which comes and goes
 * with its tiles) for the groups shown. The style is built with it and the map applies it on each
 * toggle, so that the two agree: a layer property changed after the data is in re-tiles its source.
 */
export function layerStates(visible: ReadonlySet<LayerGroup>): Map<string, LayerState> {
  const states = new Map<string, LayerState>();
  const state = (on: boolean): LayerState => ({ visibility: on ? 'visible' : 'none' });
  for (const [group, layers] of Object.entries(GROUP_LAYERS) as [LayerGroup, string[]][]) {
    if (group === 'gsm' || group === 'cdma' || layers.includes(LAYER.coverageRaster) || layers.includes(LAYER.terrainRaster)) continue;
    for (const id of layers) states.set(id, state(visible.has(group)));
  }
  const gsm = visible.has('gsm');
  const cdma = visible.has('cdma');
  for (const id of [LAYER.cellsFill, LAYER.cellsLine]) states.set(id, { ...state(gsm || cdma), filter: cellsFilter(gsm, cdma) });
  return states;
}

/** Over a photo or street basemap the district fill would hide it: only a tint is kept. */
export function districtFillOpacity(basemapShown: boolean): number {
  return basemapShown ? 0.25 : 0.92;
}

/** The property a district label shows in each language. */
export function districtLabelField(locale: Locale): ExpressionSpecification {
  return ['get', locale === 'zh-CN' ? 'name_zh' : 'name_en'];
}

/** The colour of a survey answer by its satisfaction, 1 (very dissatisfied) .. 5 (satisfied). */
export const surveySatisfactionColor: ExpressionSpecification = [
  'match',
  ['get', 'satisfaction'],
  1,
  PALETTE.satisfaction1,
  2,
  PALETTE.satisfaction2,
  3,
  PALETTE.satisfaction3,
  4,
  PALETTE.satisfaction4,
  PALETTE.satisfaction5,
];

/** The name a place's label shows in each language (the Chinese name when it has no English one). */
export function placeLabelField(locale: Locale): ExpressionSpecification {
  return ['get', locale === 'zh-CN' ? 'name' : 'nameEn'];
}

/** A cluster's report count with the locale's digit grouping (1,731 rather than 1.7k). */
export function clusterCountField(locale: Locale): ExpressionSpecification {
  return ['number-format', ['get', 'point_count'], { locale }];
}

/** Cells of the visible networks only; technologies other than GSM/CDMA follow neither toggle. */
export function cellsFilter(showGsm: boolean, showCdma: boolean): FilterSpecification {
  const techs = [...(showGsm ? ['GSM'] : []), ...(showCdma ? ['CDMA'] : [])];
  return ['in', ['get', 'technology'], ['literal', techs]];
}

const techColor = (part: 'fill' | 'line'): ExpressionSpecification => [
  'match',
  ['get', 'technology'],
  'GSM',
  TECHNOLOGY_COLORS.GSM[part],
  'CDMA',
  TECHNOLOGY_COLORS.CDMA[part],
  TECHNOLOGY_COLORS.other[part],
];

const candidateColor: ExpressionSpecification = [
  'match',
  ['get', 'technology'],
  'GSM',
  CANDIDATE_COLORS.GSM,
  'CDMA',
  CANDIDATE_COLORS.CDMA,
  CANDIDATE_COLORS.other,
];

// The match's type wants its first label and output written out; the other pairs may be spread.
const [firstKind, ...otherKinds] = REPORT_KINDS;
const reportKindColor: ExpressionSpecification = [
  'match',
  ['get', 'kind'],
  firstKind,
  REPORT_KIND_COLORS[firstKind],
  ...otherKinds.flatMap((k) => [k, REPORT_KIND_COLORS[k]]),
  REPORT_KIND_COLORS.other,
];

/**
 * The data layers, bottom to top, drawn over the background (and the optional raster basemap).
 * The fills of the districts, the area and the cells are not antialiased: a line layer draws their
 * edges, and the outline pass of each fill would only add draw calls to every frame (each one
 * costs with software WebGL).
 */
export function dataLayers(locale: Locale): LayerSpecification[] {
  return [
    {
      id: LAYER.districtsFill,
      type: 'fill',
      source: SOURCE.districts,
      paint: { 'fill-color': PALETTE.districtFill, 'fill-opacity': 0.92, 'fill-antialias': false },
    },
    {
      id: LAYER.districtsLine,
      type: 'line',
      source: SOURCE.districts,
      paint: {
        'line-color': PALETTE.districtLine,
        'line-width': ['interpolate', ['linear'], ['zoom'], 7, 0.8, 12, 1.6],
        'line-dasharray': [3, 2],
      },
    },
    {
      id: LAYER.areaFill,
      type: 'fill',
      source: SOURCE.area,
      paint: { 'fill-color': PALETTE.areaFill, 'fill-antialias': false },
    },
    {
      id: LAYER.differenceFill,
      type: 'fill',
      source: SOURCE.difference,
      paint: {
        'fill-color': ['match', ['get', 'change'], 'lost', PALETTE.newlyLost, PALETTE.newlyCovered],
        'fill-opacity': 0.55,
      },
    },
    {
      id: LAYER.differenceLine,
      type: 'line',
      source: SOURCE.difference,
      paint: { 'line-color': ['match', ['get', 'change'], 'lost', PALETTE.newlyLost, PALETTE.newlyCovered], 'line-width': 1.5 },
    },
    {
      id: LAYER.gapsFill,
      type: 'fill',
      source: SOURCE.gaps,
      paint: { 'fill-color': PALETTE.gapFill, 'fill-opacity': ['case', ['boolean', ['feature-state', 'selected'], false], 0.6, 0.38] },
    },
    {
      id: LAYER.gapsLine,
      type: 'line',
      source: SOURCE.gaps,
      paint: { 'line-color': PALETTE.gapLine, 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 1, 14, 2.2] },
    },
    {
      id: LAYER.hotspotsFill,
      type: 'fill',
      source: SOURCE.hotspots,
      paint: {
        'fill-color': ['match', ['get', 'coverage'], 'gap', PALETTE.hotspotGap, PALETTE.hotspotCovered],
        'fill-opacity': 0.22,
      },
    },
    {
      id: LAYER.hotspotsLine,
      type: 'line',
      source: SOURCE.hotspots,
      paint: {
        'line-color': ['match', ['get', 'coverage'], 'gap', PALETTE.hotspotGap, PALETTE.hotspotCovered],
        'line-width': 2,
        'line-dasharray': [2, 1],
      },
    },
    {
      id: LAYER.areaCasing,
      type: 'line',
      source: SOURCE.area,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': PALETTE.areaCasing, 'line-width': ['interpolate', ['linear'], ['zoom'], 7, 4, 13, 7] },
    },
    {
      id: LAYER.areaLine,
      type: 'line',
      source: SOURCE.area,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': PALETTE.areaLine, 'line-width': ['interpolate', ['linear'], ['zoom'], 7, 1.8, 13, 3] },
    },
    {
      id: LAYER.districtLabels,
      type: 'symbol',
      source: SOURCE.districtLabels,
      layout: {
        'text-field': districtLabelField(locale),
        'text-font': MAP_FONT,
        'text-size': ['interpolate', ['linear'], ['zoom'], 7, 12, 12, 16],
        'text-letter-spacing': 0.08,
        'text-max-width': 8,
      },
      paint: {
        'text-color': PALETTE.districtLabel,
        'text-halo-color': PALETTE.halo,
        'text-halo-width': 1.6,
        'text-opacity': ['interpolate', ['linear'], ['zoom'], 12, 1, 14, 0.35],
      },
    },
    {
      id: LAYER.cellsFill,
      type: 'fill',
      source: SOURCE.cells,
      filter: cellsFilter(true, true),
      paint: {
        'fill-color': techColor('fill'),
        'fill-opacity': ['case', ['==', ['get', 'siteStatus'], 'planned'], 0.22, 0.58],
        'fill-antialias': false,
      },
    },
    {
      id: LAYER.cellsLine,
      type: 'line',
      source: SOURCE.cells,
      filter: cellsFilter(true, true),
      paint: {
        'line-color': techColor('line'),
        'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.4, 14, 1.2],
        'line-opacity': 0.85,
      },
    },
    {
      id: LAYER.gapsLabel,
      type: 'symbol',
      source: SOURCE.gapLabels,
      layout: {
        'text-field': ['get', 'label'],
        'text-font': MAP_FONT_BOLD,
        'text-size': 12,
        'text-max-width': 10,
        // Below the centroid, where a candidate meant for the gap often stands.
        'text-variable-anchor': ['top', 'bottom', 'left', 'right'],
        'text-radial-offset': 1.4,
      },
      paint: { 'text-color': PALETTE.gapLabel, 'text-halo-color': PALETTE.halo, 'text-halo-width': 1.6 },
    },
    // The gazetteer: outlines of polygon places, small rings for point places, and their names.
    {
      id: LAYER.placesLine,
      type: 'line',
      source: SOURCE.places,
      filter: ['!=', ['geometry-type'], 'Point'],
      paint: { 'line-color': PALETTE.placeLine, 'line-width': 1.2, 'line-dasharray': [2, 2] },
    },
    {
      id: LAYER.placesPoint,
      type: 'circle',
      source: SOURCE.places,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': 3,
        'circle-color': PALETTE.halo,
        'circle-stroke-color': PALETTE.placeLine,
        'circle-stroke-width': 1.5,
      },
    },
    {
      id: LAYER.placesLabel,
      type: 'symbol',
      source: SOURCE.places,
      layout: {
        'text-field': placeLabelField(locale),
        'text-font': MAP_FONT,
        'text-size': 11,
        'text-max-width': 8,
        'text-variable-anchor': ['top', 'bottom', 'left', 'right'],
        'text-radial-offset': 0.6,
      },
      paint: { 'text-color': PALETTE.placeLabel, 'text-halo-color': PALETTE.halo, 'text-halo-width': 1.4 },
    },
    // Customer survey answers: a small dot coloured by satisfaction (red 1 .. green 5); hollow when placed from the address.
    {
      id: LAYER.surveysPoint,
      type: 'circle',
      source: SOURCE.surveys,
      paint: {
        'circle-color': surveySatisfactionColor,
        'circle-opacity': ['case', ['get', 'byAddress'], 0, 0.9],
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 2.5, 16, 5],
        'circle-stroke-color': ['case', ['get', 'byAddress'], surveySatisfactionColor, PALETTE.halo],
        'circle-stroke-width': ['case', ['get', 'byAddress'], 1.5, 0.6],
      },
    },
    {
      id: LAYER.reportsClusters,
      type: 'circle',
      source: SOURCE.reports,
      filter: ['has', 'point_count'],
      paint: {
        'circle-color': [
          'step',
          ['get', 'point_count'],
          PALETTE.clusterSmall,
          CLUSTER_STEPS[0],
          PALETTE.clusterMedium,
          CLUSTER_STEPS[1],
          PALETTE.clusterLarge,
        ],
        'circle-radius': ['step', ['get', 'point_count'], 11, CLUSTER_STEPS[0], 14, CLUSTER_STEPS[1], 18],
        'circle-stroke-color': PALETTE.halo,
        'circle-stroke-width': 1.5,
        // See-through enough to show the cells under a cluster.
        'circle-opacity': 0.8,
      },
    },
    {
      id: LAYER.reportsClusterCount,
      type: 'symbol',
      source: SOURCE.reports,
      filter: ['has', 'point_count'],
      layout: {
        'text-field': clusterCountField(locale),
        'text-font': MAP_FONT_BOLD,
        'text-size': 11,
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': PALETTE.clusterText },
    },
    {
      id: LAYER.reportsPoint,
      type: 'circle',
      source: SOURCE.reports,
      filter: ['!', ['has', 'point_count']],
      // A report placed from its address is drawn hollow (a ring in its kind's colour): its position is its place's, not its own.
      paint: {
        'circle-color': reportKindColor,
        'circle-opacity': ['case', ['get', 'byAddress'], 0, 1],
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 4.5, 16, 7],
        'circle-stroke-color': ['case', ['get', 'byAddress'], reportKindColor, PALETTE.halo],
        'circle-stroke-width': ['case', ['get', 'byAddress'], 2.5, 1.5],
      },
    },
    {
      id: LAYER.candidatesCircle,
      type: 'circle',
      source: SOURCE.candidates,
      paint: {
        'circle-color': candidateColor,
        'circle-radius': ['case', ['get', 'ranked'], 11, 7],
        'circle-opacity': ['case', ['get', 'ranked'], 1, 0.6],
        'circle-stroke-color': [
          'case',
          ['get', 'selected'],
          PALETTE.candidateSelected,
          ['get', 'working'],
          PALETTE.candidateWorking,
          PALETTE.halo,
        ],
        'circle-stroke-width': ['case', ['any', ['get', 'selected'], ['get', 'working']], 4, 2],
      },
    },
    {
      id: LAYER.candidatesLabel,
      type: 'symbol',
      source: SOURCE.candidates,
      filter: ['get', 'ranked'],
      layout: {
        'text-field': ['to-string', ['get', 'rank']],
        'text-font': MAP_FONT_BOLD,
        'text-size': 12,
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': PALETTE.candidateText },
    },
  ];
}
