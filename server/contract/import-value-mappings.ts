import { Type, type Static } from 'typebox';
import { Nullable } from './shared.ts';

/**
 * Value mappings of an import kind, remembered per area: {"<column>": {"<value>": "<category>"}}, e.g.
 * {"问题描述": {"听不清": "other"}}. Applied to categorical columns (kind, network, source, customer
 * tier, status) before the exact lists and the keyword rules; the import option `values` adds to them.
 */
export const ValueMappings = Type.Record(
  Type.String({ minLength: 1, maxLength: 200 }),
  Type.Record(Type.String({ minLength: 1, maxLength: 200 }), Type.String({ minLength: 1, maxLength: 200 })),
  { description: '{"<column header>": {"<value as written>": "<category>"}}' },
);
export type ValueMappings = Static<typeof ValueMappings>;

export const ValueMappingParams = Type.Object({
  areaId: Type.String({ minLength: 1, maxLength: 64, description: 'area id or code' }),
  kind: Type.String({ minLength: 1, maxLength: 32, description: 'import kind, e.g. reports' }),
});

export const ValueMappingsBody = Type.Object({ mappings: ValueMappings });
export type ValueMappingsBody = Static<typeof ValueMappingsBody>;

export const ValueMappingsAnswer = Type.Object(
  {
    kind: Type.String(),
    mappings: ValueMappings,
    updatedAt: Nullable(Type.String({ format: 'date-time' })),
    updatedBy: Nullable(Type.String()),
  },
  { title: 'ValueMappings' },
);
export type ValueMappingsAnswer = Static<typeof ValueMappingsAnswer>;
