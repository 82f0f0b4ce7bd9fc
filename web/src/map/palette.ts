import { REPORT_KINDS, type ReportKind } from '../../../server/core/model.ts';

/** Colours shared by the map layers and the legend, so the two cannot drift apart. */
export const PALETTE = {
  background: '#dde3ea',
  districtFill: '#f7f5ef',
  districtLine: '#a59d8c',
  districtLabel: '#5c5443',
  areaFill: 'rgba(200, 16, 46, 0.05)',
  areaLine: '#c8102e',
  areaCasing: '#ffffff',
  clusterSmall: '#f87171',
  clusterMedium: '#dc2626',
  clusterLarge: '#991b1b',
  clusterText: '#ffffff',
  halo: '#ffffff',
  gapFill: '#e11d48',
  gapLine: '#9f1239',
  gapLabel: '#881337',
  hotspotGap: '#7c2d12',
  hotspotCovered: '#b45309',
  newlyCovered: '#16a34a',
  newlyLost: '#dc2626',
  candidateText: '#ffffff',
  candidateWorking: '#facc15',
  candidateSelected: '#0f172a',
  placeLine: '#6d28d9',
  /** Survey answers by satisfaction with the coverage, 1 (很不满意) red to 5 (满意) green. */
  satisfaction1: '#b91c1c',
  satisfaction2: '#f97316',
  satisfaction3: '#eab308',
  satisfaction4: '#84cc16',
  satisfaction5: '#16a34a',
  placeLabel: '#4c1d95',
} as const;

/** Candidate sites: darker than the cells of their network so that they stand out on top of them. */
export const CANDIDATE_COLORS = { GSM: '#1d4ed8', CDMA: '#15803d', other: '#475569' } as const;

/** Network colours: G-net blue, C-net green; unknown technologies grey. */
export const TECHNOLOGY_COLORS = {
  GSM: { fill: '#2563eb', line: '#1e3a8a' },
  CDMA: { fill: '#16a34a', line: '#14532d' },
  other: { fill: '#6b7280', line: '#374151' },
} as const;

export const REPORT_KIND_COLORS: Record<ReportKind, string> = {
  'no-signal': '#dc2626',
  'weak-signal': '#f59e0b',
  'dropped-call': '#7c3aed',
  indoor: '#db2777',
  data: '#0891b2',
  other: '#64748b',
};

export { REPORT_KINDS };

/** Cluster sizes at which the colour and radius step up (number of reports). */
export const CLUSTER_STEPS = [10, 50] as const;

/** Fonts for text drawn on the map, rasterized in the browser (no glyph server); CJK first. */
export const MAP_FONT = ['Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'sans-serif'];
export const MAP_FONT_BOLD = [
  'Microsoft YaHei Bold',
  'PingFang SC',
  'Noto Sans CJK SC',
  'Source Han Sans SC',
  'WenQuanYi Micro Hei',
  'sans-serif',
];
