import { cellColour, levelColour, overlapColour, PILOT_POLLUTION, type Rgba } from '../../../server/core/coverage/colour-ramps.ts';

/** Margins (level minus threshold, dB) the level legend spans: the server's ramp fades out below -20 and is flat above +35. */
export const LEGEND_MIN_MARGIN_DB = -20;
export const LEGEND_MAX_MARGIN_DB = 40;
const STEP_DB = 2.5;

/** A CSS colour of a tile colour (alpha 0-255). */
export function cssRgba([r, g, b, a]: Rgba): string {
  return `rgba(${r}, ${g}, ${b}, ${Math.round((a / 255) * 100) / 100})`;
}

export interface LevelLegend {
  /** CSS linear-gradient (left = weakest) drawn with the same colours as the tiles. */
  gradient: string;
  /** Where the threshold is along the ramp, 0-100 %. */
  thresholdPct: number;
  /** Labelled levels along the ramp, dBm, with their position 0-100 %. */
  ticks: { levelDbm: number; pct: number }[];
}

/**
 * The colour ramp of the level tiles around `thresholdDbm`, sampled from the server's own colour
 * function so that the legend cannot drift from the map.
 */
export function levelLegend(thresholdDbm: number): LevelLegend {
  const span = LEGEND_MAX_MARGIN_DB - LEGEND_MIN_MARGIN_DB;
  const pct = (margin: number) => ((margin - LEGEND_MIN_MARGIN_DB) / span) * 100;
  const stops: string[] = [];
  for (let m = LEGEND_MIN_MARGIN_DB; m <= LEGEND_MAX_MARGIN_DB; m += STEP_DB) {
    // The tiles draw a dark line at the threshold itself; the legend marks it separately.
    const colour = levelColour(m === 0 ? 0.6 : m);
    stops.push(`${cssRgba(colour)} ${round(pct(m))}%`);
  }
  const ticks = [-20, 0, 20, 40].map((m) => ({ levelDbm: thresholdDbm + m, pct: round(pct(m)) }));
  return { gradient: `linear-gradient(to right, ${stops.join(', ')})`, thresholdPct: round(pct(0)), ticks };
}

/** Colours of the overlap tiles: 1, 2, 3 and 4 or more servers within the margin, and pilot pollution. */
export function overlapLegend(): { servers: number; colour: string }[] {
  return [1, 2, 3, 4].map((servers) => ({ servers, colour: cssRgba(overlapColour(servers, false)) }));
}

export const PILOT_POLLUTION_COLOUR = cssRgba(PILOT_POLLUTION);

/** A few best-server colours, for the legend's sample (each cell has its own). */
export function bestServerSamples(count = 6): string[] {
  return Array.from({ length: count }, (_, i) => cssRgba(cellColour(i)));
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
