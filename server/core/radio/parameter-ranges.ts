import type { CellRadio } from '../model.ts';

/**
 * The valid range of every number the coverage model takes, declared once. The API schemas, the
 * import row validators, scenario changes, candidates, calibration results and area settings take
 * their bounds from here, and the engine skips a stored cell that breaks them (see usable-cells.ts).
 * Bounds are inclusive. Where a model was fitted on a narrower range (`modelRange`), values between
 * the two are accepted and computed by extrapolation.
 */
export interface ParameterRange {
  min: number;
  max: number;
  /** Unit as written after a value ('' for a plain count). */
  unit: string;
  /** Why these bounds, one line. */
  reason: string;
  /** The range the formula was fitted on, when narrower than what is accepted: outside it is extrapolation. */
  modelRange?: { min: number; max: number; source: string };
  integer?: boolean;
}

/** Frequency ranges the two empirical models were fitted on, MHz (Hata 1980; COST 231 final report §4.4.1). */
export const MODEL_FREQUENCY_RANGES_MHZ = {
  'okumura-hata': { min: 150, max: 1500 },
  'cost231-hata': { min: 1500, max: 2000 },
} as const;

export const PARAMETER_RANGES = {
  // A cell's radio parameters (sites, candidates, scenario changes, imports).
  frequencyMhz: {
    min: 100,
    max: 6000,
    unit: 'MHz',
    reason:
      'Okumura-Hata is fitted on 150-1500 MHz and COST-231 Hata on 1500-2000 MHz; the nearer model is extrapolated (flagged) outside, and no cellular carrier lies below 100 or above 6000 MHz',
    modelRange: {
      min: MODEL_FREQUENCY_RANGES_MHZ['okumura-hata'].min,
      max: MODEL_FREQUENCY_RANGES_MHZ['cost231-hata'].max,
      source: 'Hata (1980); COST 231 §4.4.1',
    },
  },
  heightM: {
    min: 1,
    max: 300,
    unit: 'm',
    reason:
      "Hata's log10(hb) needs hb > 0 and the loss grows without bound towards 0 m: an antenna below 1 m is a typo (0 for unknown, cm for m), and no mast is above 300 m",
    modelRange: { min: 30, max: 200, source: 'Hata (1980)' },
  },
  azimuthDeg: { min: 0, max: 360, unit: '°', reason: 'a bearing clockwise from north (360 is north again); null means omnidirectional' },
  beamwidthDeg: {
    min: 1,
    max: 360,
    unit: '°',
    reason: 'the horizontal pattern divides the off-boresight angle by it (3GPP TR 36.814); 360° is as wide as an omni',
  },
  tiltDeg: {
    min: -20,
    max: 45,
    unit: '°',
    reason: 'beyond 20° of uptilt or 45° of downtilt the main lobe misses the ground it serves: a sign or unit error',
  },
  powerDbm: {
    min: -10,
    max: 80,
    unit: 'dBm',
    reason: 'from a low-power repeater (0.1 mW) to 100 kW; anything outside is a unit error (W for dBm)',
  },
  gainDbi: { min: -10, max: 30, unit: 'dBi', reason: 'sector panels reach about 21 dBi; 30 dBi is already a dish' },
  lossDb: { min: 0, max: 30, unit: 'dB', reason: 'a feeder loss is never a gain, and 30 dB of it would leave no signal' },

  // Area settings the model reads.
  receiverHeightM: {
    min: 0.5,
    max: 30,
    unit: 'm',
    reason: "a handset from pocket height to an upper floor; Hata's a(hm) is fitted on 1-10 m and extrapolated outside",
    modelRange: { min: 1, max: 10, source: 'Hata (1980)' },
  },
  resolutionM: {
    min: 5,
    max: 1000,
    unit: 'm',
    reason: 'finer grids outgrow the engine for a district; a pixel above 1 km hides whole villages',
  },
  thresholdDbm: { min: -150, max: -30, unit: 'dBm', reason: 'the sensitivity of a real handset lies within' },
  indoorPenetrationLossDb: {
    min: 0,
    max: 60,
    unit: 'dB',
    reason: 'building penetration is 10-20 dB typically and about 60 dB for a deep basement',
  },
  overlapMarginDb: { min: 0, max: 30, unit: 'dB', reason: 'a margin below the best server; beyond 30 dB every cell in reach would count' },
  pilotPollutionMarginDb: {
    min: 0,
    max: 30,
    unit: 'dB',
    reason: 'a margin below the best pilot; beyond 30 dB every pilot in reach would count',
  },
  pilotPollutionCount: {
    min: 1,
    max: 20,
    unit: '',
    integer: true,
    reason: 'a CDMA handset tracks at most a few pilots (the active set is 6)',
  },
  minGapAreaKm2: { min: 0, max: 10000, unit: 'km²', reason: 'larger than the district itself would hide every gap' },

  // Drive-test calibration terms (per environment class), added to the model's intercept and slope.
  interceptDeltaDb: {
    min: -40,
    max: 40,
    unit: 'dB',
    reason: 'a correction of the loss at 1 km beyond 40 dB points at wrong data (units, serving cells), not at the clutter',
  },
  slopeDeltaDb: {
    min: -20,
    max: 20,
    unit: 'dB/decade',
    reason: "keeps the calibrated slope positive: Hata's 44.9 - 6.55·log10(hb) is at least 28.7 dB/decade for hb up to 300 m",
  },
} as const satisfies Record<string, ParameterRange>;

