import { defaultSectorCells, type NamedCellRadio } from '../../core/default-cells.ts';
import type { CellSpec, Technology } from '../../core/model.ts';
import { UnprocessableError } from '../../errors.ts';

/** A candidate site as planning sees it. */
export interface Candidate {
  id: number;
  code: string;
  name: string;
  lon: number;
  lat: number;
  technology: Technology;
  cells: NamedCellRadio[];
  cost: number | null;
  status: string;
  origin: string;
  approximate: boolean;
  note: string | null;
}

export function toCandidate(r: Record<string, unknown>): Candidate {
  return {
    id: r.id as number,
    code: r.code as string,
    name: r.name as string,
    lon: r.lon as number,
    lat: r.lat as number,
    technology: r.technology as Technology,
    cells: r.cells as NamedCellRadio[],
    cost: (r.cost as number | null) ?? null,
    status: r.status as string,
    origin: r.origin as string,
    approximate: Boolean(r.approximate),
    note: (r.note as string | null) ?? null,
  };
}

/** The engine's cells of a candidate (keys prefixed so they never clash with existing cells). */
export function candidateCellSpecs(c: Pick<Candidate, 'code' | 'lon' | 'lat' | 'cells'>): CellSpec[] {
  return c.cells.map((cell) => ({ ...cell, key: `candidate:${c.code}/${cell.code}`, siteCode: c.code, cellCode: cell.code, lon: c.lon, lat: c.lat }));
}

/** Normalise a candidate's cell list: defaults filled, codes unique, technology consistent. */
export function normaliseCandidateCells(technology: Technology, cells: Array<Record<string, unknown>> | undefined): NamedCellRadio[] {
  if (!cells) return defaultSectorCells(technology);
  const seen = new Set<string>();
  return cells.map((c, i) => {
    if (seen.has(c.code as string)) {
      throw new UnprocessableError(`/body/cells/${i}/code: duplicate cell code "${c.code}"`, [{ field: `/body/cells/${i}/code`, message: 'duplicate', value: c.code }]);
    }
    seen.add(c.code as string);
    if (c.technology !== technology) {
      throw new UnprocessableError(`/body/cells/${i}/technology: must match the candidate's technology ${technology}`, [
        { field: `/body/cells/${i}/technology`, message: `must be ${technology}`, value: c.technology },
      ]);
    }
    return {
      code: c.code as string,
      technology,
      frequencyMhz: c.frequencyMhz as number,
      heightM: c.heightM as number,
      azimuthDeg: (c.azimuthDeg as number | null | undefined) ?? null,
      beamwidthDeg: (c.beamwidthDeg as number | undefined) ?? 65,
      tiltDeg: (c.tiltDeg as number | undefined) ?? 0,
      powerDbm: c.powerDbm as number,
      gainDbi: (c.gainDbi as number | undefined) ?? 0,
      lossDb: (c.lossDb as number | undefined) ?? 0,
    };
  });
}
