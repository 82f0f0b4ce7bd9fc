import { describe, expect, it } from 'vitest';
import { composite, contrastRatio, MIN_TEXT_CONTRAST, parseCssColor, relativeLuminance } from '../../web/src/lib/contrast.ts';

describe('parseCssColor', () => {
  it('reads the forms getComputedStyle returns, and hex', () => {
    expect(parseCssColor('rgb(31, 41, 55)')).toEqual([31, 41, 55, 1]);
    expect(parseCssColor('rgba(200, 16, 46, 0.05)')).toEqual([200, 16, 46, 0.05]);
    expect(parseCssColor('rgb(10 20 30 / 50%)')).toEqual([10, 20, 30, 0.5]);
    expect(parseCssColor('#c8102e')).toEqual([200, 16, 46, 1]);
    expect(parseCssColor('#fff')).toEqual([255, 255, 255, 1]);
    expect(parseCssColor('#00000080')).toEqual([0, 0, 0, 128 / 255]);
    expect(parseCssColor('transparent')).toEqual([0, 0, 0, 0]);
  });

  it('refuses what it cannot read', () => {
    expect(parseCssColor('red')).toBeNull();
    expect(parseCssColor('hsl(0 100% 50%)')).toBeNull();
    expect(parseCssColor('#12345')).toBeNull();
  });
});

describe('WCAG contrast', () => {
  it('gives the luminance of black, white and a mid grey', () => {
    expect(relativeLuminance([0, 0, 0])).toBe(0);
    expect(relativeLuminance([255, 255, 255])).toBeCloseTo(1, 10);
    // sRGB 119 is the grey with 4.48:1 on white, just under the AA line.
    expect(relativeLuminance([119, 119, 119])).toBeCloseTo(0.1845, 3);
  });

  it('gives 21:1 for black on white, 1:1 for a colour on itself, whichever way round', () => {
    expect(contrastRatio([0, 0, 0, 1], [255, 255, 255, 1])).toBeCloseTo(21, 10);
    expect(contrastRatio([255, 255, 255, 1], [0, 0, 0, 1])).toBeCloseTo(21, 10);
    expect(contrastRatio([200, 16, 46, 1], [200, 16, 46, 1])).toBe(1);
  });

  it('matches published pairs', () => {
    // WebAIM's checker: #767676 on white is 4.54:1 (passes AA), #777777 4.48:1 (fails).
    expect(contrastRatio(parseCssColor('#767676')!, [255, 255, 255, 1])).toBeCloseTo(4.54, 2);
    expect(contrastRatio(parseCssColor('#777777')!, [255, 255, 255, 1])).toBeLessThan(MIN_TEXT_CONTRAST);
  });

  it('paints see-through text over its background first', () => {
    expect(composite([0, 0, 0, 0.5], [255, 255, 255, 1])).toEqual([127.5, 127.5, 127.5, 1]);
    const half = contrastRatio([0, 0, 0, 0.5], [255, 255, 255, 1]);
    expect(half).toBeCloseTo(contrastRatio([127.5, 127.5, 127.5, 1], [255, 255, 255, 1]), 10);
    expect(half).toBeLessThan(21);
  });
});
