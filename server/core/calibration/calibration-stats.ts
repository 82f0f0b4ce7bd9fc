import { ENVIRONMENT_CLASSES, type EnvironmentClass, TECHNOLOGIES, type Technology } from '../model.ts';
import { type ErrorStats, errorStats } from './error-stats.ts';

/** A residual r = measured - predicted (dB) with what it is grouped by. */
export interface Residual {
  technology: Technology;
  environment: EnvironmentClass;
  residualDb: number;
}

/** Error statistics over all samples, per network and per environment class (only groups with samples). */
export interface CalibrationStats {
  all: ErrorStats;
  byTechnology: Partial<Record<Technology, ErrorStats>>;
  byEnvironment: Partial<Record<EnvironmentClass, ErrorStats>>;
}

/** Group residuals by technology and by environment class; keys in TECHNOLOGIES / ENVIRONMENT_CLASSES order. */
export function calibrationStats(residuals: readonly Residual[]): CalibrationStats {
  const byTechnology: CalibrationStats['byTechnology'] = {};
  for (const technology of TECHNOLOGIES) {
    const group = residuals.filter((r) => r.technology === technology).map((r) => r.residualDb);
    if (group.length > 0) byTechnology[technology] = errorStats(group);
  }
  const byEnvironment: CalibrationStats['byEnvironment'] = {};
  for (const environment of ENVIRONMENT_CLASSES) {
    const group = residuals.filter((r) => r.environment === environment).map((r) => r.residualDb);
    if (group.length > 0) byEnvironment[environment] = errorStats(group);
  }
  return { all: errorStats(residuals.map((r) => r.residualDb)), byTechnology, byEnvironment };
}
