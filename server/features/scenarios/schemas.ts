import { Type, type Static } from 'typebox';
import { Code, Name, Nullable } from '../shared/schemas.ts';

const CellKey = Type.String({ minLength: 3, maxLength: 130, pattern: '^[^/]+/[^/]+$', description: 'SITE/CELL' });

export const CellChange = Type.Object({
  cell: CellKey,
  azimuthDeg: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 360 }))),
  tiltDeg: Type.Optional(Type.Number({ minimum: -20, maximum: 45 })),
  powerDbm: Type.Optional(Type.Number({ minimum: -10, maximum: 80 })),
  heightM: Type.Optional(Type.Number({ minimum: 0, maximum: 300 })),
  beamwidthDeg: Type.Optional(Type.Number({ minimum: 1, maximum: 360 })),
  gainDbi: Type.Optional(Type.Number({ minimum: -10, maximum: 30 })),
  lossDb: Type.Optional(Type.Number({ minimum: 0, maximum: 30 })),
  frequencyMhz: Type.Optional(Type.Number({ minimum: 100, maximum: 6000 })),
});

export const ScenarioChanges = Type.Object({
  addCandidates: Type.Array(Code, { maxItems: 500, default: [] }),
  cellChanges: Type.Array(CellChange, { maxItems: 5000, default: [] }),
  removeCells: Type.Array(CellKey, { maxItems: 5000, default: [] }),
});
export type ScenarioChangesInput = Static<typeof ScenarioChanges>;

export const Scenario = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Nullable(Type.String()),
  changes: ScenarioChanges,
  createdBy: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const ScenarioCreate = Type.Object({
  name: Name,
  description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  changes: ScenarioChanges,
});
export type ScenarioCreate = Static<typeof ScenarioCreate>;

export const ScenarioUpdate = Type.Partial(ScenarioCreate);
export type ScenarioUpdate = Static<typeof ScenarioUpdate>;

export const ScenarioList = Type.Object({ items: Type.Array(Scenario) });
