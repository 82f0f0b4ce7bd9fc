/** RGBA colours for coverage tiles, 0-255 per channel. */
export type Rgba = [r: number, g: number, b: number, a: number];

export const TRANSPARENT: Rgba = [0, 0, 0, 0];
/** Drawn where the level is within THRESHOLD_BAND_DB of the threshold. */
export const THRESHOLD_MARK: Rgba = [20, 20, 20, 230];
export const THRESHOLD_BAND_DB = 0.5;

const ABOVE_STOPS: [marginDb: number, rgb: [number, number, number]][] = [
  [0, [255, 230, 0]],
  [10, [60, 200, 60]],
  [20, [0, 170, 200]],
  [35, [30, 60, 200]],
];

function lerp(a: number, b: number, t: number): number {
  return Math.round(a + (b - a) * t);
}

/**
 * Colour of a received level relative to the threshold (margin = level - threshold, dB): a dark
 * band at the threshold, warm reds fading out below it (down to -20 dB), yellow→green→cyan→blue above.
 */
export function levelColour(marginDb: number): Rgba {
  if (Math.abs(marginDb) < THRESHOLD_BAND_DB) return THRESHOLD_MARK;
  if (marginDb < 0) {
    const t = Math.min(1, -marginDb / 20);
    return [lerp(230, 120, t), lerp(60, 20, t), lerp(40, 20, t), lerp(190, 90, t)];
  }
  for (let k = 1; k < ABOVE_STOPS.length; k++) {
    const [m1, c1] = ABOVE_STOPS[k];
    if (marginDb <= m1) {
      const [m0, c0] = ABOVE_STOPS[k - 1];
      const t = (marginDb - m0) / (m1 - m0);
      return [lerp(c0[0], c1[0], t), lerp(c0[1], c1[1], t), lerp(c0[2], c1[2], t), 180];
    }
  }
  const last = ABOVE_STOPS[ABOVE_STOPS.length - 1][1];
  return [last[0], last[1], last[2], 180];
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1));
  return [Math.round(255 * f(0)), Math.round(255 * f(8)), Math.round(255 * f(4))];
}

/** A stable, well-spread colour per cell index (golden-angle hues), the same in every tile. */
export function cellColour(cellIndex: number): Rgba {
  const hue = (cellIndex * 137.508) % 360;
  const lightness = cellIndex % 2 === 0 ? 0.5 : 0.4;
  return [...hslToRgb(hue, 0.7, lightness), 190];
}

const SERVER_COUNT_COLOURS: Rgba[] = [
  [0, 0, 0, 0],
  [80, 190, 80, 110],
  [250, 220, 0, 170],
  [250, 140, 0, 190],
  [220, 30, 30, 210],
];
/** Pilot pollution (more pilots within the margin than settings allow). */
export const PILOT_POLLUTION: Rgba = [200, 0, 200, 220];

/** Colour of an overlap pixel: pilot pollution first, else by server count (1, 2, 3, 4+). */
export function overlapColour(serverCount: number, polluted: boolean): Rgba {
  if (polluted) return PILOT_POLLUTION;
  return SERVER_COUNT_COLOURS[Math.min(serverCount, SERVER_COUNT_COLOURS.length - 1)];
}
