import { Type, type Static } from 'typebox';

/**
 * The DEM of an area (`kind=dem` imports): one per area, replaced by the next import; the coverage
 * engine reads the ground height from it (bilinear at each pixel centre).
 */

export const DemFileSummary = Type.Object({
  name: Type.String(),
  format: Type.Enum(['geotiff', 'hgt', 'ascii-grid']),
  epsg: Type.Integer(),
  width: Type.Integer(),
  height: Type.Integer(),
});

/** What a DEM import read and stored (or, in a dry run, would store). */
export const DemImportReport = Type.Object(
  {
    kind: Type.Literal('dem'),
    areaId: Type.Integer(),
    files: Type.Array(DemFileSummary, { description: 'the files read, in the order given (the first with data wins where they overlap)' }),
    epsg: Type.Integer({ description: '4326 or the WGS84/UTM code of the files; the model is kept in it' }),
    width: Type.Integer({ description: 'cells of the stored model (clipped to the area with a margin)' }),
    height: Type.Integer(),
    cellSizeX: Type.Number({ description: 'CRS units (degrees or metres)' }),
    cellSizeY: Type.Number(),
    cellSizeM: Type.Number({ description: 'north–south size of a cell on the ground, metres' }),
    minHeightM: Type.Number(),
    maxHeightM: Type.Number(),
    voidsFilled: Type.Integer({ description: 'no-data cells inside the files filled from their neighbours' }),
    coveredPercent: Type.Number({ description: 'of the area inside its boundary (an import that covers less is refused)' }),
    storedBytes: Type.Integer({ description: 'the deflated heights stored' }),
    replaced: Type.Boolean({ description: 'true when the area had a DEM that this one replaces' }),
    dryRun: Type.Boolean(),
    committed: Type.Boolean({ description: 'true when the model was stored' }),
  },
  { title: 'DemImportReport' },
);
export type DemImportReport = Static<typeof DemImportReport>;

/** The area's stored DEM, without its heights. */
export const AreaElevation = Type.Object(
  {
    epsg: Type.Integer(),
    width: Type.Integer(),
    height: Type.Integer(),
    cellSizeX: Type.Number(),
    cellSizeY: Type.Number(),
    minHeightM: Type.Number(),
    maxHeightM: Type.Number(),
    voidsFilled: Type.Integer(),
    sources: Type.Array(Type.Object({ name: Type.String(), format: Type.String() })),
    username: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { title: 'AreaElevation' },
);

/** What a terrain tile draws: shaded relief or a colour per height. */
export const TerrainTileQuery = Type.Object({
  mode: Type.Optional(Type.Enum(['hillshade', 'elevation'], { description: 'default hillshade' })),
});
