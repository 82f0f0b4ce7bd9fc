import { Type, type Static } from 'typebox';
import { TECHNOLOGIES } from '../core/model.ts';
import { CentroidLonLat, ComputedAreaGeometry } from './shared.ts';

/** Coverage of an area: `/api/v1/areas/:areaId/coverage` (figures, gaps, point, tiles, grid.tif). */

/** A network, or `any` (covered when a network reaches its own threshold). */
export const CoverageTechnologyParam = Type.Enum([...TECHNOLOGIES, 'any'], { default: 'any' });
export type CoverageTechnologyParam = Static<typeof CoverageTechnologyParam>;

/** Common query of every coverage route: network, scenario, extra candidates. */
export const CoverageQuery = Type.Object({
  technology: Type.Optional(CoverageTechnologyParam),
  scenario: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'scenario id or name' })),
  candidates: Type.Optional(Type.String({ maxLength: 10000, description: 'comma-separated candidate codes added on top' })),
  indoor: Type.Optional(Type.Boolean({ default: false, description: 'judge against threshold + indoor penetration loss' })),
});
export type CoverageQuery = Static<typeof CoverageQuery>;

/** A cell left out of a run because a parameter breaks its range (core/coverage/usable-cells.ts). */
export const CellWarning = Type.Object(
  {
    code: Type.Literal('cell_skipped'),
    cell: Type.String({ description: 'the cell left out: SITE/CELL, or candidate:CODE/CELL' }),
    technology: Type.String(),
    field: Type.String({ description: 'the parameter out of range, e.g. heightM' }),
    value: Type.Union([Type.Number(), Type.Null()], { description: 'as stored; null when not a finite number' }),
    problem: Type.String({ description: 'e.g. "below the minimum 1 m"' }),
    reason: Type.String({ description: 'why the range is what it is' }),
    message: Type.String(),
  },
  { title: 'CellWarning' },
);
export type CellWarning = Static<typeof CellWarning>;

/** Coverage figures of one network for the existing network or a scenario; areas in km2, percentages 0-100. */
export const CoverageFigures = Type.Object({
  technology: Type.String(),
  indoor: Type.Boolean(),
  scenario: Type.Union([Type.String(), Type.Null()]),
  resolutionM: Type.Number(),
  thresholdDbm: Type.Union([Type.Number(), Type.Null()], { description: 'null for "any" (each network its own)' }),
  areaKm2: Type.Number(),
  coveredKm2: Type.Number(),
  coveragePct: Type.Number(),
  population: Type.Number(),
  coveredPopulation: Type.Number(),
  populationPct: Type.Number(),
  reportsTotal: Type.Number(),
  reportsUncovered: Type.Number(),
  gapCount: Type.Integer(),
  cellCount: Type.Integer(),
  computedMs: Type.Number({ description: 'raster computation time, 0 when served from the cache' }),
  cached: Type.Boolean(),
  warnings: Type.Array(CellWarning, {
    description: 'cells of this network left out of the computation (a parameter out of range); the figures are those without them',
  }),
});
export type CoverageFigures = Static<typeof CoverageFigures>;

/**
 * GET /coverage/what-if: the figures with one more candidate on top of a scenario and its extra
 * candidates, computed by difference from that scenario's raster (the planner's preview).
 */
export const WhatIfQuery = Type.Object({
  technology: Type.Optional(CoverageTechnologyParam),
  scenario: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'scenario id or name' })),
  candidates: Type.Optional(Type.String({ maxLength: 10000, description: 'comma-separated candidate codes already added (the base)' })),
  add: Type.String({ minLength: 1, maxLength: 64, description: 'code of the candidate added on top of the base' }),
  indoor: Type.Optional(Type.Boolean({ default: false, description: 'judge against threshold + indoor penetration loss' })),
});
export type WhatIfQuery = Static<typeof WhatIfQuery>;

