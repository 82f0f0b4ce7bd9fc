import type { Kysely } from 'kysely';
import type { ValueMappingsAnswer } from '../../contract/import-value-mappings.ts';
import { mapHeaders } from '../../core/formats/headers.ts';
import { IMPORT_KINDS, isImportKind, type ImportKind } from '../../core/formats/kinds.ts';
import { CATEGORY_FIELDS, categoryTarget, type CategoryField } from '../../core/import/category-rules.ts';
import {
  checkValueMappingShape,
  resolveValueMappings,
  type ValueMappingFile,
  type ValueMappingProblem,
} from '../../core/import/value-mappings.ts';
import type { Database } from '../../db/types.ts';
import { BadRequestError } from '../../errors.ts';
import { findValueMappings, saveValueMappings } from './repository.ts';

function requireKind(kind: string): ImportKind {
  if (!isImportKind(kind))
    throw new BadRequestError(`/params/kind: unknown import kind "${kind}"; expected one of ${IMPORT_KINDS.join(', ')}`, [
      { field: '/params/kind', message: 'unknown', value: kind },
    ]);
  return kind;
}

/** The value mappings remembered for an area and import kind (empty when none). */
export async function readValueMappings(db: Kysely<Database>, areaId: number, kind: string): Promise<ValueMappingsAnswer> {
  const k = requireKind(kind);
  const row = await findValueMappings(db, areaId, k);
  return {
    kind: k,
    mappings: row?.mappings ?? {},
    updatedAt: row ? row.updatedAt.toISOString() : null,
    updatedBy: row?.updatedBy ?? null,
  };
}

/**
 * Replace the value mappings of an area and import kind. A column the kind's header aliases know
 * must be categorical and each of its targets a value of that field; a column they do not know (a
 * file's own header, mapped with a column mapping) needs targets that are values of some
 * categorical field. Throws BadRequestError naming every bad entry.
 */
export async function replaceValueMappings(
  db: Kysely<Database>,
  areaId: number,
  kind: string,
  mappings: ValueMappingFile,
  username: string,
): Promise<ValueMappingsAnswer> {
  const k = requireKind(kind);
  const problems: ValueMappingProblem[] = checkValueMappingShape(mappings);
  if (!problems.length) {
    const resolved = resolveValueMappings(mappings, (column) => mapHeaders([column], k).columns[0]?.field ?? null);
    problems.push(...resolved.problems);
    for (const column of resolved.unused) {
      for (const [from, to] of Object.entries(mappings[column])) {
        const fields = Object.keys(CATEGORY_FIELDS) as CategoryField[];
        if (!fields.some((f) => categoryTarget(f, to) !== null))
          problems.push({ path: `${column} / ${from}`, message: `"${to}" is not a value of any categorical column`, value: to });
      }
    }
  }
  if (problems.length)
    throw new BadRequestError(
      `/body/mappings: ${problems.map((p) => (p.path ? `"${p.path}": ${p.message}` : p.message)).join('; ')}`,
      problems.map((p) => ({ field: `/body/mappings${p.path ? `/${p.path}` : ''}`, message: p.message, value: p.value })),
    );
  await saveValueMappings(db, areaId, k, mappings, username);
  return readValueMappings(db, areaId, k);
}
