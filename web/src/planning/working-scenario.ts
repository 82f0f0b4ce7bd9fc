import type { CoverageFigures, ScenarioChanges } from '../api/types.ts';

/** The codes with `code` added at the end (unchanged when it is there already). */
export function withCandidate(codes: readonly string[], code: string): string[] {
  return codes.includes(code) ? [...codes] : [...codes, code];
}

export function withoutCandidate(codes: readonly string[], code: string): string[] {
  return codes.filter((c) => c !== code);
}

/** What a preview computes on: the working candidates plus the one being looked at. */
export function previewCandidates(working: readonly string[], selected: string | null): string[] {
  return selected ? withCandidate(working, selected) : [...working];
}

/**
 * The changes of a scenario saved from the map: the base scenario's changes (if the planner works on
 * top of one) with the working candidates added.
 */
export function scenarioChanges(base: ScenarioChanges | null, working: readonly string[]): ScenarioChanges {
  const added = base ? [...base.addCandidates] : [];
  for (const code of working) if (!added.includes(code)) added.push(code);
  return {
    addCandidates: added,
    cellChanges: base ? base.cellChanges.map((c) => ({ ...c })) : [],
    removeCells: base ? [...base.removeCells] : [],
  };
}

export interface FigureChange {
  before: number;
  after: number;
  delta: number;
}

export interface FiguresChange {
  coveragePct: FigureChange;
  populationPct: FigureChange;
  coveredKm2: FigureChange;
  coveredPopulation: FigureChange;
  reportsUncovered: FigureChange;
}

type ComparableFigures = Pick<CoverageFigures, 'coveragePct' | 'populationPct' | 'coveredKm2' | 'coveredPopulation' | 'reportsUncovered'>;

/** Before, after and the change of the figures planners quote. */
export function figuresChange(before: ComparableFigures, after: ComparableFigures): FiguresChange {
  const change = (k: keyof ComparableFigures): FigureChange => ({ before: before[k], after: after[k], delta: after[k] - before[k] });
  return {
    coveragePct: change('coveragePct'),
    populationPct: change('populationPct'),
    coveredKm2: change('coveredKm2'),
    coveredPopulation: change('coveredPopulation'),
    reportsUncovered: change('reportsUncovered'),
  };
}
