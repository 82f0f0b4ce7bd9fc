import { Type, type Static } from 'typebox';
import { TECHNOLOGIES } from '../core/model.ts';
import { parameterSchema } from './parameters.ts';
import { AreaParams, CentroidLonLat, Code, ComputedAreaGeometry, Name, Nullable } from './shared.ts';

/** Scenarios, named change sets over the existing network: `/api/v1/areas/:areaId/scenarios`. Coordinates are WGS84 [lon, lat] degrees. */

const CellKey = Type.String({ minLength: 3, maxLength: 130, pattern: '^[^/]+/[^/]+$', description: 'SITE/CELL' });

/** `:areaId` and `:scenarioId` (a scenario id or name). */
export const ScenarioParams = Type.Object({
  areaId: AreaParams.properties.areaId,
  scenarioId: Type.String({ minLength: 1, maxLength: 200, description: 'scenario id or name' }),
});
export type ScenarioParams = Static<typeof ScenarioParams>;

/** A change of an existing cell's parameters: each within its range (core/radio/parameter-ranges.ts); absent = unchanged. */
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
export type CellChange = Static<typeof CellChange>;

/** What a scenario changes: candidates added (by code), cells changed, cells switched off (SITE/CELL); each list empty when absent. */
export const ScenarioChanges = Type.Object({
  addCandidates: Type.Array(Code, { maxItems: 500, default: [] }),
  cellChanges: Type.Array(CellChange, { maxItems: 5000, default: [] }),
  removeCells: Type.Array(CellKey, { maxItems: 5000, default: [] }),
});
export type ScenarioChanges = Static<typeof ScenarioChanges>;

/**
 * A saved scenario; `createdBy` is the user who created it (null for scenarios stored before that was
 * recorded); `workingFor` names the user whose working scenario it is (the edits made on the map), null
 * for a named scenario.
 */
export const Scenario = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Nullable(Type.String()),
  changes: ScenarioChanges,
  createdBy: Nullable(Type.String()),
  workingFor: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type Scenario = Static<typeof Scenario>;

/** POST /scenarios: a new scenario; its changes must apply to the area's network (unknown cells and candidates are named). */
export const ScenarioCreate = Type.Object({
  name: Name,
  description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  changes: ScenarioChanges,
});
export type ScenarioCreate = Static<typeof ScenarioCreate>;

/** PATCH /scenarios/:scenarioId: the fields named change; `changes` replaces the stored changes. */
export const ScenarioUpdate = Type.Partial(ScenarioCreate);
export type ScenarioUpdate = Static<typeof ScenarioUpdate>;

/** GET /scenarios: every scenario of the area, by id. */
export const ScenarioList = Type.Object({ items: Type.Array(Scenario) });
export type ScenarioList = Static<typeof ScenarioList>;

/** The networks two scenarios are compared on: each network, and any network. */
export const ComparedNetwork = Type.Enum(['GSM', 'CDMA', 'any']);
export type ComparedNetwork = Static<typeof ComparedNetwork>;

/** GET /scenarios/compare: the two sides (`existing` = the existing network) and the network of the difference layer. */
export const CompareQuery = Type.Object({
  base: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: 'scenario id or name; "existing" (default) = the existing network' }),
  ),
  target: Type.String({ minLength: 1, maxLength: 200, description: 'scenario id or name' }),
  technology: Type.Optional(Type.Enum(['GSM', 'CDMA', 'any'], { default: 'any', description: 'network of the difference layer' })),
  minAreaKm2: Type.Optional(Type.Number({ minimum: 0, maximum: 1000 })),
});
export type CompareQuery = Static<typeof CompareQuery>;

/** Outdoor coverage figures of one side of a comparison: areas in km2, percentages 0-100, report counts tier-weighted. */
export const ComparedFigures = Type.Object({
  technology: Type.Enum([...TECHNOLOGIES, 'any']),
  indoor: Type.Boolean(),
  areaKm2: Type.Number(),
  coveredKm2: Type.Number(),
  coveragePct: Type.Number(),
  population: Type.Number(),
  coveredPopulation: Type.Number(),
  populationPct: Type.Number(),
  reportsTotal: Type.Number(),
  reportsUncovered: Type.Number(),
});
export type ComparedFigures = Static<typeof ComparedFigures>;