/** Outdoor (or indoor) figures of one side of a what-if; areas in km2, percentages 0-100, reports counted as in /coverage. */
export const WhatIfFigures = Type.Object({
  areaKm2: Type.Number(),
  coveredKm2: Type.Number(),
  coveragePct: Type.Number(),
  population: Type.Number(),
  coveredPopulation: Type.Number(),
  populationPct: Type.Number(),
  reportsTotal: Type.Number(),
  reportsUncovered: Type.Number(),
});
export type WhatIfFigures = Static<typeof WhatIfFigures>;

/**
 * The pixels the candidate newly covers as one PNG in the area grid's pixels (north-up UTM, one image
 * pixel per grid pixel over their bounding box), in the level tiles' colours but opaque, transparent elsewhere;
 * `corners` are the box's north-west, north-east, south-east and south-west corners, WGS84 [lon, lat].
 */
export const AddedCoverage = Type.Object({
  png: Type.String({ contentEncoding: 'base64', contentMediaType: 'image/png' }),
  widthPx: Type.Integer({ minimum: 1 }),
  heightPx: Type.Integer({ minimum: 1 }),
  corners: Type.Array(CentroidLonLat, { minItems: 4, maxItems: 4 }),
});
export type AddedCoverage = Static<typeof AddedCoverage>;

/** The base's figures, the figures with the candidate (equal to /coverage with it added) and what it adds. */
export const WhatIfAnswer = Type.Object({
  technology: Type.String(),
  indoor: Type.Boolean(),
  scenario: Type.Union([Type.String(), Type.Null()]),
  candidates: Type.Array(Type.String(), { description: "the base's extra candidates" }),
  add: Type.String(),
  before: WhatIfFigures,
  after: WhatIfFigures,
  newlyCoveredKm2: Type.Number(),
  newlyCoveredPopulation: Type.Number(),
  newlyCoveredReports: Type.Number(),
  baseCached: Type.Boolean({ description: "whether the base's raster was served from the cache" }),
  computedMs: Type.Number({ description: 'time of the difference, without the base raster' }),
  addedCoverage: Type.Union([AddedCoverage, Type.Null()], {
    description: 'what the candidate newly covers, as an image for the map; null when nothing, or too large an extent',
  }),
  warnings: Type.Array(CellWarning, { description: 'cells of the added candidate left out (a parameter out of range)' }),
});
export type WhatIfAnswer = Static<typeof WhatIfAnswer>;

/** A gap: a contiguous uncovered region; area in km2, `centroid` [lon, lat]. */
export const GapProperties = Type.Object({
  id: Type.String(),
  areaKm2: Type.Number(),
  population: Type.Number(),
  reportCount: Type.Number(),
  centroid: CentroidLonLat,
});
export type GapProperties = Static<typeof GapProperties>;

/** `GET /coverage/gaps`: the gap polygons of a network, largest first. */
export const GapFeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  technology: Type.String(),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String(),
      geometry: ComputedAreaGeometry,
      properties: GapProperties,
    }),
  ),
});
export type GapFeatureCollection = Static<typeof GapFeatureCollection>;

/** `GET /coverage/point`: where, on what network and scenario. */
export const PointQuery = Type.Object({
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  technology: Type.Optional(CoverageTechnologyParam),
  scenario: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  candidates: Type.Optional(Type.String({ maxLength: 10000 })),
  indoor: Type.Optional(Type.Boolean({ default: false })),
});
export type PointQuery = Static<typeof PointQuery>;

/** One point of a server's terrain profile, metres (heights above sea level). */
export const TerrainProfilePoint = Type.Object({
  distanceM: Type.Number({ description: 'from the site along the radial' }),
  groundM: Type.Number(),
  lineOfSightM: Type.Number({ description: 'the straight line from the antenna to the receiver' }),
  bulgeM: Type.Number({ description: 'earth bulge at k = 4/3: the ray sees the ground at groundM + bulgeM' }),
  firstFresnelRadiusM: Type.Number(),
});

/** A diffraction edge of Deygout's construction (principal, then one on each side). */
export const TerrainEdge = Type.Object({
  role: Type.Union([Type.Literal('principal'), Type.Literal('transmitter-side'), Type.Literal('receiver-side')]),
  distanceM: Type.Number(),
  v: Type.Number({ description: 'Fresnel-Kirchhoff parameter (ITU-R P.526)' }),
  lossDb: Type.Number({ description: 'J(v), ITU-R P.526 eq. 31' }),
});

