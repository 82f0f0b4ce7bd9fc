import type { CalibrationStats } from './calibration-stats.ts';
import type { EnvironmentFit } from './environment-fit.ts';
import type { ErrorStats } from './error-stats.ts';
import type { ExcludedCounts } from './calibrate.ts';

/** What the table shows: the parts of a CalibrationResult people read. */
export interface CalibrationTableInput {
  before: CalibrationStats;
  after: CalibrationStats;
  fits: readonly EnvironmentFit[];
  sampleCount: number;
  excluded: ExcludedCounts;
}

const EXCLUDED_LABELS: Record<keyof ExcludedCounts, string> = {
  saturated: 'saturated',
  belowFloor: 'below the floor',
  unknownServingCell: 'unknown serving cell',
  noServer: 'no cell of their network',
  tooClose: 'too close to the mast',
  freeSpaceFloor: 'on the free-space floor (statistics only)',
};

/** Always signed; a value that rounds to zero prints as +0.00, never -0.00. */
function signed(v: number, digits = 2): string {
  const magnitude = Math.abs(v).toFixed(digits);
  return `${v < 0 && Number(magnitude) !== 0 ? '-' : '+'}${magnitude}`;
}
const stat = (s: ErrorStats | undefined) =>
  s ? `${signed(s.meanErrorDb).padStart(7)}${s.stdDevDb.toFixed(2).padStart(7)}${s.rmseDb.toFixed(2).padStart(7)}` : ' '.repeat(21);

/**
 * Plain-text before/after table of a calibration: error statistics (measured - predicted, dB) for all
 * samples, per network and per environment class, then the fitted terms in the path-loss sense.
 */
export function formatCalibrationTable(r: CalibrationTableInput): string {
  const left = (Object.keys(EXCLUDED_LABELS) as (keyof ExcludedCounts)[])
    .filter((k) => r.excluded[k] > 0)
    .map((k) => `${r.excluded[k]} ${EXCLUDED_LABELS[k]}`);
  const lines = [
    `${r.sampleCount} samples${left.length ? `; left out: ${left.join(', ')}` : ''}`,
    '',
    'error = measured - predicted, dB',
    `${''.padEnd(19)}${'before'.padStart(21)}  ${'after'.padStart(21)}`,
    `${'group'.padEnd(13)}${'n'.padStart(6)}${'mean'.padStart(7)}${'std'.padStart(7)}${'rmse'.padStart(7)}  ${'mean'.padStart(7)}${'std'.padStart(7)}${'rmse'.padStart(7)}`,
  ];
  const row = (label: string, b: ErrorStats | undefined, a: ErrorStats | undefined) =>
    `${label.padEnd(13)}${String(b?.n ?? 0).padStart(6)}${stat(b)}  ${stat(a)}`;
  lines.push(row('all', r.before.all, r.after.all));
  for (const [k, b] of Object.entries(r.before.byTechnology))
    lines.push(row(k, b, r.after.byTechnology[k as keyof CalibrationStats['byTechnology']]));
  for (const [k, b] of Object.entries(r.before.byEnvironment))
    lines.push(row(k, b, r.after.byEnvironment[k as keyof CalibrationStats['byEnvironment']]));
  lines.push('', 'fitted terms (added to the model path loss; negative = the network is stronger than the model)');
  lines.push(
    `${'class'.padEnd(13)}${'n'.padStart(6)}  ${'method'.padEnd(20)}${'intercept dB'.padStart(16)}${'slope dB/decade'.padStart(18)}  note`,
  );
  for (const f of r.fits) {
    const intercept =
      f.interceptDeltaDb === null
        ? '-'
        : `${signed(f.interceptDeltaDb)}${f.interceptStdErrDb === null ? '' : ` ±${f.interceptStdErrDb.toFixed(2)}`}`;
    const slope =
      f.slopeDeltaDb === null ? '-' : `${signed(f.slopeDeltaDb)}${f.slopeStdErrDb === null ? '' : ` ±${f.slopeStdErrDb.toFixed(2)}`}`;
    lines.push(
      `${f.environment.padEnd(13)}${String(f.n).padStart(6)}  ${f.method.padEnd(20)}${intercept.padStart(16)}${slope.padStart(18)}  ${f.note ?? ''}`.trimEnd(),
    );
  }
  return lines.join('\n');
}
