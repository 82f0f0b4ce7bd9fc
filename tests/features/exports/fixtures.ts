import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { TEST_BOUNDARY } from '../../helpers/app.ts';

/** A GSM/CDMA cell with typical parameters (azimuth null = omni). */
export const cell = (code: string, azimuthDeg: number | null, technology = 'GSM') => ({
  code,
  technology,
  frequencyMhz: technology === 'GSM' ? 950 : 870,
  heightM: 35,
  azimuthDeg,
  beamwidthDeg: 65,
  tiltDeg: 4,
  powerDbm: 43,
  gainDbi: 16,
  lossDb: 3,
});

/**
 * A small test area `ranghulu` (让胡路) built through the API: 2 sites with 5 cells (one omni CDMA),
 * 4 reports (one with a formula-like note), a candidate, a measurement, a clutter zone, a settlement.
 */
export async function createTestArea(app: FastifyInstance, code = 'ranghulu'): Promise<void> {
  const post = async (url: string, payload: object) => {
    const res = await app.inject({ method: 'POST', url: `/api/v1${url}`, payload });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(201);
    return res.json();
  };
  await post('/areas', { code, name: '让胡路', boundary: TEST_BOUNDARY });
  await post(`/areas/${code}/sites`, {
    code: 'S1',
    name: '铁人中学',
    lon: 124.85,
    lat: 46.65,
    cells: [cell('G1', 0), cell('G2', 120), cell('G3', 240), cell('C1', null, 'CDMA')],
  });
  await post(`/areas/${code}/sites`, { code: 'S2', name: '龙南营业厅, "东"', lon: 124.82, lat: 46.62, cells: [cell('G1', 90)] });
  const report = (externalId: string, lon: number, technology: string, reportedAt: string, note?: string) =>
    post(`/areas/${code}/reports`, {
      externalId,
      lon,
      lat: 46.66,
      technology,
      kind: 'weak-signal',
      source: 'callback',
      reportedAt,
      address: '让胡路区 远望高层',
      note,
    });
  await report('R1', 124.81, 'GSM', '2006-03-01T10:00:00+08:00');
  await report('R2', 124.83, 'CDMA', '2006-06-01T10:00:00+08:00', '=HYPERLINK("http://x","点我")');
  await report('R3', 124.86, 'GSM', '2006-09-01T10:00:00+08:00');
  await report('R4', 124.88, 'CDMA', '2006-12-01T10:00:00+08:00');
  await post(`/areas/${code}/candidates`, { code: 'K1', name: '银亿阳光城', lon: 124.86, lat: 46.66, technology: 'CDMA', cost: 80 });
  await post(`/areas/${code}/measurements`, {
    externalId: 'M1',
    lon: 124.84,
    lat: 46.64,
    technology: 'GSM',
    levelDbm: -92,
    measuredAt: '2006-05-01T08:00:00Z',
  });
  await post(`/areas/${code}/clutter`, {
    code: 'Z1',
    environment: 'urban',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [124.81, 46.61],
          [124.84, 46.61],
          [124.84, 46.64],
          [124.81, 46.61],
        ],
      ],
    },
  });
  await post(`/areas/${code}/settlements`, {
    code: 'P1',
    name: '宏伟二村',
    population: 5000,
    geometry: { type: 'Point', coordinates: [124.87, 46.68] },
  });
}
