import { area as turfArea, booleanPointInPolygon, centroid, pointOnFeature } from '@turf/turf';
import type { PlaceKind } from '../model.ts';

/**
 * The area's gazetteer: named places (estates, villages, towns, buildings, landmarks, business
 * halls) that addresses mention, so that a row with an address but no coordinates can be placed.
 */

/** One place as the locator needs it; geometry WGS84 [lon, lat]. */
export interface GazetteerPlace {
  /** The stored place's id (0 when not stored, e.g. in tests). */
  id: number;
  code: string;
  name: string;
  aliases: readonly string[];
  kind: PlaceKind;
  geometry: GeoJSON.Point | GeoJSON.Polygon | GeoJSON.MultiPolygon;
}

/** Where an address-placed row goes: the place, the name or alias found in the address, and how precise that is. */
export interface PlaceMatch {
  place: GazetteerPlace;
  /** The name or alias as written in the gazetteer that the address contains. */
  matched: string;
  /** The place's point, or its polygon's representative point (inside the polygon). */
  lon: number;
  lat: number;
  /**
   * How far from [lon, lat] the row may really be, metres: for a polygon the radius of the circle of
   * the same area, for a point the typical size of its kind (PLACE_KIND_RADIUS_M).
   */
  radiusM: number;
}

/**
 * The radius a point place stands for, metres, by kind: a building or a business hall is one block,
 * an estate (小区) a few hundred metres, a village its houses and fields, a town its built-up area.
 */
export const PLACE_KIND_RADIUS_M: Record<PlaceKind, number> = {
  building: 50,
  'business-hall': 50,
  landmark: 150,
  estate: 300,
  village: 500,
  town: 2000,
};

/** The smallest radius given to a polygon place, metres (a pixel of the coarsest usual grid). */
const MIN_POLYGON_RADIUS_M = 25;

/**
 * The form names and addresses are compared in: NFKC (full-width letters, digits and spaces become
 * their ASCII forms: "３组" → "3组"), every kind of white space removed, Latin letters lower case.
 */
export function normaliseAddress(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
}

/** A place's anchor point and radius (see PlaceMatch), and the area it stands for (m², for ties). */
export function placeAnchor(place: Pick<GazetteerPlace, 'kind' | 'geometry'>): {
  lon: number;
  lat: number;
  radiusM: number;
  areaM2: number;
} {
  const g = place.geometry;
  if (g.type === 'Point') {
    const radiusM = PLACE_KIND_RADIUS_M[place.kind];
    return { lon: g.coordinates[0], lat: g.coordinates[1], radiusM, areaM2: Math.PI * radiusM * radiusM };
  }
  const feature: GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon> = { type: 'Feature', properties: {}, geometry: g };
  const areaM2 = turfArea(feature);
  let point = centroid(feature).geometry.coordinates;
  // The centroid of a crescent or of several parts may lie outside: then a point surely inside.
  if (!booleanPointInPolygon(point, feature)) point = pointOnFeature(feature).geometry.coordinates;
  const radiusM = Math.max(MIN_POLYGON_RADIUS_M, Math.round(Math.sqrt(areaM2 / Math.PI)));
  return { lon: point[0], lat: point[1], radiusM, areaM2 };
}

interface Entry {
  key: string;
  text: string;
  index: number;
}

/**
 * The locator: `locate(address)` is the **most specific** place whose name or alias the address
 * contains, compared after normaliseAddress. Most specific = the longest name or alias found
 * ("喇嘛甸镇富强村3组" contains 喇嘛甸镇 and 富强村, and the alias 喇嘛甸镇富强村 of the village
 * wins); among names of the same length the smaller place (polygon area, or the kind's radius for
 * a point); then the place listed first. Null when no name or alias occurs in the address.
 */
export class Gazetteer {
  private readonly places: GazetteerPlace[];
  private readonly anchors: ReturnType<typeof placeAnchor>[];
  /** Names and aliases by their first character, longest first. */
  private readonly byFirst = new Map<string, Entry[]>();

  constructor(places: readonly GazetteerPlace[]) {
    this.places = [...places];
    this.anchors = this.places.map(placeAnchor);
    this.places.forEach((place, index) => {
      for (const text of [place.name, ...place.aliases]) {
        const key = normaliseAddress(text);
        if (key === '') continue;
        const first = key[0];
        let list = this.byFirst.get(first);
        if (!list) this.byFirst.set(first, (list = []));
        list.push({ key, text, index });
      }
    });
    for (const list of this.byFirst.values()) list.sort((a, b) => b.key.length - a.key.length);
  }

  get size(): number {
    return this.places.length;
  }

  locate(address: string): PlaceMatch | null {
    const text = normaliseAddress(address);
    let best: Entry | null = null;
    for (let i = 0; i < text.length; i++) {
      const list = this.byFirst.get(text[i]);
      if (!list) continue;
      for (const entry of list) {
        if (best && entry.key.length < best.key.length) break;
        if (!text.startsWith(entry.key, i)) continue;
        if (!best || entry.key.length > best.key.length || this.moreSpecific(entry.index, best.index)) best = entry;
      }
    }
    if (!best) return null;
    const anchor = this.anchors[best.index];
    return { place: this.places[best.index], matched: best.text, lon: anchor.lon, lat: anchor.lat, radiusM: anchor.radiusM };
  }

  /** Same length of name: the smaller place, then the one listed first. */
  private moreSpecific(a: number, b: number): boolean {
    const areaA = this.anchors[a].areaM2;
    const areaB = this.anchors[b].areaM2;
    return areaA < areaB || (areaA === areaB && a < b);
  }
}

/** A gazetteer of `places` (see Gazetteer). */
export function createGazetteer(places: readonly GazetteerPlace[]): Gazetteer {
  return new Gazetteer(places);
}