export type ParameterName = keyof typeof PARAMETER_RANGES;

/** The numeric radio fields of a cell, in the order they are checked and reported. */
export const CELL_RADIO_PARAMETERS = [
  'frequencyMhz',
  'heightM',
  'azimuthDeg',
  'beamwidthDeg',
  'tiltDeg',
  'powerDbm',
  'gainDbi',
  'lossDb',
] as const satisfies readonly (ParameterName & keyof CellRadio)[];

/** One value that breaks its range. */
export interface ParameterIssue {
  /** The parameter (or the caller's path to it, e.g. "settings.receiverHeightM"). */
  field: string;
  /** The value as found (may be NaN or infinite when stored by other means than this service). */
  value: number;
  /** What is wrong with it: "below the minimum 1 m". */
  problem: string;
  /** Why the range is what it is (ParameterRange.reason). */
  reason: string;
  /** "heightM 0 m: below the minimum 1 m". */
  text: string;
}

/** A value with its unit: "0 m", "12°", "NaN". */
export function formatWithUnit(value: number, unit: string): string {
  if (!Number.isFinite(value)) return String(value);
  return unit === '' ? String(value) : unit === '°' ? `${value}°` : `${value} ${unit}`;
}

/** The issue of `value` as parameter `name` (reported as `field`), or null when it is valid. */
export function parameterIssue(name: ParameterName, value: number, field: string = name): ParameterIssue | null {
  const range: ParameterRange = PARAMETER_RANGES[name];
  let problem: string | null = null;
  if (typeof value !== 'number' || !Number.isFinite(value)) problem = 'not a finite number';
  else if (value < range.min) problem = `below the minimum ${formatWithUnit(range.min, range.unit)}`;
  else if (value > range.max) problem = `above the maximum ${formatWithUnit(range.max, range.unit)}`;
  else if (range.integer && !Number.isInteger(value)) problem = 'not a whole number';
  if (problem === null) return null;
  return { field, value, problem, reason: range.reason, text: `${field} ${formatWithUnit(value, range.unit)}: ${problem}` };
}

/** True when `value` is valid as parameter `name`. */
export function inRange(name: ParameterName, value: number): boolean {
  return parameterIssue(name, value) === null;
}

/** Every radio parameter of a cell outside its range (azimuth null = omni is valid), in CELL_RADIO_PARAMETERS order. */
export function cellRadioIssues(radio: Pick<CellRadio, (typeof CELL_RADIO_PARAMETERS)[number]>): ParameterIssue[] {
  const issues: ParameterIssue[] = [];
  for (const name of CELL_RADIO_PARAMETERS) {
    const value = radio[name];
    if (name === 'azimuthDeg' && value === null) continue;
    const issue = parameterIssue(name, value as number);
    if (issue) issues.push(issue);
  }
  return issues;
}

/** Both terms of a drive-test calibration of one environment class outside their ranges; fields named `${prefix}interceptDeltaDb`. */
export function calibrationTermIssues(term: { interceptDeltaDb: number; slopeDeltaDb: number }, prefix = ''): ParameterIssue[] {
  const issues = [
    parameterIssue('interceptDeltaDb', term.interceptDeltaDb, `${prefix}interceptDeltaDb`),
    parameterIssue('slopeDeltaDb', term.slopeDeltaDb, `${prefix}slopeDeltaDb`),
  ];
  return issues.filter((i): i is ParameterIssue => i !== null);
}
