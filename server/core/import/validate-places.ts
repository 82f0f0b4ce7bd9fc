import { PLACE_KINDS } from '../model.ts';
import type { SourceRecord } from '../formats/source-types.ts';
import { readAreaGeometry } from './geometry-reader.ts';
import { KeySet } from './key-set.ts';
import { MAX_CODE_LENGTH, RowReader, type ValidationContext } from './row-reader.ts';
import type { PlaceImport, RowOutcome } from './types.ts';

/** Aliases of one place beyond this are a mistake in the file (a column of addresses, say). */
const MAX_ALIASES = 50;
/** Characters of one name or alias. */
const MAX_NAME_LENGTH = 100;

/**
 * Validator for the gazetteer (`places`): a name, optional aliases ("喇嘛甸镇富强村;富强屯", also
 * separated by 、 , / |), a kind (estate, village, town, building, landmark, business-hall, or their
 * Chinese words; default landmark) and a point or polygon inside the area. Without a code column the
 * name is the code, so names are then unique in the file.
 */
export function createPlacesValidator(ctx: ValidationContext): (record: SourceRecord) => RowOutcome<PlaceImport> {
  const codes = new KeySet();
  return (record) => {
    const r = new RowReader(record, ctx);
    const name = r.requiredText('name', MAX_NAME_LENGTH);
    const code = r.text('code') === '' ? name : r.code('code');
    const nameEn = r.optionalText('name_en');
    const aliases = readAliases(r, name);
    const kind = r.enumValue('kind', 'placeKind', PLACE_KINDS, 'landmark');
    const approximate = r.boolean('approximate', false);
    const shape = readAreaGeometry(r, true, true);
    if (code !== null && code.length > MAX_CODE_LENGTH)
      r.fail(r.column('name'), code, `as the code, longer than ${MAX_CODE_LENGTH} characters`);
    else if (code !== null) {
      const first = codes.add(code, record.line);
      const column = r.text('code') === '' ? r.column('name') : r.column('code');
      if (first !== null) r.fail(column, code, `duplicate place code (first on line ${first})`);
    }
    if (!r.ok) return { status: 'invalid', errors: r.errors };
    const value: PlaceImport = {
      line: record.line,
      code: code!,
      name: name!,
      nameEn,
      aliases: aliases!,
      kind: kind!,
      approximate: approximate!,
      geometry: shape!.geometry,
      bbox: shape!.bbox,
    };
    return shape!.repaired
      ? { status: 'ok', value, warning: `line ${record.line}: polygon repaired: ${shape!.repaired}` }
      : { status: 'ok', value };
  };
}

function readAliases(r: RowReader, name: string | null): string[] | null {
  const text = r.text('aliases');
  const column = r.column('aliases');
  const aliases: string[] = [];
  for (const alias of aliasList(text)) {
    if (alias === '' || alias === name || aliases.includes(alias)) continue;
    if (alias.length > MAX_NAME_LENGTH)
      return r.fail(column, text, `alias "${alias.slice(0, 20)}…" longer than ${MAX_NAME_LENGTH} characters`);
    aliases.push(alias);
  }
  if (aliases.length > MAX_ALIASES) return r.fail(column, text, `more than ${MAX_ALIASES} aliases`);
  return aliases;
}

/** A GeoJSON array property (["a", "b"], read as its JSON text), or a list separated by ; , 、 / |. */
function aliasList(text: string): string[] {
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed.map((a) => String(a).trim());
    } catch {
      // not JSON: a list that starts with a bracket
    }
  }
  return text.split(/[;；,，、/|]+/).map((a) => a.trim());
}
