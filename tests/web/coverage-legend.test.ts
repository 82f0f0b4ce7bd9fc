import { describe, expect, it } from 'vitest';
import { levelColour } from '../../server/core/coverage/colour-ramps.ts';
import {
  cssRgba,
  LEGEND_MAX_MARGIN_DB,
  LEGEND_MIN_MARGIN_DB,
  levelLegend,
  overlapLegend,
  PILOT_POLLUTION_COLOUR,
} from '../../web/src/map/coverage-legend.ts';

describe('levelLegend', () => {
  it('marks the threshold where a margin of 0 dB falls along the ramp', () => {
    const legend = levelLegend(-90);
    const expected = ((0 - LEGEND_MIN_MARGIN_DB) / (LEGEND_MAX_MARGIN_DB - LEGEND_MIN_MARGIN_DB)) * 100;
    expect(legend.thresholdPct).toBeCloseTo(expected, 2);
    expect(legend.ticks.map((t) => t.levelDbm)).toEqual([-110, -90, -70, -50]);
    expect(legend.ticks[0].pct).toBe(0);
    expect(legend.ticks.at(-1)?.pct).toBe(100);
  });

  it("uses the tiles' own colours", () => {
    const legend = levelLegend(-95);
    expect(legend.gradient.startsWith('linear-gradient(to right, ')).toBe(true);
    expect(legend.gradient).toContain(`${cssRgba(levelColour(-20))} 0%`);
    expect(legend.gradient).toContain(`${cssRgba(levelColour(10))} 50%`);
    expect(legend.gradient).toContain(`${cssRgba(levelColour(40))} 100%`);
  });

  it('writes tile alpha (0-255) as CSS alpha (0-1)', () => {
    expect(cssRgba([255, 230, 0, 180])).toBe('rgba(255, 230, 0, 0.71)');
    expect(overlapLegend().map((o) => o.servers)).toEqual([1, 2, 3, 4]);
    expect(PILOT_POLLUTION_COLOUR).toBe('rgba(200, 0, 200, 0.86)');
  });
});
