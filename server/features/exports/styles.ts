/** KML colours (#rrggbb) for the value domains the layers are styled by. */

export const TECHNOLOGY_COLORS: Readonly<Record<string, string>> = {
  GSM: '#1f77b4',
  CDMA: '#ff7f0e',
  UMTS: '#2ca02c',
  LTE: '#9467bd',
  NR: '#8c564b',
  unknown: '#7f7f7f',
};
export const SITE_STATUS_COLORS: Readonly<Record<string, string>> = { existing: '#1f77b4', planned: '#ff7f0e' };
export const REPORT_STATUS_COLORS: Readonly<Record<string, string>> = { open: '#d62728', investigating: '#ff7f0e', resolved: '#2ca02c' };
export const CANDIDATE_STATUS_COLORS: Readonly<Record<string, string>> = {
  proposed: '#9467bd',
  approved: '#2ca02c',
  rejected: '#7f7f7f',
  built: '#1f77b4',
};
export const ENVIRONMENT_COLORS: Readonly<Record<string, string>> = {
  'urban-large': '#8c564b',
  urban: '#d62728',
  suburban: '#ff7f0e',
  rural: '#2ca02c',
};
/** Satisfaction with the coverage, 1 (很不满意) red to 5 (满意) green. */
export const SATISFACTION_COLORS: Readonly<Record<string, string>> = {
  '1': '#b91c1c',
  '2': '#f97316',
  '3': '#eab308',
  '4': '#84cc16',
  '5': '#16a34a',
};
/** Gazetteer places by kind. */
export const PLACE_KIND_COLORS: Readonly<Record<string, string>> = {
  town: '#4c1d95',
  village: '#6d28d9',
  estate: '#8b5cf6',
  building: '#a78bfa',
  landmark: '#0e7490',
  'business-hall': '#be185d',
};
