import { request, type ServerRun } from './child-server.ts';

/** A 0.4° square near Daqing (about 1,360 km²), [lon, lat]. */
export const LARGE_BOUNDARY: GeoJSON.Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [124.6, 46.4],
      [125.0, 46.4],
      [125.0, 46.8],
      [124.6, 46.8],
      [124.6, 46.4],
    ],
  ],
};

const cell = (code: string, azimuthDeg: number | null, technology = 'GSM') => ({
  code,
  technology,
  frequencyMhz: technology === 'GSM' ? 950 : 870,
  heightM: 35,
  azimuthDeg,
  powerDbm: 43,
  gainDbi: 15,
  lossDb: 3,
});

/**
 * Create the area `code` with 64 sites (3 GSM sectors and a CDMA omni each) at 10 m resolution: its
 * coverage for "any" takes a few seconds on two worker threads, long enough to interrupt.
 */
export async function createSlowCoverageArea(server: ServerRun, token: string, code: string): Promise<void> {
  const area = await request(server.url, 'POST', '/api/v1/areas', {
    token,
    body: { code, name: 'Slow coverage', boundary: LARGE_BOUNDARY, settings: { resolutionM: 10 } },
  });
  if (area.status !== 201) throw new Error(`area: ${area.status} ${area.body}`);
  for (let i = 0; i < 64; i++) {
    const site = {
      code: `S${i}`,
      name: `Site ${i}`,
      lon: 124.62 + (i % 8) * 0.05,
      lat: 46.42 + Math.floor(i / 8) * 0.05,
      cells: [cell('G1', 0), cell('G2', 120), cell('G3', 240), cell('C1', null, 'CDMA')],
    };
    const res = await request(server.url, 'POST', `/api/v1/areas/${code}/sites`, { token, body: site });
    if (res.status !== 201) throw new Error(`site: ${res.status} ${res.body}`);
  }
}

export const SLOW_COVERAGE_PATH = (code: string) => `/api/v1/areas/${code}/coverage?technology=any`;
