/** What a click on the map landed on (or what a list showed on it). Coordinates are [lon, lat]. */
export type MapPick =
  | { kind: 'candidate'; id: number; lonLat: [number, number] }
  | { kind: 'report'; id: number; lonLat: [number, number] }
  | { kind: 'survey'; id: number; lonLat: [number, number] }
  | { kind: 'cells'; ids: number[]; lonLat: [number, number] }
  | { kind: 'hotspot'; id: string; lonLat: [number, number] }
  | { kind: 'gap'; id: string; lonLat: [number, number] }
  | { kind: 'difference'; id: string; lonLat: [number, number] }
  | { kind: 'pixel'; lonLat: [number, number] };
