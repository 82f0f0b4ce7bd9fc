/**
 * Colour contrast as WCAG 2.2 defines it (success criterion 1.4.3, "relative luminance" and
 * "contrast ratio" in its glossary): sRGB channels linearized, L = 0.2126 R + 0.7152 G + 0.0722 B,
 * ratio = (L1 + 0.05) / (L2 + 0.05) with L1 the lighter. Text needs 4.5:1, large text 3:1.
 */

/** [r, g, b] 0-255 and alpha 0-1. */
export type Rgba = [r: number, g: number, b: number, a: number];

/** WCAG AA minimum for body text. */
export const MIN_TEXT_CONTRAST = 4.5;
/** WCAG AA minimum for large text (18pt, or 14pt bold) and for user-interface components. */
export const MIN_LARGE_TEXT_CONTRAST = 3;

const HEX = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const RGB = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/i;

/**
 * A CSS colour in the forms browsers compute (`rgb(…)`, `rgba(…)`, both comma and space syntax),
 * hex (#rgb, #rgba, #rrggbb, #rrggbbaa) or `transparent`; null for anything else.
 */
export function parseCssColor(value: string): Rgba | null {
  const v = value.trim().toLowerCase();
  if (v === 'transparent') return [0, 0, 0, 0];
  const hex = HEX.exec(v);
  if (hex) {
    let digits = hex[1];
    if (digits.length <= 4) digits = [...digits].map((d) => d + d).join('');
    const n = (i: number) => parseInt(digits.slice(i * 2, i * 2 + 2), 16);
    return [n(0), n(1), n(2), digits.length === 8 ? n(3) / 255 : 1];
  }
  const rgb = RGB.exec(v);
  if (rgb) {
    const alpha = rgb[4] === undefined ? 1 : rgb[4].endsWith('%') ? parseFloat(rgb[4]) / 100 : parseFloat(rgb[4]);
    const channels = [rgb[1], rgb[2], rgb[3]].map((c) => Math.min(255, parseFloat(c)));
    if (channels.some((c) => Number.isNaN(c)) || Number.isNaN(alpha)) return null;
    return [channels[0], channels[1], channels[2], Math.max(0, Math.min(1, alpha))];
  }
  return null;
}

/** `top` painted over `bottom` (source-over); the result is as opaque as `bottom`. */
export function composite(top: Rgba, bottom: Rgba): Rgba {
  const a = top[3];
  const mix = (i: number) => top[i] * a + bottom[i] * (1 - a);
  return [mix(0), mix(1), mix(2), Math.min(1, a + bottom[3] * (1 - a))];
}

/** Relative luminance of an sRGB colour, 0 (black) to 1 (white). */
export function relativeLuminance([r, g, b]: Rgba | [number, number, number]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/**
 * Contrast ratio of a text colour on a background, 1 to 21. A see-through text colour is first
 * painted over the background; the background must be opaque (paint it over the page first).
 */
export function contrastRatio(text: Rgba, background: Rgba): number {
  const fg = text[3] < 1 ? composite(text, background) : text;
  const l1 = relativeLuminance(fg);
  const l2 = relativeLuminance(background);
  return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
}
