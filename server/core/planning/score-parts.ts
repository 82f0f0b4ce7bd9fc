import type { DemandWeights } from './coverage-demand.ts';

/** What a candidate newly covers: km², people and tier-weighted problem reports. */
export interface GainParts {
  areaKm2: number;
  population: number;
  reports: number;
}

/** A candidate's score split into what each part contributes (part × its weight); `total` is their sum. */
export interface ScoreParts {
  areaKm2: number;
  population: number;
  reports: number;
  total: number;
}

/**
 * The ranking score and its parts: score = km² × weights.areaKm2 + people × weights.population +
 * tier-weighted reports × weights.reports. With the default weights (200 per km², 1 per person, 100
 * per weighted report) a candidate reaching many people or complaints outranks one that only adds
 * empty area: 3.3 km², 14 200 people and 380 reports score 660 + 14 200 + 38 000 = 52 860, above
 * 56 km², 11 200 people and 83 reports (11 200 + 11 200 + 8 300 = 30 700).
 */
export function scoreParts(gain: GainParts, weights: DemandWeights): ScoreParts {
  const areaKm2 = gain.areaKm2 * weights.areaKm2;
  const population = gain.population * weights.population;
  const reports = gain.reports * weights.reports;
  return { areaKm2, population, reports, total: areaKm2 + population + reports };
}
