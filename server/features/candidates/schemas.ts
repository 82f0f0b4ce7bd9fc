import { Type } from 'typebox';
import { CANDIDATE_ORIGINS, CANDIDATE_STATUSES } from '../../core/model.ts';
import { Code, Latitude, Longitude, Name, OptionalText, Technology, Nullable } from '../shared/schemas.ts';
import { CellInput, CellRadioFields } from '../../contract/sites.ts';

export const CandidateStatus = Type.Enum([...CANDIDATE_STATUSES]);
export const CandidateOrigin = Type.Enum([...CANDIDATE_ORIGINS]);

export const CandidateCell = Type.Object({ code: Type.String(), ...CellRadioFields });

export const CandidateProperties = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  technology: Type.String(),
  cells: Type.Array(CandidateCell),
  cost: Nullable(Type.Number()),
  status: Type.String(),
  origin: Type.String(),
  approximate: Type.Boolean(),
  note: Nullable(Type.String()),
});

export const CandidateCreate = Type.Object({
  code: Code,
  name: Name,
  lon: Longitude,
  lat: Latitude,
  technology: Technology,
  cells: Type.Optional(Type.Array(CellInput, { minItems: 1, maxItems: 12, description: 'default: 3 standard sectors' })),
  cost: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 1e7 }))),
  status: Type.Optional(CandidateStatus),
  origin: Type.Optional(CandidateOrigin),
  approximate: Type.Optional(Type.Boolean()),
  note: OptionalText,
});

export const CandidateUpdate = Type.Partial(CandidateCreate);

export const CandidateFilters = {
  technology: { schema: Technology, column: 'technology' },
  status: { schema: CandidateStatus, column: 'status' },
  origin: { schema: CandidateOrigin, column: 'origin' },
};
