import type { Kysely } from 'kysely';
import type { PerceivedCoverage, PerceivedNetwork, PerceivedQuery } from '../../contract/surveys.ts';
import type { CoverageTechnology } from '../../core/coverage/cell-table.ts';
import { modeLossDb, pixelCovered } from '../../core/coverage/coverage-figures.ts';
import type { LonLat } from '../../core/model.ts';
import {
  answerIncluded,
  assignAnswers,
  DEFAULT_PERCEIVED_RULES,
  perceivedCoverage,
  samplePlacePrediction,
  type PerceivedPlace,
  type PerceivedRules,
} from '../../core/surveys/perceived-coverage.ts';
import type { Database } from '../../db/types.ts';
import type { Area } from '../areas/repository.ts';
import type { CoverageService } from '../coverage/service.ts';
import type { PlanningService } from '../planning/service.ts';
import { loadSettlementPlaces, loadSurveyAnswers } from './repository.ts';

/** Vertex mean of a geometry's outer rings (or the point): where a place is labelled. */
export function labelPoint(geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon | GeoJSON.Point): LonLat {
  if (geometry.type === 'Point') return [geometry.coordinates[0], geometry.coordinates[1]];
  const rings = geometry.type === 'Polygon' ? [geometry.coordinates[0]] : geometry.coordinates.map((p) => p[0]);
  let lon = 0;
  let lat = 0;
  let n = 0;
  for (const ring of rings)
    for (const p of ring.slice(0, -1)) {
      lon += p[0];
      lat += p[1];
      n++;
    }
  return n > 0 ? [lon / n, lat / n] : [rings[0][0][0], rings[0][0][1]];
}

/**
 * Perceived against predicted coverage of an area for one network: the area's settlements (and,
 * unless `hotspots` is false, the problem hotspots of that network, each named after the settlement
 * its centre lies in, else by its id), the survey answers of the network counted per place, and the share of each place the
 * existing network's prediction covers (outdoor, or indoor with the area's penetration loss).
 */
export async function perceivedCoverageOf(
  db: Kysely<Database>,
  coverage: CoverageService,
  planning: PlanningService,
  area: Area,
  query: PerceivedQuery,
): Promise<PerceivedCoverage> {
  const network: PerceivedNetwork = query.network ?? 'any';
  const indoor = query.indoor ?? false;
  const rules: PerceivedRules = {
    ...DEFAULT_PERCEIVED_RULES,
    ...Object.fromEntries(
      (['minAnswers', 'coveredPct', 'unhappyBelowPct', 'gapBelowPct', 'satisfiedPct', 'pointRadiusM'] as const)
        .filter((k) => query[k] !== undefined)
        .map((k) => [k, query[k]]),
    ),
  };
  const [settlements, answers, run] = await Promise.all([
    loadSettlementPlaces(db, area.id),
    loadSurveyAnswers(db, area.id),
    coverage.run(area, network as CoverageTechnology),
  ]);
  const places: PerceivedPlace[] = settlements.map((s) => ({ code: s.code, name: s.name, kind: 'settlement', geometry: s.geometry }));
  if (query.hotspots ?? true) {
    const hotspots = await planning.hotspots(area, network === 'any' ? 'all' : network, {});
    const settlementsOnly = places.slice();
    const containing = assignAnswers(
      settlementsOnly,
      hotspots.map((h) => ({ lon: h.centroid[0], lat: h.centroid[1], technology: 'unknown', satisfaction: 3 })),
      rules.pointRadiusM,
    );
    const hotspotIn = hotspots.map(() => null as string | null);
    containing.forEach((members, si) => {
      for (const hi of members) hotspotIn[hi] = settlementsOnly[si].name;
    });
    hotspots.forEach((h, i) => places.push({ code: h.id, name: hotspotIn[i] ?? h.id, kind: 'hotspot', geometry: h.polygon }));
  }
  const extraLossDb = modeLossDb(run.prepared, indoor);
  const covered = (i: number) => pixelCovered(run.raster, i, extraLossDb);
  const predictions = places.map((p) => {
    const sample = samplePlacePrediction(run.prepared.grid, run.prepared.mask, p.geometry, covered, rules.pointRadiusM);
    return sample.pixels > 0 ? sample : null;
  });
  const rows = perceivedCoverage(places, answers, predictions, network, rules);
  const ofNetwork = answers.filter((a) => answerIncluded(network, a.technology)).length;
  const inPlaces = rows.filter((r) => r.kind === 'settlement').reduce((n, r) => n + r.answers, 0);
  return {
    network,
    indoor,
    rules,
    answers: ofNetwork,
    answersInPlaces: inPlaces,
    items: rows.map((r, i) => ({ ...r, centroid: labelPoint(places[i].geometry) })),
  };
}
