/** Small inline SVG symbols for the legend, drawn like the map draws the features. */

const svg = (body: string) =>
  `<svg class="swatch" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">${body}</svg>`;

/** Colours are ours (palette constants), never data, so building markup here is safe. */
export function wedgeSwatch(fill: string, line: string, opacity = 0.58): string {
  return svg(
    `<path d="M12 20 L4.2 6.5 A 15 15 0 0 1 19.8 6.5 Z" fill="${fill}" fill-opacity="${opacity}" stroke="${line}" stroke-width="1.2"/>`,
  );
}

export function circleSwatch(fill: string, stroke: string, r = 6, opacity = 1): string {
  return svg(`<circle cx="12" cy="12" r="${r}" fill="${fill}" fill-opacity="${opacity}" stroke="${stroke}" stroke-width="1.5"/>`);
}

export function lineSwatch(color: string, width: number, dash = '', casing = ''): string {
  const c = casing ? `<path d="M2 12 H22" stroke="${casing}" stroke-width="${width + 3}"/>` : '';
  const d = dash ? ` stroke-dasharray="${dash}"` : '';
  return svg(`${c}<path d="M2 12 H22" stroke="${color}" stroke-width="${width}"${d}/>`);
}

export function areaSwatch(fill: string, line: string, fillOpacity = 1, dash = '3 2'): string {
  return svg(
    `<rect x="3" y="5" width="18" height="14" rx="1.5" fill="${fill}" fill-opacity="${fillOpacity}" stroke="${line}" stroke-width="1.2" stroke-dasharray="${dash}"/>`,
  );
}

/** Colour bands side by side, for rasters (a ramp, or one colour per class). */
export function rampSwatch(colours: readonly string[]): string {
  const w = 20 / colours.length;
  return svg(colours.map((c, i) => `<rect x="${2 + i * w}" y="6" width="${w + 0.2}" height="12" fill="${c}"/>`).join(''));
}

export function clusterSwatch(fill: string, text: string): string {
  return svg(
    `<circle cx="12" cy="12" r="10" fill="${fill}" stroke="#fff" stroke-width="2"/>` +
      `<text x="12" y="16" text-anchor="middle" font-size="11" font-weight="700" fill="${text}">12</text>`,
  );
}
