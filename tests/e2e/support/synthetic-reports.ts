/** A page of made-up problem reports, the same for the same offset, as the /reports route would answer. */

import { seededRandom as random } from '../../core/planning/seeded-random.ts';

const KINDS = ['no-signal', 'weak-signal', 'dropped-call', 'indoor', 'data', 'other'];
const SOURCES = ['callback', 'questionnaire', 'complaint', 'onsite-test', 'drive-test'];
const STATUSES = ['open', 'investigating', 'resolved'];

/**
 * Reports `offset` to `offset + limit` of `total`, spread over `bbox` ([minLon, minLat, maxLon,
 * maxLat]) in a few dense clusters and a thin background, dated through 2006.
 */
export function syntheticReportPage(total: number, offset: number, limit: number, bbox: [number, number, number, number]) {
  const rand = random(offset + 1);
  const [minLon, minLat, maxLon, maxLat] = bbox;
  const centres = Array.from({ length: 12 }, (_, i) => {
    const r = random(1000 + i);
    return [minLon + (maxLon - minLon) * (0.3 + 0.4 * r()), minLat + (maxLat - minLat) * (0.2 + 0.6 * r())];
  });
  const end = Math.min(total, offset + limit);
  const features = [];
  for (let id = offset + 1; id <= end; id++) {
    let lon: number;
    let lat: number;
    if (rand() < 0.7) {
      const [cx, cy] = centres[id % centres.length];
      lon = cx + (rand() - 0.5) * 0.06;
      lat = cy + (rand() - 0.5) * 0.04;
    } else {
      lon = minLon + (maxLon - minLon) * rand();
      lat = minLat + (maxLat - minLat) * rand();
    }
    features.push({
      type: 'Feature',
      id,
      geometry: { type: 'Point', coordinates: [Math.round(lon * 1e5) / 1e5, Math.round(lat * 1e5) / 1e5] },
      properties: {
        id,
        externalId: null,
        technology: id % 2 ? 'GSM' : 'CDMA',
        kind: KINDS[id % KINDS.length],
        source: SOURCES[id % SOURCES.length],
        customerTier: 'regular',
        reportedAt: new Date(Date.UTC(2006, id % 12, 1 + (id % 28))).toISOString(),
        status: STATUSES[id % STATUSES.length],
        resolution: id % 3 === 2 ? 'optimized' : null,
        resolvedBySiteCode: null,
        resolvedByCandidateCode: null,
        address: null,
        note: null,
      },
    });
  }
  return { type: 'FeatureCollection', numberMatched: total, numberReturned: features.length, next: end < total ? end : null, features };
}
