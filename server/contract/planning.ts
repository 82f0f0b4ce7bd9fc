import { Type, type Static } from 'typebox';
import { REMEDY_KINDS } from '../core/model.ts';
import { CoverageFigures } from './coverage.ts';
import { parameterSchema } from './parameters.ts';
import { type AnyGeometry, CentroidLonLat, Code, Nullable } from './shared.ts';

/**
 * Planning: `/api/v1/areas/:areaId/` candidates/ranking, plans, hotspots, remedies and
 * candidates/generate.
 */

export const PlanningTechnology = Type.Enum(['GSM', 'CDMA', 'UMTS', 'LTE', 'NR']);
export type PlanningTechnology = Static<typeof PlanningTechnology>;

export const DemandWeightsInput = Type.Object({
  population: Type.Optional(Type.Number({ minimum: 0, maximum: 1e6, description: 'per resident newly covered' })),
  reports: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9, description: 'per tier-weighted problem report newly covered' })),
  areaKm2: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9, description: 'per km2 newly covered' })),
});
export type DemandWeightsInput = Static<typeof DemandWeightsInput>;

export const RankingQuery = Type.Object({
  technology: PlanningTechnology,
  scenario: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  populationWeight: Type.Optional(Type.Number({ minimum: 0, maximum: 1e6 })),
  reportsWeight: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9 })),
  areaWeight: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9 })),
});
export type RankingQuery = Static<typeof RankingQuery>;

/** What adding a candidate (or a planned site) newly covers. */
export const Gain = Type.Object({
  newlyCoveredKm2: Type.Number(),
  newlyCoveredPopulation: Type.Number(),
  newlyCoveredReports: Type.Number({ description: 'tier-weighted (high 3, mid 2, regular 1 by default)' }),
  coveragePctGain: Type.Number({ description: 'percentage points of the area' }),
  score: Type.Number({ description: 'weighted objective value' }),
});
export type Gain = Static<typeof Gain>;

export const RankedCandidate = Type.Object({
  rank: Type.Integer(),
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  technology: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  status: Type.String(),
  origin: Type.String(),
  cost: Nullable(Type.Number()),
  ...Gain.properties,
  uniqueScore: Type.Number({ description: 'part of the score no other candidate would cover' }),
  scorePerCost: Nullable(Type.Number()),
  scoreParts: Type.Object(
    {
      areaKm2: Type.Number({ description: 'newly covered km² × weights.areaKm2' }),
      population: Type.Number({ description: 'newly covered people × weights.population' }),
      reports: Type.Number({ description: 'tier-weighted reports newly covered × weights.reports' }),
    },
    { description: 'what each part adds to `score` (they sum to it): the ranking order is by score' },
  ),
});
export type RankedCandidate = Static<typeof RankedCandidate>;

/** `GET /candidates/ranking`: the candidates of a network sorted by marginal gain. */
export const Ranking = Type.Object({
  technology: Type.String(),
  scenario: Nullable(Type.String()),
  weights: Type.Object({ population: Type.Number(), reports: Type.Number(), areaKm2: Type.Number() }),
  baseCoveragePct: Type.Number(),
  items: Type.Array(RankedCandidate),
  computedMs: Type.Number(),
});
export type Ranking = Static<typeof Ranking>;

/** The exact solver's wall-clock limit when a plan does not give one, seconds. */
export const DEFAULT_PLAN_TIME_LIMIT_S = 10;
/** The largest limit PLAN_TIME_LIMIT_MAX_S may allow, seconds (the schema's maximum). */
export const MAX_PLAN_TIME_LIMIT_S = 120;
/** PLAN_TIME_LIMIT_MAX_S when not set, seconds. */
export const DEFAULT_PLAN_TIME_LIMIT_MAX_S = 30;

/** How a plan picks its sites: greedy, or exact (MCLP with HiGHS). */
export const PlanMethod = Type.Enum(['greedy', 'exact'], { default: 'greedy' });
export type PlanMethod = Static<typeof PlanMethod>;

