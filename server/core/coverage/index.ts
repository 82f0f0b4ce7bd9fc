export { type AddedCoverageImage, addedCoverageImage, MAX_ADDED_IMAGE_SIDE_PX } from './added-coverage-image.ts';
export { ANY_NETWORK_TECHNOLOGIES, type CoverageTechnology, type PreparedCells, prepareCells } from './cell-table.ts';
export {
  type CoverageFigures,
  type CoverageReport,
  coverageFigures,
  type FiguresOptions,
  pixelCovered,
} from './coverage-figures.ts';
export { computeCoverageRaster, type CoverageRaster, createCoverageRaster, mergeTile } from './coverage-raster.ts';
export { type GapFeature, type GapOptions, type GapProperties, gapPolygons } from './gap-polygons.ts';
export { environmentAt, type PointQueryOptions, type PointQueryResult, type PointServer, pointQuery } from './point-query.ts';
export { type CoverageInputs, DEFAULT_CUTOFF_MARGIN_DB, type PrepareAreaOptions, type PreparedArea, prepareArea } from './prepared-area.ts';
export { type RenderMode, renderXyzTile } from './render-xyz-tile.ts';
export { computeTile, KernelScratch } from './tile-kernel.ts';
export { NO_SIGNAL_DBM, type TileResult, tileResultViews } from './tile-result.ts';
export { addCellsIncremental, warmWhatIf, addCellsIncremental as whatIf, type WhatIfResult } from './what-if.ts';
export { GEOTIFF_NODATA, writeGeoTiff } from './write-geotiff.ts';
