export * from './bbox-intersects.ts';
export * from './csv.ts';
export * from './feature-writer.ts';
export * from './kml.ts';
export * from './number-text.ts';
export * from './sector-polygon.ts';
export * from './wkt.ts';
export * from './xml-text.ts';
