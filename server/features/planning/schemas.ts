import { Type, type Static } from 'typebox';
import { Code, Nullable, Technology } from '../shared/schemas.ts';
import { CoverageFigures } from '../coverage/schemas.ts';
import { parameterSchema } from '../../contract/parameters.ts';

export const PlanningTechnology = Type.Enum(['GSM', 'CDMA', 'UMTS', 'LTE', 'NR']);

export const DemandWeightsInput = Type.Object({
  population: Type.Optional(Type.Number({ minimum: 0, maximum: 1e6, description: 'per resident newly covered' })),
  reports: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9, description: 'per tier-weighted problem report newly covered' })),
  areaKm2: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9, description: 'per km2 newly covered' })),
});

export const RankingQuery = Type.Object({
  technology: PlanningTechnology,
  scenario: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  populationWeight: Type.Optional(Type.Number({ minimum: 0, maximum: 1e6 })),
  reportsWeight: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9 })),
  areaWeight: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9 })),
});

export const Gain = Type.Object({
  newlyCoveredKm2: Type.Number(),
  newlyCoveredPopulation: Type.Number(),
  newlyCoveredReports: Type.Number({ description: 'tier-weighted (high 3, mid 2, regular 1 by default)' }),
  coveragePctGain: Type.Number({ description: 'percentage points of the area' }),
  score: Type.Number({ description: 'weighted objective value' }),
});

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
});

export const Ranking = Type.Object({
  technology: Type.String(),
  scenario: Nullable(Type.String()),
  weights: Type.Object({ population: Type.Number(), reports: Type.Number(), areaKm2: Type.Number() }),
  baseCoveragePct: Type.Number(),
  items: Type.Array(RankedCandidate),
  computedMs: Type.Number(),
});

/** The exact solver's wall-clock limit when a plan does not give one, seconds. */
export const DEFAULT_PLAN_TIME_LIMIT_S = 10;
/** The largest limit PLAN_TIME_LIMIT_MAX_S may allow, seconds (the schema's maximum). */
export const MAX_PLAN_TIME_LIMIT_S = 120;
/** PLAN_TIME_LIMIT_MAX_S when not set, seconds. */
export const DEFAULT_PLAN_TIME_LIMIT_MAX_S = 30;

export const PlanRequest = Type.Object({
  technology: PlanningTechnology,
  maxSites: Type.Integer({ minimum: 1, maximum: 500 }),
  budget: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 1e9 }))),
  candidateCodes: Type.Optional(Type.Array(Code, { maxItems: 2000 })),
  weights: Type.Optional(DemandWeightsInput),
  method: Type.Optional(Type.Enum(['greedy', 'exact'], { default: 'greedy' })),
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

export const PlanResult = Type.Object({
  technology: Type.String(),
  method: Type.String(),
  selected: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      order: Type.Integer(),
      gain: Type.Number(),
      cost: Nullable(Type.Number()),
      ...Gain.properties,
    }),
  ),
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
  savedScenario: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
});

export const HotspotQuery = Type.Object({
  technology: Type.Optional(Type.Enum(['GSM', 'CDMA', 'all'], { default: 'all' })),
  epsM: Type.Optional(Type.Number({ minimum: 10, maximum: 5000 })),
  minPoints: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  scenario: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  includeResolved: Type.Optional(Type.Boolean()),
});

export const GenerateRequest = Type.Object({
  technology: PlanningTechnology,
  maxCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 10 })),
  minSpacingM: Type.Optional(Type.Number({ minimum: 0, maximum: 50000, default: 1500 })),
  epsM: Type.Optional(Type.Number({ minimum: 10, maximum: 5000 })),
  minPoints: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  dryRun: Type.Optional(Type.Boolean({ default: false })),
});

export { Technology };

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

const ParameterChange = Type.Object({
  cell: Type.String(),
  changes: Type.Object({
    powerDbm: Type.Optional(Type.Number()),
    tiltDeg: Type.Optional(Type.Number()),
    azimuthDeg: Type.Optional(Type.Number()),
  }),
  levelBeforeDbm: Type.Number(),
  levelAfterDbm: Type.Number(),
});

export const RemedyList = Type.Object({
  technology: Type.String(),
  items: Type.Array(
    Type.Object({
      target: Type.Object({
        kind: Type.String(),
        id: Type.String(),
        centroid: Type.Array(Type.Number()),
        areaKm2: Nullable(Type.Number()),
        population: Nullable(Type.Number()),
        reportCount: Type.Number(),
        indoorShare: Type.Number(),
        covered: Type.Boolean(),
      }),
      remedy: Type.Enum(['parameter-optimization', 'repeater', 'new-site', 'indoor-solution', 'investigate']),
      reasonCode: Type.String(),
      reason: Type.String(),
      deficitDb: Nullable(Type.Number()),
      environment: Type.String(),
      bestCell: Nullable(Type.String()),
      parameterChange: Nullable(ParameterChange),
      candidate: Nullable(Type.Object({ code: Type.String(), name: Type.String(), rank: Type.Integer() })),
    }),
  ),
});
