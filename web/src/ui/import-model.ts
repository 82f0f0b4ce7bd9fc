import type { ImportDetection, ImportJob, RowError } from '../../../server/contract/imports.ts';
import type { ImportFields } from '../api/client.ts';
import { toCsv } from '../lib/csv.ts';

/** What the user changed on the import screen; everything else is what the server detected. */
export interface ImportChoices {
  kind?: string;
  format?: string;
  encoding?: string;
  crs?: string;
  sheet?: string;
  /** Row number of the header, when the detected one is wrong. */
  headerRow?: string;
  /** Column → canonical field (null: ignore the column), only the columns the user set. */
  mapping: Record<string, string | null>;
  /** Column → { original value → category }: the `values` option of the import. */
  values: Record<string, Record<string, string>>;
  /** Write the good rows even when some are bad. */
  partial: boolean;
}

export const emptyChoices = (): ImportChoices => ({ mapping: {}, values: {}, partial: false });

/**
 * The form fields of a detection or an import from the user's choices: only what was chosen is sent
 * (the server detects the rest), the kind once detected so an import does not guess again.
 */
export function importFields(choices: ImportChoices, detected: ImportDetection | null, run?: { dryRun: boolean }): ImportFields {
  const fields: ImportFields = {
    kind: choices.kind ?? (run ? detected?.kind : undefined),
    format: choices.format,
    encoding: choices.encoding,
    crs: choices.crs ?? (run ? detected?.crs : undefined),
    sheet: choices.sheet,
    headerRow: choices.headerRow,
  };
  if (Object.keys(choices.mapping).length) fields.mapping = JSON.stringify(choices.mapping);
  const values = Object.fromEntries(Object.entries(choices.values).filter(([, m]) => Object.keys(m).length > 0));
  if (Object.keys(values).length) fields.values = JSON.stringify(values);
  if (run) {
    fields.dryRun = String(run.dryRun);
    // A dry run counts what the good rows would write, whatever the import will then be asked to do.
    fields.partial = String(run.dryRun || choices.partial);
  }
  return fields;
}

/** A choice changed: a new kind forgets the column mapping (its fields are another kind's). */
export function choose(
  choices: ImportChoices,
  key: 'kind' | 'format' | 'encoding' | 'crs' | 'sheet' | 'headerRow',
  value: string,
): ImportChoices {
  const next = { ...choices, [key]: value === '' ? undefined : value };
  if (key === 'kind' && value !== choices.kind) next.mapping = {};
  return next;
}

/** The row errors as a CSV for a spreadsheet (line, column, value, reason). */
export function rowErrorsCsv(errors: readonly RowError[], header: [string, string, string, string]): string {
  return toCsv([header, ...errors.map((e) => [e.line, e.column, e.value, e.reason])]);
}

/** A job's progress from 0 to 1 (bytes of the file read), 1 once it ended. */
export function jobProgress(job: Pick<ImportJob, 'state' | 'bytesRead' | 'bytesTotal'>): number {
  if (job.state !== 'running') return 1;
  return job.bytesTotal > 0 ? Math.min(1, job.bytesRead / job.bytesTotal) : 0;
}

/** The preview rows that have a position, as GeoJSON points (line and whether the row has errors). */
export function previewPoints(detection: ImportDetection): GeoJSON.FeatureCollection<GeoJSON.Point, { line: number; bad: boolean }> {
  return {
    type: 'FeatureCollection',
    features: detection.preview.flatMap((row) =>
      row.position
        ? [
            {
              type: 'Feature' as const,
              geometry: { type: 'Point' as const, coordinates: row.position },
              properties: { line: row.line, bad: row.errors.length > 0 },
            },
          ]
        : [],
    ),
  };
}

/** The message key group naming the values of a categorical field (the labels the map uses). */
export const VALUE_GROUPS: Record<string, string> = {
  kind: 'kind',
  source: 'source',
  customer_tier: 'tier',
  status: 'reportStatus',
  technology: 'tech',
};
