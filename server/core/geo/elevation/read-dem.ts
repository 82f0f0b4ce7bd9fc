import { utmZoneForLonLat } from '../utm-projection.ts';
import { readAsciiGrid } from './read-ascii-grid.ts';
import { DemError } from './dem-errors.ts';
import type { DemSource } from './elevation-grid.ts';
import { readGeoTiffDem } from './read-geotiff-dem.ts';
import { readHgt } from './read-hgt.ts';

/** One uploaded file. */
export interface DemFile {
  name: string;
  bytes: Uint8Array;
}

export interface ReadDemOptions {
  /** Bytes one file may decode to (GeoTIFF). */
  maxExpandedBytes: number;
  /** [lon, lat] near the area: an ESRI grid without a .prj in metres is taken in this point's UTM zone. */
  areaLonLat: readonly [number, number];
}

function extension(name: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(name);
  return m ? m[1].toLowerCase() : '';
}

function stem(name: string): string {
  return name
    .replace(/^.*[\\/]/, '')
    .replace(/\.[^.]*$/, '')
    .toLowerCase();
}

function isTiff(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    ((bytes[0] === 0x49 && bytes[1] === 0x49 && (bytes[2] === 42 || bytes[2] === 43) && bytes[3] === 0) ||
      (bytes[0] === 0x4d && bytes[1] === 0x4d && bytes[2] === 0 && (bytes[3] === 42 || bytes[3] === 43)))
  );
}

/**
 * The CRS an ESRI .prj (WKT) names: WGS84 geographic → 4326, "UTM zone 52N" / "UTM_Zone_52N" → 32652;
 * null for anything else.
 */
export function epsgFromPrj(wkt: string): number | null {
  const utm = /UTM[ _]zone[ _](\d{1,2})([NS])?/i.exec(wkt);
  if (utm && /WGS[ _]?(19)?84/i.test(wkt)) {
    const zone = Number(utm[1]);
    if (zone >= 1 && zone <= 60) return (utm[2]?.toUpperCase() === 'S' ? 32700 : 32600) + zone;
  }
  if (/^\s*GEOG(CS|CRS)\[/i.test(wkt) && /WGS[ _]?(19)?84/i.test(wkt)) return 4326;
  return null;
}

/**
 * Read the DEM files of one import: GeoTIFF (by its signature), SRTM .hgt (by extension), ESRI ASCII
 * grid (.asc, or text starting with ncols), each with an optional .prj of the same name (ESRI grids
 * only). An ESRI grid without one is in EPSG:4326 when its corner is a plausible lon/lat and its cells
 * under a degree, else in the UTM zone of the area. Anything else is refused naming the file.
 */
export async function readDemFiles(files: readonly DemFile[], options: ReadDemOptions): Promise<DemSource[]> {
  const prj = new Map<string, string>();
  for (const f of files) if (extension(f.name) === 'prj') prj.set(stem(f.name), new TextDecoder().decode(f.bytes));
  const sources: DemSource[] = [];
  for (const f of files) {
    const ext = extension(f.name);
    if (ext === 'prj') continue;
    if (f.bytes.length === 0) throw new DemError('malformed-dem', f.name, 'the file is empty');
    if (isTiff(f.bytes)) {
      sources.push({ name: f.name, format: 'geotiff', grid: await readGeoTiffDem(f.bytes, f.name, options) });
    } else if (ext === 'hgt') {
      sources.push({ name: f.name, format: 'hgt', grid: readHgt(f.bytes, f.name) });
    } else if (ext === 'asc' || /^\s*ncols\s/i.test(new TextDecoder().decode(f.bytes.subarray(0, 64)))) {
      const text = new TextDecoder('utf-8', { fatal: false }).decode(f.bytes);
      const wkt = prj.get(stem(f.name));
      let epsg: number | null = null;
      if (wkt !== undefined) {
        epsg = epsgFromPrj(wkt);
        if (epsg === null)
          throw new DemError('unsupported-dem', `${stem(f.name)}.prj`, 'the .prj names neither WGS84 (EPSG:4326) nor WGS84/UTM');
      }
      const probe = readAsciiGrid(text, f.name, epsg ?? 4326);
      if (epsg === null) {
        const lonLatLike =
          probe.cellSizeX < 1 && probe.originX >= -180 && probe.originX <= 180 && probe.originY >= -90 && probe.originY <= 90;
        epsg = lonLatLike ? 4326 : utmZoneForLonLat(options.areaLonLat[0], options.areaLonLat[1]).epsg;
      }
      sources.push({ name: f.name, format: 'ascii-grid', grid: { ...probe, epsg } });
    } else {
      throw new DemError(
        'unsupported-dem',
        f.name,
        'not a DEM this import reads: GeoTIFF (.tif), SRTM (.hgt) or ESRI ASCII grid (.asc) expected',
      );
    }
  }
  if (sources.length === 0) throw new DemError('no-dem-file', null, 'no DEM file: send a GeoTIFF, SRTM .hgt or ESRI ASCII grid');
  return sources;
}
