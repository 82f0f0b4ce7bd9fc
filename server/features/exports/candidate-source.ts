import { TECHNOLOGIES } from '../../core/model.ts';
import { candidatesExtent, countCandidates, findCandidate, pageCandidates } from '../candidates/repository.ts';
import { candidateFeature } from '../candidates/service.ts';
import { idColumn, latColumn, lonColumn, prop, type FeatureColumn } from './csv-columns.ts';
import type { LayerSource } from './layer-source.ts';
import { CANDIDATE_STATUS_COLORS } from './styles.ts';

const azimuthsColumn: FeatureColumn = {
  header: 'azimuthsDeg',
  // "0;120;240" as the candidates import reads it; an omni cell has no azimuth.
  value: (f) =>
    ((f.properties?.cells ?? []) as Array<{ azimuthDeg: number | null }>)
      .flatMap((c) => (c.azimuthDeg === null ? [] : [c.azimuthDeg]))
      .join(';'),
};

/** Candidate sites with their planned cells, read through the candidates repository. */
export const candidatesSource: LayerSource = {
  name: 'candidates',
  geometryType: 'Point',
  title: 'Candidate sites (候选站址)',
  description: 'Candidate base-station sites with their planned cells, cost and approval status.',
  technologies: TECHNOLOGIES,
  temporal: false,
  csvColumns: [
    idColumn,
    prop('code'),
    prop('name'),
    lonColumn,
    latColumn,
    prop('technology'),
    azimuthsColumn,
    { header: 'cellCount', value: (f) => ((f.properties?.cells ?? []) as unknown[]).length },
    prop('cost'),
    prop('status'),
    prop('origin'),
    prop('approximate'),
    prop('note'),
  ],
  kml: { styleBy: { property: 'status', colors: CANDIDATE_STATUS_COLORS } },
  count: ({ db, area }, q) => countCandidates(db, area.id, { bbox: q.bbox, technology: q.technology }),
  page: async ({ db, area }, q, w) =>
    (await pageCandidates(db, area.id, { bbox: q.bbox, technology: q.technology }, w)).map(candidateFeature),
  async get({ db, area }, id) {
    const candidate = await findCandidate(db, area.id, id);
    return candidate ? candidateFeature(candidate) : undefined;
  },
  extent: async ({ db, area }) => ({ bbox: await candidatesExtent(db, area.id), interval: null }),
};