/** `POST /plans`. */
export const PlanRequest = Type.Object({
  technology: PlanningTechnology,
  maxSites: Type.Integer({ minimum: 1, maximum: 500 }),
  budget: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 1e9 }))),
  candidateCodes: Type.Optional(Type.Array(Code, { maxItems: 2000 })),
  weights: Type.Optional(DemandWeightsInput),
  method: Type.Optional(PlanMethod),
  scenario: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'plan on top of this scenario' })),
  timeLimitS: Type.Optional(
    Type.Number({
      minimum: 0.1,
      maximum: MAX_PLAN_TIME_LIMIT_S,
      description: `exact method: the solver's wall-clock limit, seconds (default ${DEFAULT_PLAN_TIME_LIMIT_S}); at most the server's PLAN_TIME_LIMIT_MAX_S (default ${DEFAULT_PLAN_TIME_LIMIT_MAX_S}), more is refused with 422. Stopped early, the plan reports its gap and bound; it runs on a worker thread and is abandoned if the client disconnects`,
    }),
  ),
  saveAsScenario: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'save the plan as a scenario of this name' })),
});
export type PlanRequest = Static<typeof PlanRequest>;

/** A site a plan selects, in the order it was picked, with what it adds. */
export const PlannedSite = Type.Object({
  code: Type.String(),
  name: Type.String(),
  order: Type.Integer(),
  gain: Type.Number(),
  cost: Nullable(Type.Number()),
  ...Gain.properties,
});
export type PlannedSite = Static<typeof PlannedSite>;

/** The scenario a plan was saved as (`saveAsScenario`). */
export const SavedScenario = Type.Object({ id: Type.Integer(), name: Type.String() });
export type SavedScenario = Static<typeof SavedScenario>;

/** `POST /plans`: the selected sites and the figures before and after; `savedScenario` null unless it was saved. */
export const PlanResult = Type.Object({
  technology: Type.String(),
  method: Type.Unsafe<PlanMethod>(Type.String()),
  selected: Type.Array(PlannedSite),
  before: CoverageFigures,
  after: CoverageFigures,
  objective: Type.Number(),
  optimal: Type.Boolean(),
  bound: Nullable(Type.Number()),
  gapPct: Nullable(Type.Number()),
  totalCost: Type.Number(),
  solverStatus: Nullable(Type.String()),
  demandPoints: Type.Integer(),
  computedMs: Type.Number(),
  savedScenario: Nullable(SavedScenario),
});
export type PlanResult = Static<typeof PlanResult>;

export const HotspotQuery = Type.Object({
  technology: Type.Optional(Type.Enum(['GSM', 'CDMA', 'all'], { default: 'all' })),
  epsM: Type.Optional(Type.Number({ minimum: 10, maximum: 5000 })),
  minPoints: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  scenario: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  includeResolved: Type.Optional(Type.Boolean()),
});
export type HotspotQuery = Static<typeof HotspotQuery>;

/** A hotspot: a cluster of problem reports, scored, with where most of its reports are and their counts by kind, source, tier, network. */
export const HotspotProperties = Type.Object({
  id: Type.String(),
  centroid: CentroidLonLat,
  reportCount: Type.Integer(),
  score: Type.Number(),
  coverage: Type.String({ description: 'covered | gap: where most of its reports are' }),
  uncoveredShare: Type.Number(),
  byKind: Type.Record(Type.String(), Type.Number()),
  bySource: Type.Record(Type.String(), Type.Number()),
  byTier: Type.Record(Type.String(), Type.Number()),
  byTechnology: Type.Record(Type.String(), Type.Number()),
});
export type HotspotProperties = Static<typeof HotspotProperties>;

/** `GET /hotspots`: each hotspot's outline (the reports' hull, or a point), sent as computed. */
export const HotspotCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  technology: Type.String(),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String(),
      geometry: Type.Unsafe<Static<typeof AnyGeometry>>(Type.Unknown()),
      properties: HotspotProperties,
    }),
  ),
});
export type HotspotCollection = Static<typeof HotspotCollection>;

