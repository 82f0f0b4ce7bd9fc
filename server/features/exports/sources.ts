import type { CoverageService } from '../coverage/service.ts';
import type { PlanningService } from '../planning/service.ts';
import { gapsSource, hotspotsSource } from './computed-sources.ts';
import type { LayerSource } from './layer-source.ts';
import { candidatesSource } from './candidate-source.ts';
import { cellsSource, sitesSource } from './site-sources.ts';
import {
  clutterSource,
  measurementsSource,
  placeAreasSource,
  placesSource,
  reportsSource,
  settlementsSource,
  surveyResponsesSource,
} from './table-sources.ts';

/** The layers stored in the database. */
export const STORED_SOURCES: readonly LayerSource[] = [
  cellsSource,
  sitesSource,
  reportsSource,
  candidatesSource,
  measurementsSource,
  surveyResponsesSource,
  clutterSource,
  settlementsSource,
  placesSource,
  placeAreasSource,
];

export interface LayerServices {
  coverage?: CoverageService;
  planning?: PlanningService;
}

/** The layers of an area offered for export and as OGC API collections, in listing order. */
export interface LayerRegistry {
  sources: readonly LayerSource[];
  find(name: string): LayerSource | undefined;
}

/**
 * Stored layers, then the computed ones whose service the app has (coverage gaps per network, report
 * hotspots). A new layer is one more entry here.
 */
export function layerRegistry(services: LayerServices = {}): LayerRegistry {
  const sources: LayerSource[] = [...STORED_SOURCES];
  if (services.coverage) sources.push(gapsSource(services.coverage, 'GSM'), gapsSource(services.coverage, 'CDMA'));
  if (services.planning) sources.push(hotspotsSource(services.planning));
  return { sources, find: (name) => sources.find((s) => s.name === name) };
}
