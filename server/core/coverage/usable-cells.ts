import type { CellSpec, Technology } from '../model.ts';
import { type CELL_RADIO_PARAMETERS, cellRadioIssues, type ParameterIssue } from '../radio/parameter-ranges.ts';

/** What the validity of a cell depends on: its radio parameters and its position. */
export type CellParameters = Pick<CellSpec, (typeof CELL_RADIO_PARAMETERS)[number] | 'lon' | 'lat'>;

/** Stable code of the warning a run carries for each cell it left out. */
export const CELL_SKIPPED = 'cell_skipped';

/**
 * A cell the engine left out of a run because a parameter breaks its range (parameter-ranges.ts):
 * stored before the rule, written by SQL or by an older version. The rest of the run is computed.
 */
export interface CellWarning {
  code: typeof CELL_SKIPPED;
  /** CellSpec.key: "SITE/CELL", or "candidate:CODE/CELL". */
  cell: string;
  technology: Technology;
  field: string;
  /** The value as stored; null when it is not a finite number (NaN, Infinity, missing). */
  value: number | null;
  /** "below the minimum 1 m". */
  problem: string;
  /** Why the range is what it is. */
  reason: string;
  /** "cell S1/G1 skipped: heightM 0 m: below the minimum 1 m". */
  message: string;
}

/** Every parameter of a cell that keeps the engine from computing it: its radio fields and its position. */
export function cellIssues(cell: CellParameters): ParameterIssue[] {
  const issues = cellRadioIssues(cell);
  for (const field of ['lon', 'lat'] as const) {
    const value = cell[field];
    if (!Number.isFinite(value))
      issues.push({
        field,
        value,
        problem: 'not a finite number',
        reason: 'a position in WGS84 degrees',
        text: `${field} ${value}: not a finite number`,
      });
  }
  return issues;
}

/** True when the engine can compute the cell (no parameter out of range). */
export function isUsableCell(cell: CellParameters): boolean {
  return cellIssues(cell).length === 0;
}

/** The text a cell is marked with when it breaks the rule ("heightM 0 m: below the minimum 1 m; ..."), or null. */
export function cellInvalidText(cell: CellParameters): string | null {
  const issues = cellIssues(cell);
  return issues.length === 0 ? null : issues.map((i) => i.text).join('; ');
}

/**
 * Split a run's cells into those the engine computes and one warning per parameter of each cell it
 * skips. `usable` is `cells` itself when nothing is skipped, so caches keyed by the list keep hitting.
 */
export function splitUsableCells(cells: readonly CellSpec[]): { usable: readonly CellSpec[]; skipped: CellWarning[] } {
  const skipped: CellWarning[] = [];
  const usable: CellSpec[] = [];
  for (const cell of cells) {
    const issues = cellIssues(cell);
    if (issues.length === 0) usable.push(cell);
    for (const issue of issues) skipped.push(cellWarning(cell, issue));
  }
  return { usable: skipped.length === 0 ? cells : usable, skipped };
}

function cellWarning(cell: CellSpec, issue: ParameterIssue): CellWarning {
  return {
    code: CELL_SKIPPED,
    cell: cell.key,
    technology: cell.technology,
    field: issue.field,
    value: typeof issue.value === 'number' && Number.isFinite(issue.value) ? issue.value : null,
    problem: issue.problem,
    reason: issue.reason,
    message: `cell ${cell.key} skipped: ${issue.text}`,
  };
}