/** Regions newly covered (or newly lost), largest first; areas in km2, `centroid` [lon, lat]. */
export const Regions = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String(),
      geometry: ComputedAreaGeometry,
      properties: Type.Object({
        id: Type.String(),
        areaKm2: Type.Number(),
        population: Type.Number(),
        reportCount: Type.Number(),
        centroid: CentroidLonLat,
      }),
    }),
  ),
});
export type Regions = Static<typeof Regions>;

/** Figures per network before (base) and after (target), their difference, and the regions gained and lost on one network. */
export const Comparison = Type.Object({
  base: Type.String(),
  target: Type.String(),
  networks: Type.Array(
    Type.Object({
      technology: ComparedNetwork,
      before: ComparedFigures,
      after: ComparedFigures,
      delta: Type.Object({
        coveragePct: Type.Number(),
        populationPct: Type.Number(),
        coveredKm2: Type.Number(),
        coveredPopulation: Type.Number(),
        reportsUncovered: Type.Number(),
      }),
    }),
  ),
  difference: Type.Object({ technology: ComparedNetwork, newlyCovered: Regions, newlyLost: Regions }),
});
export type Comparison = Static<typeof Comparison>;

/**
 * One edit made on the map, added to the caller's working scenario: `kind` says which, and the field
 * of that kind is required (`change` for a cell's parameters, `code` for a candidate, `cell` for a
 * cell switched off).
 */
export const ScenarioEdit = Type.Object(
  {
    kind: Type.Enum(['cell', 'add-candidate', 'remove-cell']),
    change: Type.Optional(CellChange),
    code: Type.Optional(Code),
    cell: Type.Optional(CellKey),
  },
  { additionalProperties: false },
);
export type ScenarioEdit = Static<typeof ScenarioEdit>;

/** DELETE /scenarios/working/edits: which change to take out (a changed cell, an added candidate, a removed cell). */
export const ChangeRefQuery = Type.Object({
  kind: Type.Enum(['cell', 'add-candidate', 'remove-cell']),
  key: Type.String({ minLength: 1, maxLength: 130, description: 'SITE/CELL, or the candidate code' }),
});
export type ChangeRefQuery = Static<typeof ChangeRefQuery>;

/** GET /scenarios/working: the caller's working scenario, null before their first edit. */
export const WorkingScenario = Type.Object({ scenario: Nullable(Scenario) });
export type WorkingScenario = Static<typeof WorkingScenario>;

/** POST /scenarios/:scenarioId/apply: an explicit confirmation, and the number of changes the caller saw. */
export const ApplyRequest = Type.Object({
  confirm: Type.Literal(true, { description: 'must be true: applying changes the existing network' }),
  expectedChanges: Type.Optional(
    Type.Integer({ minimum: 0, description: 'the number of changes shown to the user; refused when it differs' }),
  ),
});
export type ApplyRequest = Static<typeof ApplyRequest>;

/** A scenario applied to the network (one audit log entry), and whether it was undone. */
export const NetworkApplication = Type.Object({
  id: Type.Integer({ description: "the audit log entry's id" }),
  at: Type.String({ format: 'date-time' }),
  username: Nullable(Type.String()),
  scenario: Type.String(),
  changes: ScenarioChanges,
  sites: Type.Array(Type.String(), { description: 'codes of the sites changed or built' }),
  undoneBy: Nullable(Type.Integer({ description: "the undo's audit log entry id" })),
});
export type NetworkApplication = Static<typeof NetworkApplication>;

export const NetworkApplicationList = Type.Object({ items: Type.Array(NetworkApplication) });
export type NetworkApplicationList = Static<typeof NetworkApplicationList>;

export const ApplicationParams = Type.Object({
  areaId: AreaParams.properties.areaId,
  applicationId: Type.Integer({ minimum: 1 }),
});
export type ApplicationParams = Static<typeof ApplicationParams>;
