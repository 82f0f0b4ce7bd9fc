import { categoryTarget, CATEGORY_FIELDS, isCategoryField, ruleKey, type CategoryField } from './category-rules.ts';

/**
 * A user's value mapping, keyed by the file's column header, then by the value as written:
 * { "问题描述": { "听不清": "other", "打不通": "no-signal" } }. Targets are canonical values or any exact
 * spelling of the field's vocabulary ("其他"). Applied before the exact lists and the rules.
 */
export type ValueMappingFile = Record<string, Record<string, string>>;

/** Most entries a mapping may hold (columns × values), and the longest key or value. */
export const MAX_VALUE_MAPPING_ENTRIES = 2000;
export const MAX_VALUE_MAPPING_TEXT = 200;

/** A problem with one entry of a value mapping: `path` names it ("问题描述" / "听不清"). */
export interface ValueMappingProblem {
  path: string;
  message: string;
  value?: string;
}

/**
 * Check the shape of a value mapping (an object of objects of strings, bounded in size); returns the
 * problems, each naming the entry. Whether the columns and targets fit a kind is checked by
 * resolveValueMappings.
 */
export function checkValueMappingShape(value: unknown): ValueMappingProblem[] {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return [{ path: '', message: 'must be a JSON object {"<column>": {"<value>": "<category>"}}' }];
  const problems: ValueMappingProblem[] = [];
  let entries = 0;
  for (const [column, values] of Object.entries(value)) {
    if (column.trim() === '' || column.length > MAX_VALUE_MAPPING_TEXT)
      problems.push({ path: column, message: `a column name of 1..${MAX_VALUE_MAPPING_TEXT} characters` });
    if (!values || typeof values !== 'object' || Array.isArray(values)) {
      problems.push({ path: column, message: 'must be an object {"<value>": "<category>"}' });
      continue;
    }
    for (const [from, to] of Object.entries(values)) {
      entries++;
      if (from.trim() === '' || from.length > MAX_VALUE_MAPPING_TEXT)
        problems.push({ path: `${column} / ${from}`, message: `a value of 1..${MAX_VALUE_MAPPING_TEXT} characters` });
      if (typeof to !== 'string' || to.trim() === '')
        problems.push({ path: `${column} / ${from}`, message: 'the category must be a non-empty string', value: JSON.stringify(to) });
    }
  }
  if (entries > MAX_VALUE_MAPPING_ENTRIES) problems.push({ path: '', message: `more than ${MAX_VALUE_MAPPING_ENTRIES} entries` });
  return problems;
}

/** Value mappings ready to apply: per categorical field, the ruleKey of a written value → canonical value. */
export type ResolvedValueMappings = Partial<Record<CategoryField, Map<string, string>>>;

export interface ResolvedMappingResult {
  resolved: ResolvedValueMappings;
  problems: ValueMappingProblem[];
  /** Columns of the mapping that name no categorical field of this file (kept, not applied). */
  unused: string[];
}

/**
 * Resolve a mapping's column headers to categorical fields with `fieldOf` (the file's header
 * mapping, else the kind's aliases) and its targets to canonical values. A column that is not
 * categorical, or a target that is not a value of its field, is a problem naming both.
 */
export function resolveValueMappings(mapping: ValueMappingFile, fieldOf: (column: string) => string | null): ResolvedMappingResult {
  const resolved: ResolvedValueMappings = {};
  const problems: ValueMappingProblem[] = [];
  const unused: string[] = [];
  for (const [column, values] of Object.entries(mapping)) {
    const field = fieldOf(column);
    if (field === null) {
      unused.push(column);
      continue;
    }
    if (!isCategoryField(field)) {
      problems.push({
        path: column,
        message: `column "${column}" is ${field}, not a categorical column (${Object.keys(CATEGORY_FIELDS).join(', ')})`,
      });
      continue;
    }
    let map = resolved[field];
    if (!map) resolved[field] = map = new Map();
    for (const [from, to] of Object.entries(values)) {
      const target = categoryTarget(field, to);
      if (target === null) {
        problems.push({
          path: `${column} / ${from}`,
          message: `"${to}" is not a ${field} value; expected one of ${CATEGORY_FIELDS[field].values.join(', ')}`,
          value: to,
        });
        continue;
      }
      map.set(ruleKey(from) || from.trim(), target);
    }
  }
  return { resolved, problems, unused };
}

/** `stored` with the entries of `given` put over it (per column, per value). */
export function mergeValueMappings(stored: ValueMappingFile, given: ValueMappingFile): ValueMappingFile {
  const merged: ValueMappingFile = {};
  for (const [column, values] of Object.entries(stored)) merged[column] = { ...values };
  for (const [column, values] of Object.entries(given)) merged[column] = { ...(merged[column] ?? {}), ...values };
  return merged;
}

/** A value of a categorical column that neither a mapping, the exact lists nor the rules knew. */
export interface UnrecognisedValue {
  column: string;
  field: CategoryField;
  value: string;
  /** Rows with it, and the line of the first. */
  count: number;
  firstLine: number;
  /** What those rows got (the column's default). */
  assigned: string;
}

/** Counts unrecognised values per column while rows are validated (at most `max` distinct ones kept). */
export class UnrecognisedTally {
  private readonly counts = new Map<string, UnrecognisedValue>();
  /** Distinct values beyond `max`, counted but not listed. */
  omitted = 0;
  constructor(private readonly max = 1000) {}

  add(line: number, column: string, field: CategoryField, value: string, assigned: string): void {
    const key = `${column}\u0000${value}`;
    const entry = this.counts.get(key);
    if (entry) entry.count++;
    else if (this.counts.size < this.max) this.counts.set(key, { column, field, value, count: 1, firstLine: line, assigned });
    else this.omitted++;
  }

  /** Most frequent first, then by column and value. */
  list(): UnrecognisedValue[] {
    return [...this.counts.values()].sort((a, b) => b.count - a.count || a.firstLine - b.firstLine || a.column.localeCompare(b.column));
  }
}

/** The warning listing one unrecognised value (messages.ts translates it). */
export function unrecognisedWarning(u: UnrecognisedValue): string {
  return (
    `line ${u.firstLine}, column "${u.column}": value "${u.value}" not recognised in ${u.count} row(s); ` +
    `imported as ${u.assigned} (add a value mapping to classify it)`
  );
}
