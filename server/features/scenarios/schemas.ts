import { Type, type Static } from 'typebox';
import { parameterSchema } from '../../contract/parameters.ts';
import { Code, Name, Nullable } from '../shared/schemas.ts';

const CellKey = Type.String({ minLength: 3, maxLength: 130, pattern: '^[^/]+/[^/]+$', description: 'SITE/CELL' });

/** A change of an existing cell's parameters: each within its range (core/radio/parameter-ranges.ts). */
export const CellChange = Type.Object({
  cell: CellKey,
  azimuthDeg: Type.Optional(Nullable(parameterSchema('azimuthDeg'))),
  tiltDeg: Type.Optional(parameterSchema('tiltDeg')),
  powerDbm: Type.Optional(parameterSchema('powerDbm')),
  heightM: Type.Optional(parameterSchema('heightM')),
  beamwidthDeg: Type.Optional(parameterSchema('beamwidthDeg')),
  gainDbi: Type.Optional(parameterSchema('gainDbi')),
  lossDb: Type.Optional(parameterSchema('lossDb')),
  frequencyMhz: Type.Optional(parameterSchema('frequencyMhz')),
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

export const CompareQuery = Type.Object({
  base: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'scenario id or name; "existing" (default) = the existing network' })),
  target: Type.String({ minLength: 1, maxLength: 200, description: 'scenario id or name' }),
  technology: Type.Optional(Type.Enum(['GSM', 'CDMA', 'any'], { default: 'any', description: 'network of the difference layer' })),
  minAreaKm2: Type.Optional(Type.Number({ minimum: 0, maximum: 1000 })),
});

const Figures = Type.Object({
  technology: Type.String(), indoor: Type.Boolean(), areaKm2: Type.Number(), coveredKm2: Type.Number(), coveragePct: Type.Number(),
  population: Type.Number(), coveredPopulation: Type.Number(), populationPct: Type.Number(), reportsTotal: Type.Number(), reportsUncovered: Type.Number(),
});

const Region = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(Type.Object({
    type: Type.Literal('Feature'), id: Type.String(), geometry: Type.Unknown(),
    properties: Type.Object({ id: Type.String(), areaKm2: Type.Number(), population: Type.Number(), reportCount: Type.Number(), centroid: Type.Array(Type.Number()) }),
  })),
});

export const Comparison = Type.Object({
  base: Type.String(),
  target: Type.String(),
  networks: Type.Array(Type.Object({
    technology: Type.String(),
    before: Figures,
    after: Figures,
    delta: Type.Object({ coveragePct: Type.Number(), populationPct: Type.Number(), coveredKm2: Type.Number(), coveredPopulation: Type.Number(), reportsUncovered: Type.Number() }),
  })),
  difference: Type.Object({ technology: Type.String(), newlyCovered: Region, newlyLost: Region }),
});
