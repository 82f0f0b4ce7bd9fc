import { positionText } from './number-text.ts';
import { xmlText } from './xml-text.ts';

/** A GeoJSON feature whose geometry may be null (RFC 7946, section 3.2). */
export type AnyFeature = GeoJSON.Feature<GeoJSON.Geometry | null>;

/** Colour features by the value of one property: explicit `#rrggbb` colours, or a palette in value order. */
export interface KmlStyleBy {
  property: string;
  colors?: Readonly<Record<string, string>>;
}

export interface KmlOptions {
  /** Document name, shown as the top folder in Google Earth. */
  name: string;
  description?: string;
  /** Placemark name; by default the `name`, `code` or `externalId` property, else the feature id. */
  placemarkName?: (feature: AnyFeature) => string | undefined;
  styleBy?: string | KmlStyleBy;
}

/** Resolved styles: property value -> style id and colour. */
export interface KmlStyles {
  property: string;
  byValue: Map<string, { id: string; color: string }>;
}

/** Tableau 10, for values without an explicit colour. */
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const POLYGON_FILL_ALPHA = 0x66;

/**
 * Resolve `styleBy` into one style per value. Explicit colours are used as given; the values found in
 * `features` that have none get palette colours in sorted order. Streaming writers pass explicit colours
 * (the value domain is known) and no features, since styles precede placemarks in a KML document.
 */
export function resolveKmlStyles(styleBy: KmlOptions['styleBy'], features: Iterable<AnyFeature> = []): KmlStyles | null {
  if (!styleBy) return null;
  const { property, colors = {} } = typeof styleBy === 'string' ? { property: styleBy } : styleBy;
  const values = new Set(Object.keys(colors));
  for (const f of features) {
    const v = f.properties?.[property];
    if (v !== null && v !== undefined) values.add(String(v));
  }
  const byValue = new Map<string, { id: string; color: string }>();
  let paletteIndex = 0;
  const implicit = [...values].filter((v) => !(v in colors)).sort();
  for (const value of [...Object.keys(colors), ...implicit]) {
    const color = colors[value] ?? PALETTE[paletteIndex++ % PALETTE.length];
    if (!/^#[0-9a-fA-F]{6}$/.test(color)) throw new RangeError(`KML style for "${value}": colour must be #rrggbb, got "${color}"`);
    byValue.set(value, { id: `style-${byValue.size}`, color });
  }
  return { property, byValue };
}

/** `#rrggbb` + alpha -> KML's `aabbggrr`. */
export function kmlColor(hex: string, alpha = 0xff): string {
  const [r, g, b] = [hex.slice(1, 3), hex.slice(3, 5), hex.slice(5, 7)];
  return (alpha.toString(16).padStart(2, '0') + b + g + r).toLowerCase();
}

/** XML declaration, `<kml>`, `<Document>` with its name, description and shared styles. */
export function kmlHead(options: KmlOptions, styles: KmlStyles | null): string {
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>\n';
  out += `<name>${xmlText(options.name)}</name>\n`;
  if (options.description) out += `<description>${xmlText(options.description)}</description>\n`;
  for (const { id, color } of styles?.byValue.values() ?? []) {
    out +=
      `<Style id="${id}"><IconStyle><color>${kmlColor(color)}</color></IconStyle>` +
      `<LineStyle><color>${kmlColor(color)}</color><width>1.5</width></LineStyle>` +
      `<PolyStyle><color>${kmlColor(color, POLYGON_FILL_ALPHA)}</color></PolyStyle></Style>\n`;
  }
  return out;
}

export const KML_TAIL = '</Document>\n</kml>\n';

/** One `<Placemark>`: name, style reference, every property as ExtendedData, then the geometry. */
export function kmlPlacemark(feature: AnyFeature, options: KmlOptions, styles: KmlStyles | null): string {
  const props = feature.properties ?? {};
  const name = options.placemarkName ? options.placemarkName(feature) : defaultName(feature);
  const idAttr = feature.id !== undefined && /^[A-Za-z0-9_.-]+$/.test(String(feature.id)) ? ` id="f${feature.id}"` : '';
  let out = `<Placemark${idAttr}>`;
  if (name !== undefined && name !== '') out += `<name>${xmlText(name)}</name>`;
  const style = styles && props[styles.property] != null ? styles.byValue.get(String(props[styles.property])) : undefined;
  if (style) out += `<styleUrl>#${style.id}</styleUrl>`;
  const data = Object.entries(props).filter(([, v]) => v !== undefined);
  if (data.length)
    out += `<ExtendedData>${data.map(([k, v]) => `<Data name="${xmlText(k)}"><value>${xmlText(dataText(v))}</value></Data>`).join('')}</ExtendedData>`;
  return out + (feature.geometry ? kmlGeometry(feature.geometry) : '') + '</Placemark>\n';
}

/** A whole KML document for a FeatureCollection (styles resolved from its features). */
export function toKml(collection: GeoJSON.FeatureCollection, options: KmlOptions): string {
  const styles = resolveKmlStyles(options.styleBy, collection.features);
  return kmlHead(options, styles) + collection.features.map((f) => kmlPlacemark(f, options, styles)).join('') + KML_TAIL;
}

/** KML 2.2 geometry; polygons keep their ring order (counter-clockwise outer rings, as KML asks). */
export function kmlGeometry(g: GeoJSON.Geometry): string {
  const coords = (ps: readonly number[][]) => `<coordinates>${ps.map((p) => positionText(p, ',')).join(' ')}</coordinates>`;
  const polygon = (rings: number[][][]) =>
    `<Polygon><outerBoundaryIs><LinearRing>${coords(rings[0] ?? [])}</LinearRing></outerBoundaryIs>` +
    rings
      .slice(1)
      .map((r) => `<innerBoundaryIs><LinearRing>${coords(r)}</LinearRing></innerBoundaryIs>`)
      .join('') +
    '</Polygon>';
  switch (g.type) {
    case 'Point':
      return `<Point>${coords([g.coordinates])}</Point>`;
    case 'LineString':
      return `<LineString>${coords(g.coordinates)}</LineString>`;
    case 'Polygon':
      return polygon(g.coordinates);
    case 'MultiPoint':
      return `<MultiGeometry>${g.coordinates.map((p) => `<Point>${coords([p])}</Point>`).join('')}</MultiGeometry>`;
    case 'MultiLineString':
      return `<MultiGeometry>${g.coordinates.map((l) => `<LineString>${coords(l)}</LineString>`).join('')}</MultiGeometry>`;
    case 'MultiPolygon':
      return `<MultiGeometry>${g.coordinates.map(polygon).join('')}</MultiGeometry>`;
    case 'GeometryCollection':
      return `<MultiGeometry>${g.geometries.map(kmlGeometry).join('')}</MultiGeometry>`;
  }
}

function defaultName(f: AnyFeature): string | undefined {
  const p = f.properties ?? {};
  const name = p.name ?? p.code ?? p.externalId ?? f.id;
  return name === undefined || name === null ? undefined : String(name);
}

function dataText(v: unknown): string {
  if (v === null) return '';
  if (v instanceof Date) return v.toISOString();
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