/** `POST /candidates/generate`. */
export const GenerateRequest = Type.Object({
  technology: PlanningTechnology,
  maxCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 10 })),
  minSpacingM: Type.Optional(Type.Number({ minimum: 0, maximum: 50000, default: 1500 })),
  epsM: Type.Optional(Type.Number({ minimum: 10, maximum: 5000 })),
  minPoints: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  dryRun: Type.Optional(Type.Boolean({ default: false })),
});
export type GenerateRequest = Static<typeof GenerateRequest>;

/** `POST /candidates/generate`: the candidates proposed (written unless a dry run). */
export const GeneratedCandidates = Type.Object({
  technology: Type.String(),
  dryRun: Type.Boolean(),
  hotspotsConsidered: Type.Integer(),
  gapsConsidered: Type.Integer(),
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      lon: Type.Number(),
      lat: Type.Number(),
      technology: Type.String(),
      note: Type.String(),
    }),
  ),
});
export type GeneratedCandidates = Static<typeof GeneratedCandidates>;

export const RemedyQuery = Type.Object({
  technology: Type.Enum(['GSM', 'CDMA']),
  scenario: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  maxTargets: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 40 })),
  optimizationMarginDb: Type.Optional(Type.Number({ minimum: 0, maximum: 30 })),
  maxPowerIncreaseDb: Type.Optional(Type.Number({ minimum: 0, maximum: 20 })),
  maxPowerDbm: Type.Optional(parameterSchema('powerDbm', { description: 'the most power a proposed change may give a cell' })),
  maxUptiltDeg: Type.Optional(Type.Number({ minimum: 0, maximum: 20 })),
  maxAzimuthRotationDeg: Type.Optional(Type.Number({ minimum: 0, maximum: 180 })),
  repeaterMaxAreaKm2: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  repeaterDonorMarginDb: Type.Optional(Type.Number({ minimum: 0, maximum: 60 })),
  repeaterMaxDistanceKm: Type.Optional(Type.Number({ minimum: 0, maximum: 20 })),
  indoorShare: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
});
export type RemedyQuery = Static<typeof RemedyQuery>;

/** The change of a cell's parameters that brings the target above the threshold. */
export const ParameterChange = Type.Object({
  cell: Type.String(),
  changes: Type.Object({
    powerDbm: Type.Optional(Type.Number()),
    tiltDeg: Type.Optional(Type.Number()),
    azimuthDeg: Type.Optional(Type.Number()),
  }),
  levelBeforeDbm: Type.Number(),
  levelAfterDbm: Type.Number(),
});
export type ParameterChange = Static<typeof ParameterChange>;

export const RemedyKind = Type.Enum([...REMEDY_KINDS]);
export type RemedyKind = Static<typeof RemedyKind>;

/** The advice for one uncovered hotspot or gap; `reason` is English, `reasonCode` and the figures let a client word its own. */
export const Remedy = Type.Object({
  target: Type.Object({
    kind: Type.String(),
    id: Type.String(),
    centroid: CentroidLonLat,
    areaKm2: Nullable(Type.Number()),
    population: Nullable(Type.Number()),
    reportCount: Type.Number(),
    indoorShare: Type.Number(),
    covered: Type.Boolean(),
  }),
  remedy: RemedyKind,
  reasonCode: Type.String(),
  reason: Type.String(),
  deficitDb: Nullable(Type.Number()),
  environment: Type.String(),
  bestCell: Nullable(Type.String()),
  parameterChange: Nullable(ParameterChange),
  candidate: Nullable(Type.Object({ code: Type.String(), name: Type.String(), rank: Type.Integer() })),
  insideGap: Nullable(Type.String({ description: "for a hotspot inside a gap: the gap's id, whose advice it carries" })),
});
export type Remedy = Static<typeof Remedy>;

/** `GET /remedies`. */
export const RemedyList = Type.Object({ technology: Type.String(), items: Type.Array(Remedy) });
export type RemedyList = Static<typeof RemedyList>;
