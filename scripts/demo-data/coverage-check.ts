/**
 * Checks that the demo network tells the story of DOMAIN.md: the requested sites sit in real gaps of the
 * 2006 baseline (Okumura-Hata, horizontal pattern only), the candidates close them, and the rest of the
 * district is mostly covered.
 */
import type { CellSpec, EnvironmentClass, LonLat } from '../../server/core/model.ts';
import type { DistrictBoundary } from './boundary.ts';
import type { ClutterIndex, Settlement } from './clutter.ts';
import { KM_PER_DEG_LAT, kmPerDegLon, polygonContains } from './geo.ts';
import { bestServer } from './hata.ts';
import { placeByCode } from './layout.ts';

export type Network = 'GSM' | 'CDMA';

export interface CoverageContext {
  clutter: ClutterIndex;
  mobileHeightM: number;
  thresholdsDbm: Record<Network, number>;
  cells: Record<Network, CellSpec[]>;
}

/** The gaps DOMAIN.md implies: where sites were requested (or, for Hongwei Er Cun, built in 2006). */
export const REQUESTED_GAPS: readonly { placeCode: string; technology: Network; candidateCode: string }[] = [
  { placeCode: 'estate-yinyi', technology: 'CDMA', candidateCode: 'CAND-001' },
  { placeCode: 'estate-lishui', technology: 'CDMA', candidateCode: 'CAND-002' },
  { placeCode: 'village-fuqiang', technology: 'GSM', candidateCode: 'CAND-003' },
  { placeCode: 'area-hongwei-ercun', technology: 'GSM', candidateCode: 'CAND-004' },
];

export interface GapCheck {
  placeCode: string;
  name: string;
  technology: Network;
  position: LonLat;
  environment: EnvironmentClass;
  thresholdDbm: number;
  /** Best same-network level of the baseline, dBm, and its server. */
  levelDbm: number;
  servingKey: string | null;
  candidateCode: string;
  /** Best level once the candidate's cells are added, dBm. */
  levelWithCandidateDbm: number;
  /** Best level of the other network at the place, dBm. */
  otherNetworkLevelDbm: number;
}

/** Level of each requested gap before and after its candidate. */
export function checkRequestedGaps(ctx: CoverageContext, candidateCells: (code: string) => CellSpec[]): GapCheck[] {
  return REQUESTED_GAPS.map(({ placeCode, technology, candidateCode }) => {
    const place = placeByCode(placeCode);
    const environment = ctx.clutter.environmentAt(place.position);
    const base = bestServer(ctx.cells[technology], place.position, environment, ctx.mobileHeightM);
    const added = bestServer(candidateCells(candidateCode), place.position, environment, ctx.mobileHeightM);
    const other = bestServer(ctx.cells[technology === 'GSM' ? 'CDMA' : 'GSM'], place.position, environment, ctx.mobileHeightM);
    return {
      placeCode,
      name: `${place.nameZh} ${place.nameEn}`,
      technology,
      position: place.position,
      environment,
      thresholdDbm: ctx.thresholdsDbm[technology],
      levelDbm: base.levelDbm,
      servingKey: base.key,
      candidateCode,
      levelWithCandidateDbm: Math.max(base.levelDbm, added.levelDbm),
      otherNetworkLevelDbm: other.levelDbm,
    };
  });
}

/** Grid of points inside the district, `stepKm` apart (lon/lat lattice anchored at the bbox corner). */
export function districtGrid(boundary: DistrictBoundary, stepKm: number): LonLat[] {
  const [minLon, minLat, maxLon, maxLat] = boundary.bbox;
  const midLat = (minLat + maxLat) / 2;
  const dLat = stepKm / KM_PER_DEG_LAT;
  const dLon = stepKm / kmPerDegLon(midLat);
  const points: LonLat[] = [];
  for (let lat = minLat + dLat / 2; lat < maxLat; lat += dLat) {
    for (let lon = minLon + dLon / 2; lon < maxLon; lon += dLon) {
      if (boundary.contains([lon, lat])) points.push([lon, lat]);
    }
  }
  return points;
}

/** Fraction of `points` where the best level of `cells` reaches the network threshold. */
export function coveredFraction(ctx: CoverageContext, technology: Network, points: readonly LonLat[]): number {
  if (points.length === 0) return 0;
  let covered = 0;
  for (const p of points) {
    const level = bestServer(ctx.cells[technology], p, ctx.clutter.environmentAt(p), ctx.mobileHeightM).levelDbm;
    if (level >= ctx.thresholdsDbm[technology]) covered++;
  }
  return covered / points.length;
}

/** Sample points of a settlement: a 100 m lattice inside its polygon, or its point. */
export function settlementPoints(settlement: Settlement, stepKm = 0.1): LonLat[] {
  if (!settlement.rings) return settlement.point ? [settlement.point] : [];
  const ring = settlement.rings[0];
  const lons = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  const dLat = stepKm / KM_PER_DEG_LAT;
  const dLon = stepKm / kmPerDegLon(lats[0]);
  const points: LonLat[] = [];
  for (let lat = Math.min(...lats) + dLat / 2; lat < Math.max(...lats); lat += dLat) {
    for (let lon = Math.min(...lons) + dLon / 2; lon < Math.max(...lons); lon += dLon) {
      if (polygonContains(settlement.rings, [lon, lat])) points.push([lon, lat]);
    }
  }
  return points;
}

export interface CoverageSummary {
  /** Share of the district area at or above the threshold (250 m grid). */
  areaFraction: Record<Network, number>;
  /** Population-weighted share (settlements spread evenly over their polygons). */
  populationFraction: Record<Network, number>;
  /** Covered share per settlement code. */
  bySettlement: Record<string, Record<Network, number>>;
}

export function summarizeCoverage(
  ctx: CoverageContext,
  boundary: DistrictBoundary,
  settlements: readonly Settlement[],
  gridStepKm = 0.25,
): CoverageSummary {
  const grid = districtGrid(boundary, gridStepKm);
  const areaFraction = { GSM: coveredFraction(ctx, 'GSM', grid), CDMA: coveredFraction(ctx, 'CDMA', grid) };
  const bySettlement: Record<string, Record<Network, number>> = {};
  const populationCovered = { GSM: 0, CDMA: 0 };
  let population = 0;
  for (const s of settlements) {
    const points = settlementPoints(s);
    const share = { GSM: coveredFraction(ctx, 'GSM', points), CDMA: coveredFraction(ctx, 'CDMA', points) };
    bySettlement[s.code] = share;
    population += s.population;
    populationCovered.GSM += share.GSM * s.population;
    populationCovered.CDMA += share.CDMA * s.population;
  }
  return {
    areaFraction,
    populationFraction: { GSM: populationCovered.GSM / population, CDMA: populationCovered.CDMA / population },
    bySettlement,
  };
}