/** With a DEM: the terrain between a server's antenna and the point, and the terms the engine adds. */
export const PointTerrain = Type.Object({
  effectiveHeightM: Type.Number({ description: "effective base-station height in Hata's formula (Okumura, ITU-R P.529)" }),
  effectiveHeightClamped: Type.Boolean({ description: 'clamped to Hata 30-200 m (widened to the mast height)' }),
  siteGroundM: Type.Number(),
  diffractionLossDb: Type.Number({ description: 'Deygout loss over the profile beyond the same over flat ground, added to the path loss' }),
  radialBearingDeg: Type.Number(),
  sampleDistanceM: Type.Number({ description: "the engine's table sample the point takes its terms from" }),
  profile: Type.Array(TerrainProfilePoint),
  edges: Type.Array(TerrainEdge),
});
export type PointTerrain = Static<typeof PointTerrain>;

/** One server's exact link budget at the point; `cell` is SITE/CELL. */
export const PointServer = Type.Object({
  cell: Type.String(),
  technology: Type.String(),
  levelDbm: Type.Number(),
  pathLossDb: Type.Number(),
  antennaAttenuationDb: Type.Number(),
  distanceKm: Type.Number(),
  extrapolated: Type.Boolean(),
  terrain: Type.Optional(PointTerrain),
});
export type PointServer = Static<typeof PointServer>;

/** The exact link budget at one point: the best server (which decides "covered") and the strongest signal. */
export const PointResult = Type.Object({
  lon: Type.Number(),
  lat: Type.Number(),
  technology: Type.String(),
  environment: Type.String(),
  levelDbm: Type.Union([Type.Number(), Type.Null()], {
    description: "level of the best server: the largest margin over its own network's threshold, dBm",
  }),
  bestCell: Type.Union([Type.String(), Type.Null()]),
  bestTechnology: Type.Union([Type.String(), Type.Null()], { description: 'network of the best server' }),
  bestMarginDb: Type.Union([Type.Number(), Type.Null()], { description: "best server's level minus its network's outdoor threshold, dB" }),
  strongestCell: Type.Union([Type.String(), Type.Null()], {
    description: 'the strongest signal, whatever its network (may differ from the best server for technology=any)',
  }),
  strongestTechnology: Type.Union([Type.String(), Type.Null()]),
  strongestLevelDbm: Type.Union([Type.Number(), Type.Null()]),
  covered: Type.Boolean(),
  thresholdDbm: Type.Union([Type.Number(), Type.Null()]),
  servers: Type.Array(PointServer),
});
export type PointResult = Static<typeof PointResult>;

/** `GET /coverage/tiles/{z}/{x}/{y}.png`: the tile's Web-Mercator address. */
export const TileParams = Type.Object({
  areaId: Type.String({ minLength: 1, maxLength: 64 }),
  z: Type.Integer({ minimum: 0, maximum: 22 }),
  x: Type.Integer({ minimum: 0 }),
  y: Type.Integer({ minimum: 0 }),
});
export type TileParams = Static<typeof TileParams>;

/** What a tile draws: the best level, the best server, or the number of servers within the overlap margin. */
export const TileMode = Type.Enum(['level', 'best-server', 'overlap'], { default: 'level' });
export type TileMode = Static<typeof TileMode>;

export const TileQuery = Type.Object({
  technology: Type.Optional(CoverageTechnologyParam),
  mode: Type.Optional(TileMode),
  scenario: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  candidates: Type.Optional(Type.String({ maxLength: 10000 })),
});
export type TileQuery = Static<typeof TileQuery>;

/** A tile's PNG image (transparent where no signal). */
export const TilePng = Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary', description: 'image/png' });
/** The GeoTIFF of the best received level (Float32 dBm, UTM, nodata -9999). */
export const LevelGeoTiff = Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary', description: 'image/tiff' });
