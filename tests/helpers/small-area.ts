/**
 * A small test area (about 10.7 km × 11.1 km in Ranghulu) and a sector template: the set-up the API
 * tests of candidates, scenarios, the dashboard and coverage share, so a change to the shape of a cell
 * is made once.
 */
export const SMALL_AREA_BOUNDARY: GeoJSON.Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [124.78, 46.6],
      [124.92, 46.6],
      [124.92, 46.7],
      [124.78, 46.7],
      [124.78, 46.6],
    ],
  ],
};

/** A cell as the API takes it: a 65° sector (omni with azimuth null), GSM at 950 MHz or CDMA at 870 MHz. */
export const sector = (code: string, azimuthDeg: number | null, technology = 'GSM') => ({
  code,
  technology,
  frequencyMhz: technology === 'GSM' ? 950 : 870,
  heightM: 30,
  azimuthDeg,
  beamwidthDeg: azimuthDeg === null ? 360 : 65,
  tiltDeg: 2,
  powerDbm: 36,
  gainDbi: 10,
  lossDb: 3,
});
